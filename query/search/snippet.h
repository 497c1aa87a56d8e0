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

// What every word whose Snowball English stem is `stem` starts with: the
// stem without its last letter, without two when it ends in "ie".
std::string stem_head(std::string_view stem);

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
    // What a matching word must start with (ASCII, lower case), one head
    // per query stem or pattern; see matches_word() for why. `any_word_`
    // when a head cannot be checked that way (a bare "*", non-ASCII).
    std::vector<std::string> heads_;
    bool any_word_ = false;
    bool could_match(std::string_view word) const;
};

}  // namespace dossier
