#include "common/text.h"

#include <gtest/gtest.h>

namespace dossier::text {
namespace {

std::vector<std::string> word_strings(std::string_view s) {
    std::vector<std::string> out;
    for (const Word& w : find_words(s))
        out.emplace_back(s.substr(w.begin, w.end - w.begin));
    return out;
}

TEST(Utf8, AcceptsValidMultibyteText) {
    EXPECT_EQ(
        find_invalid_utf8("Sino-Russian \xE2\x80\x9Cties\xE2\x80\x9D \xC2\xA0 \xF0\x9F\x98\x80"),
        npos);
}

TEST(Utf8, PointsAtTheFirstInvalidByte) {
    EXPECT_EQ(find_invalid_utf8("abc\xFF"), 3u);
    EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);     // overlong '/'
    EXPECT_EQ(find_invalid_utf8("a\xED\xA0\x80"), 1u);  // UTF-16 surrogate
    EXPECT_EQ(find_invalid_utf8("truncated \xE2\x80"), 10u);
}

TEST(Trim, RemovesNoBreakSpacesAndWhitespace) {
    EXPECT_EQ(trim("\xC2\xA0 The statement reads \xC2\xA0 \xC2\xA0"), "The statement reads");
    EXPECT_TRUE(is_blank(" \xC2\xA0\t\r"));
    EXPECT_FALSE(is_blank(" x "));
}

TEST(Lines, SplitsOnNewlinesAndDropsCarriageReturns) {
    const std::string text = "one\r\ntwo\n\nfour";
    const auto lines = split_lines(text);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(text.substr(lines[0].begin, lines[0].end - lines[0].begin), "one");
    EXPECT_EQ(text.substr(lines[1].begin, lines[1].end - lines[1].begin), "two");
    EXPECT_EQ(lines[2].begin, lines[2].end);
    EXPECT_EQ(lines[3].number, 4);
}

TEST(Lines, ALoneCarriageReturnEndsALineAndLineIndexAgrees) {
    const std::string text = "one\rtwo\r\nthree\r\rfive\nsix";
    const auto lines = split_lines(text);
    ASSERT_EQ(lines.size(), 6u);
    const LineIndex index(text);
    const std::vector<std::string> expected = {"one", "two", "three", "", "five", "six"};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(text.substr(lines[i].begin, lines[i].end - lines[i].begin), expected[i]);
        EXPECT_EQ(index.line_of(lines[i].begin), lines[i].number) << i;
        EXPECT_EQ(index.line_of(lines[i].end), lines[i].number) << "terminator of line " << i;
    }
}

TEST(LineIndex, MapsOffsetsToOneBasedLines) {
    const LineIndex index("ab\ncd\n\nef");
    EXPECT_EQ(index.line_of(0), 1);
    EXPECT_EQ(index.line_of(2), 1);  // the newline belongs to its line
    EXPECT_EQ(index.line_of(3), 2);
    EXPECT_EQ(index.line_of(6), 3);
    EXPECT_EQ(index.line_of(7), 4);
}

TEST(Words, KeepsPossessivesAndDottedAbbreviationsWhole) {
    EXPECT_EQ(word_strings("China\xE2\x80\x99s U.S. policy, isn't it?"),
              (std::vector<std::string>{"China\xE2\x80\x99s", "U.S.", "policy", "isn't", "it"}));
}

TEST(Words, SplitsAtHyphensAndPunctuation) {
    EXPECT_EQ(word_strings("Sino-Russian ties (2024)."),
              (std::vector<std::string>{"Sino", "Russian", "ties", "2024"}));
    EXPECT_EQ(count_words("Sino-Russian ties (2024)."), 4u);
}

TEST(Words, EndOfSentenceDotIsNotPartOfAWord) {
    EXPECT_EQ(word_strings("the end. Next"), (std::vector<std::string>{"the", "end", "Next"}));
}

TEST(FoldCase, LowersNonAsciiLetters) {
    EXPECT_EQ(fold_case("\xC3\x89LYS\xC3\x89"
                        "E Putin"),
              "\xC3\xA9lys\xC3\xA9"
              "e putin");
    EXPECT_TRUE(starts_upper("\xC3\x89lys\xC3\xA9"));
    EXPECT_FALSE(starts_upper("us"));
}

TEST(TextUtilities, HtmlCharacterReferencesAreDecoded) {
    EXPECT_EQ(decode_html_entities("Pascal Pap&#233; and AT&amp;T"), "Pascal Pap\u00e9 and AT&T");
    EXPECT_EQ(decode_html_entities("&#x201C;quoted&#X201D; &lt;b&gt; &nbsp;"),
              "\u201Cquoted\u201D <b> \u00A0");
    EXPECT_EQ(decode_html_entities("a&#5;b &#0; &#xD800; &#1114112;"), "a b      ");
}

TEST(TextUtilities, AmpersandsThatStartNoReferenceStay) {
    EXPECT_EQ(decode_html_entities("Johnson & Johnson, R&D; &unknown; &#xZZ; &#;"),
              "Johnson & Johnson, R&D; &unknown; &#xZZ; &#;");
    EXPECT_EQ(decode_html_entities("ends with &amp"), "ends with &amp");
    EXPECT_EQ(decode_html_entities(""), "");
}

}  // namespace
}  // namespace dossier::text
