#include "indexer/passage_splitter.h"

#include <gtest/gtest.h>

#include <string>

#include "common/text.h"

namespace dossier {
namespace {

std::string sentence(int words, const std::string& word = "word") {
    std::string s = "Start";
    for (int i = 1; i < words; ++i)
        s += " " + word;
    return s + ".";
}

std::string paragraph(int sentences, int words_each) {
    std::string p;
    for (int i = 0; i < sentences; ++i)
        p += (i ? " " : "") + sentence(words_each);
    return p;
}

void expect_exact_ranges(const std::string& source, const std::vector<Passage>& passages) {
    for (const Passage& p : passages) {
        EXPECT_EQ(source.substr(p.byte_begin, p.byte_end - p.byte_begin), p.text);
    }
}

TEST(PassageSplitter, KeepsAMediumParagraphWhole) {
    const std::string text = paragraph(4, 20);
    const auto passages = split_into_passages(text, paragraph_blocks(text));
    ASSERT_EQ(passages.size(), 1u);
    EXPECT_EQ(passages[0].text, text);
    EXPECT_EQ(passages[0].line_first, 1);
}

TEST(PassageSplitter, CutsALongParagraphAtSentenceEnds) {
    const std::string text = paragraph(12, 25);  // 300 words
    const auto passages = split_into_passages(text, paragraph_blocks(text));
    ASSERT_GE(passages.size(), 2u);
    for (const Passage& p : passages) {
        EXPECT_LE(text::count_words(p.text), PassageBounds{}.max_words);
        EXPECT_EQ(p.text.back(), '.');
        EXPECT_EQ(p.text.substr(0, 5), "Start");
    }
    expect_exact_ranges(text, passages);
}

TEST(PassageSplitter, KeepsTheMaximumOnSentencesThatOpenInLowerCase) {
    // A lower-cased abstract: no sentence opens with a capital.
    std::string text;
    for (int i = 0; i < 30; ++i)
        text += (i ? " " : "") +
                std::string("the retrieval of documents by their words is studied here at length.");
    const auto passages = split_into_passages(text, paragraph_blocks(text));
    ASSERT_GE(passages.size(), 3u);
    for (const Passage& p : passages) {
        EXPECT_LE(text::count_words(p.text), PassageBounds{}.max_words) << p.text;
        EXPECT_GE(text::count_words(p.text), PassageBounds{}.min_words) << p.text;
        EXPECT_EQ(p.text.back(), '.') << "cut at a sentence end: " << p.text;
    }
    expect_exact_ranges(text, passages);
}

TEST(PassageSplitter, CutsTextWithoutAnySentenceEndAtWordBoundaries) {
    std::string text = "begin";
    for (int i = 0; i < 500; ++i)
        text += " word" + std::to_string(i);
    const auto passages = split_into_passages(text, paragraph_blocks(text));
    ASSERT_GE(passages.size(), 4u);
    std::size_t words = 0;
    for (const Passage& p : passages) {
        EXPECT_LE(text::count_words(p.text), PassageBounds{}.max_words);
        words += text::count_words(p.text);
    }
    EXPECT_EQ(words, text::count_words(text));  // nothing lost or doubled
    expect_exact_ranges(text, passages);
}

TEST(PassageSplitter, MergesAHeadingWithTheParagraphAfterIt) {
    const std::string text = "A Growing Concern\n\n" + paragraph(3, 20) + "\n\n" + paragraph(3, 20);
    const auto passages = split_into_passages(text, paragraph_blocks(text));
    ASSERT_EQ(passages.size(), 2u);
    EXPECT_EQ(passages[0].text.substr(0, 17), "A Growing Concern");
    EXPECT_EQ(passages[0].line_first, 1);
    EXPECT_EQ(passages[0].line_last, 3);
    expect_exact_ranges(text, passages);
}

TEST(PassageSplitter, NeverMergesAcrossDroppedText) {
    // Two short kept lines with a dropped line between them stay apart.
    const std::string text = "Short kept line one.\nRead more: elsewhere\nShort kept line two.";
    const std::vector<TextBlock> blocks = {{0, 20, 1, 1}, {42, 62, 3, 3}};
    ASSERT_EQ(text.substr(42, 20), "Short kept line two.");
    const auto passages = split_into_passages(text, blocks);
    ASSERT_EQ(passages.size(), 2u);
    EXPECT_EQ(passages[1].text, "Short kept line two.");
    EXPECT_EQ(passages[1].line_first, 3);
}

TEST(PassageSplitter, NumbersPassagesInOrder) {
    const std::string text =
        paragraph(3, 20) + "\n\n" + paragraph(3, 20) + "\n\n" + paragraph(3, 20);
    const auto passages = split_into_passages(text, paragraph_blocks(text));
    ASSERT_EQ(passages.size(), 3u);
    for (std::size_t i = 0; i < passages.size(); ++i)
        EXPECT_EQ(passages[i].ordinal, static_cast<int>(i));
}

TEST(SentenceEnds, SkipsAbbreviationsAndInitials) {
    const std::string text = "Mr. Biden met U.S. officials. John F. Kennedy spoke. It ended.";
    const auto ends = find_sentence_ends(text);
    ASSERT_EQ(ends.size(), 2u);
    EXPECT_EQ(text.substr(0, ends[0]), "Mr. Biden met U.S. officials.");
    EXPECT_EQ(text.substr(ends[0], ends[1] - ends[0]), " John F. Kennedy spoke.");
}

TEST(SentenceEnds, IncludesClosingQuotes) {
    const std::string text = "He said \xE2\x80\x9Cno.\xE2\x80\x9D Then he left.";
    const auto ends = find_sentence_ends(text);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(text.substr(0, ends[0]), "He said \xE2\x80\x9Cno.\xE2\x80\x9D");
}

TEST(ParagraphBlocks, JoinsWrappedLinesAndTrims) {
    const std::string text = "  first line\nsecond line \n\n\nthird";
    const auto blocks = paragraph_blocks(text);
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(text.substr(blocks[0].begin, blocks[0].end - blocks[0].begin),
              "first line\nsecond line");
    EXPECT_EQ(blocks[0].line_last, 2);
    EXPECT_EQ(blocks[1].line_first, 5);
}

}  // namespace
}  // namespace dossier
