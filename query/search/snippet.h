// Marks the words of a passage that match a query, the way the indexer
// indexed them (Snowball English stems, so "sanctions" marks "sanction"),
// and cuts long passages to the window with the most matches. Offsets are
// bytes of the snippet text, so a script can mark them in any way.
//
// Not thread-safe (holds a stemmer); cheap to make.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/text.h"
#include "query/search/query_words.h"
#include "query/search/search_result.h"

namespace dossier {

class Highlighter {
  public:
    explicit Highlighter(const QueryWords& words);

    // Byte ranges of `text` whose words match the query.
    std::vector<std::pair<std::size_t, std::size_t>> matches(std::string_view text) const;

    // At most `max_words` words of `text` around the densest matches; the
    // whole text when it is short enough.
    Snippet snippet(std::string_view text, std::size_t max_words = 60) const;

  private:
    bool matches_word(std::string_view word) const;
    std::vector<std::pair<std::size_t, std::size_t>> matches_among(
        std::string_view text, const std::vector<text::Word>& words) const;
    mutable Xapian::Stem stemmer_;
    std::unordered_set<std::string> terms_;       // "Z" stems, as indexed
    std::vector<std::string> wildcard_prefixes_;  // "Zsanct" for sanct*
    // The first letters (a-z) that a matching word can start with; see
    // matches_word() for why a word's first letter is its stem's.
    bool first_letters_[26] = {};
};

}  // namespace dossier
