// Pseudo-relevance feedback for reranking: what the first articles of a
// ranking say about the query, and what that adds to each article being
// reranked. It changes scores only, never which articles match (so totals
// and facets stay those of the typed query), and passages are still scored
// by the typed words alone.
//
// A relevance model (Lavrenko and Croft, 2001; RM3 as Anserini and Terrier
// run it): each word's frequency in each of the first `articles` articles,
// wdf / length, weighted by the article's share of exp(score) among them,
// summed; the `words` most probable words are kept, the query's own words
// among them (so they are weighed again by what the best articles say), but
// not stop words, numbers or title stems (they repeat the body's). An
// article then gains `weight` x the sum over the kept words of (the word's
// probability / the kept words' total) x the word's BM25 in the article
// (k1 = 1, b = 0.5, Xapian's BM25Weight defaults; idf log(1 + (N - n +
// 0.5) / (n + 0.5)), never negative). docs/ranking.md gives the measured
// effect.
//
// Cost: a term list read per ranked article, a term frequency looked up per
// kept word. Borrows the database. Xapian errors pass through.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace dossier {

struct FeedbackOptions {
    std::size_t articles = 10;  // the first this many articles give the model
    std::size_t words = 30;     // at most this many words
    double weight = 0.3;        // the scale of the model's BM25 in an article
};

struct FeedbackWord {
    std::string term;        // "Z" + stem
    double weight = 0;       // its probability in the relevance model
    Xapian::doccount n = 0;  // articles with the word
};

struct Feedback {
    std::vector<FeedbackWord> words;  // best first
    std::vector<double> scores;       // what each ranked article gains, in its order
};

// Feedback for `ranked` (docids, best first, with their `scores`) from its
// first options.articles.
Feedback relevance_feedback(const Xapian::Database& db, const std::vector<Xapian::docid>& ranked,
                            const std::vector<double>& scores, const FeedbackOptions& options);

}  // namespace dossier
