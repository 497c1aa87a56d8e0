// Finds and scores the passages of a matching article at query time, the way
// Lucene's UnifiedHighlighter and PassageScorer do: the query words'
// positions in the article (read from the index) fall into the passages of
// its passage table (schema::kSlotPassageStarts), and each passage is scored
// as a small document with BM25: term frequency in the passage, passage
// length against a typical passage length (the caller's, a constant so that
// shards score alike), and the words' article-level inverse document frequency.
//
// Borrows the database, which must outlive the scorer. Not thread-safe (it
// caches term frequencies); one per search. Xapian errors pass through.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "query/search/query_words.h"

namespace dossier {

struct PassageScores {
    // The article's passage bounds (schema::kSlotPassageStarts) as read for
    // scoring, so that the hit's record takes its positions from them
    // (parse_stored_article) without reading the value again.
    std::vector<Xapian::termpos> bounds;
    std::vector<double> by_passage;  // BM25 of each passage, by ordinal
    double best = 0;
    int best_ordinal = -1;  // -1 when no passage has a query word
    // The title scored as one more passage of typical length: a headline is
    // evidence of what an article is about as much as its best passage.
    double title = 0;
    // MinCover proximity of the best passage (Tao and Zhai, SIGIR 2007): the
    // idf sum of the distinct query words it holds, times how many they are,
    // divided by the length in words of the shortest stretch of the passage
    // that holds them all. High when the words stand together; ranking
    // evidence only, not part of `by_passage` (which orders the passages shown).
    double proximity = 0;
};

class PassageScorer {
  public:
    PassageScorer(const Xapian::Database& db, const QueryWords& words,
                  double average_passage_words);

    PassageScores score(Xapian::docid did) const;

    // BM25 weight of one occurrence of a term with `article_frequency` in a
    // passage of `passage_words` words: what a filtered actor named in a
    // passage adds to its score (search_service.cpp).
    double occurrence_weight(Xapian::doccount article_frequency, double passage_words) const;

  private:
    double idf(Xapian::doccount article_frequency) const;
    double term_idf(const std::string& term) const;

    const Xapian::Database& db_;
    QueryWords words_;
    double average_passage_words_;
    Xapian::doccount articles_;
    mutable std::unordered_map<std::string, double> idf_cache_;
};

// Every passage's position bounds of an article (its kSlotPassageStarts value).
std::vector<Xapian::termpos> passage_bounds(const Xapian::Document& doc);

}  // namespace dossier
