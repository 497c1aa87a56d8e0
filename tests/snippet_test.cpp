#include "query/search/snippet.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dossier {
namespace {

std::vector<std::string> marked(const Highlighter& highlighter, std::string_view text) {
    std::vector<std::string> words;
    for (const auto& [begin, end] : highlighter.matches(text))
        words.emplace_back(text.substr(begin, end - begin));
    return words;
}

QueryWords stems(std::vector<std::string> terms) {
    QueryWords words;
    words.terms = std::move(terms);
    return words;
}

TEST(Highlighter, MarksEveryFormWithTheQueryWordsStem) {
    const Highlighter highlighter(stems({"Zsanction"}));
    EXPECT_EQ(marked(highlighter, "Sanctions were sanctioned; the SANCTION holds."),
              (std::vector<std::string>{"Sanctions", "sanctioned", "SANCTION"}));
}

TEST(Highlighter, MarksPossessivesWithEitherApostrophe) {
    // The indexer reads U+2019 as an apostrophe (Xapian's TermGenerator), so
    // "China’s" is indexed as "china"; the snippet must mark it too.
    const Highlighter highlighter(stems({"Zchina"}));
    EXPECT_EQ(marked(highlighter, "China's exports and China\u2019s imports"),
              (std::vector<std::string>{"China's", "China\u2019s"}));
}

TEST(Highlighter, MarksWordsUnderAWildcardPrefix) {
    QueryWords words;
    words.patterns = {"Zsanct"};
    const Highlighter highlighter(words);
    EXPECT_EQ(marked(highlighter, "new sanctions, a sanctuary and sand"),
              (std::vector<std::string>{"sanctions", "sanctuary"}));
}

TEST(Highlighter, ASnippetOfALongPassageIsItsDensestWindow) {
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += "filler ";
    text += "oil prices and oil demand ";
    for (int i = 0; i < 100; ++i)
        text += "filler ";
    const Highlighter highlighter(stems({"Zoil"}));
    const Snippet snippet = highlighter.snippet(text, 20);
    EXPECT_NE(snippet.text.find("oil prices and oil demand"), std::string::npos) << snippet.text;
    ASSERT_EQ(snippet.highlights.size(), 2u);
    for (const auto& [begin, end] : snippet.highlights)
        EXPECT_EQ(snippet.text.substr(begin, end - begin), "oil");
}

}  // namespace
}  // namespace dossier
