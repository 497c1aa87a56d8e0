// English stop words: the words a query in prose is full of and that say
// nothing about what it asks ("the", "of", "which"). The query parser drops
// them from a query's words, except inside quoted phrases (where "bank of
// england" needs its "of") and when a query has no other words.
//
// The list is the Snowball project's English stop list
// (snowballstem.org/algorithms/english/stop.txt, BSD licence), the list
// Xapian's own Snowball stemmer comes with; docs/query-language.md shows it.
#pragma once

#include <xapian.h>

#include <string_view>
#include <vector>

namespace dossier {

// The stopper the query parser uses; shared and immutable.
const Xapian::Stopper& english_stop_words();

// The words of the list, in its order.
const std::vector<std::string_view>& english_stop_word_list();

}  // namespace dossier
