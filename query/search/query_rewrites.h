// How a parsed query is reshaped before it is matched: the readings that let
// a query typed as prose or in capitals work (docs/query-language.md, "Queries
// as typed"), and the term-level fixes the index's layout needs.
//
// Plain functions on Xapian queries and query text; they throw nothing of
// their own. Xapian 1.4's Query gives back the operator and subqueries of a
// node but not every operator's parameters, so a node whose parameters
// cannot be read (NEAR's window, SCALE_WEIGHT's factor, ...) is kept as it
// is, subtree and all.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace dossier {

// True when `text` uses query operators: AND, OR, NOT, XOR, NEAR, ADJ as
// words, or a leading "+" or "-" on a word. A query without them is a list
// of words (parentheses only group it: "retrieval system (MEDLARS)"), which
// may be relaxed.
bool uses_operators(std::string_view text);

// True when `text` is prose typed in capitals: at least three words, letters
// but no lower-case letter. "ISRAEL AND ITS ARAB NEIGHBORS" is read as
// words, not as an AND.
bool is_capitals_prose(std::string_view text);

// The relaxed form of a list of words: an AND of words (and phrases) as an
// OR of the same, so an article needs only some of them and ranks higher
// the more (and the rarer) it has. Empty when `query` is not such a list of
// at least two (a filter on it is kept around the OR).
Xapian::Query relaxed(const Xapian::Query& query);

// The number of words (and phrases) the relaxed query ranks by.
std::size_t relaxed_word_count(const Xapian::Query& relaxed_query);

// Title words are indexed without positions (docs/schema.md), so a phrase
// of title words becomes those words in the title and the same phrase on
// the article's positions.
Xapian::Query title_phrase_on_article_positions(const Xapian::Query& query);

}  // namespace dossier
