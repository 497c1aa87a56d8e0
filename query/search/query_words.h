// The words of a query that can show in a passage: the stems it looks for
// (title: words included, as the same stem in the body) and its wildcard
// patterns, but not words it excludes (NOT, AND_NOT) and not boolean
// filters. Passage scoring and snippets both work from this list, so a
// passage is never shown for a word the query rules out.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace dossier {

struct QueryWords {
    std::vector<std::string> terms;     // "Z" + stem, distinct, in query order
    std::vector<std::string> patterns;  // wildcard prefixes, "Z" + letters ("Zsanct")

    static QueryWords of(const Xapian::Query& text_query);
    bool empty() const { return terms.empty() && patterns.empty(); }
};

}  // namespace dossier
