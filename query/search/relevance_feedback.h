// Pseudo-relevance feedback for reranking: the words that the first articles
// of a ranking share, and what they add to each article being reranked. It
// changes scores only, never which articles match (so totals and facets stay
// those of the typed query), and passages are still scored by the typed
// words alone.
//
// The words are chosen as Enquire::get_eset chooses them (Xapian's "trad"
// expansion weight, k = 1): for a word in r of the R feedback articles and
// n of the N articles,
//   sum over those r articles of 2 wdf / (doclen / avlen + wdf)
//   x log((r + 0.5) (N - n - R + r + 0.5) / ((n - r + 0.5) (R - r + 0.5))).
// Candidates are stems of words only: not title stems (they repeat the
// body's), not numbers, not the query's own words, and only words in at
// least `min_articles` of the feedback articles. The one costly step is
// looking up n, one B-tree look-up per shard; the weight falls as n grows
// and n >= r, so candidates are taken by their weight at n = r, best first,
// and the look-ups stop once that bound cannot beat the words kept (an
// exact top list), in batches in term order (neighbouring terms share
// B-tree blocks).
//
// An article then gains `weight` x the sum over the words of (the word's
// weight / the best word's) x the word's BM25 in the article (k1 = 1,
// b = 0.5, Xapian's BM25Weight defaults): what OP_AND_MAYBE with those
// words, scaled so, would add in a match.
//
// Borrows the database. Xapian errors pass through.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace dossier {

struct FeedbackOptions {
    std::size_t articles = 10;  // the first this many articles give the words
    std::size_t words = 20;     // at most this many words
    double weight = 0.3;        // the scale of the best word's BM25 (the others' in proportion)
    // A word must be in this many of those articles: a word of one article
    // alone is its topic, not the query's, and would lift that article by
    // its own vocabulary.
    unsigned min_articles = 2;
};

struct FeedbackWord {
    std::string term;        // "Z" + stem
    double weight = 0;       // expansion weight, as above
    Xapian::doccount n = 0;  // articles with the word
};

struct Feedback {
    std::vector<FeedbackWord> words;  // best first
    std::vector<double> scores;       // what each ranked article gains, in its order
};

// Feedback for `ranked` (docids, best first) from its first options.articles;
// `exclude`: the query's own terms.
Feedback relevance_feedback(const Xapian::Database& db, const std::vector<Xapian::docid>& ranked,
                            const std::vector<std::string>& exclude,
                            const FeedbackOptions& options);

}  // namespace dossier
