// What the search service returns, and its one JSON form, shared by
// dossier-search --json and dossier-serve (docs/search-json.md describes it).
// A hit is an article with its best passages; an article has one JSON shape
// wherever it appears (search hits, /articles/{id}, /passages/{id}).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/article.h"
#include "common/stored_article.h"

namespace dossier {

// A passage text excerpt with the matched words marked as byte ranges of `text`.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
    bool truncated_start = false;
    bool truncated_end = false;
};

// One passage as shown: in a search hit (scored, with a snippet), or in the
// article and passage views (no score, no snippet).
struct PassageHit {
    std::string passage_id;  // "<article id>@<ordinal>"
    AnnotatedPassage passage;
    double score = 0;  // the passage's own BM25 for the query; 0 when not searched
    bool has_snippet = false;
    Snippet snippet;
};

// A copy of a story, as listed with a hit and by SearchService::story().
struct StoryCopy {
    Article article;
    Xapian::termcount length = 0;  // words, title included
};

// The story an article belongs to (docs/copies.md): its other copies, by
// date, with which copy is the newest and which the longest (a later version
// adds paragraphs).
struct StoryInfo {
    std::string key;    // empty: the article has no copy
    unsigned size = 1;  // articles in the story, this one included
    std::vector<StoryCopy>
        copies;             // the others, oldest first (undated last), at most kCopiesListed
    std::string newest_id;  // of the whole story
    std::string longest_id;
};
// Copies listed with a search hit; SearchService::story() lists them all.
inline constexpr unsigned kCopiesListed = 20;

// One component of a hit's score (docs/ranking.md): its name
// ("article_bm25", "feedback", "best_passage", "proximity", "title"), what
// it adds to the score, weights applied, and that as a share of the score.
struct ScorePart {
    std::string name;
    double value = 0;
    double share = 0;
};

struct SearchHit {
    unsigned rank = 0;  // 1-based, across pages
    double score = 0;   // the article's: BM25 plus its best passage's evidence
    Article article;
    std::vector<PassageHit> passages;      // best first, at most SearchRequest::per_article
    unsigned matched_passages = 0;         // passages with a query word or a filtered actor
    std::vector<std::string> explanation;  // with SearchRequest::explain
    std::vector<ScorePart>
        score_parts;  // with SearchRequest::explain, for ranked hits; sum = score
    StoryInfo story;
};

struct FacetValue {
    std::string value;
    std::string type;   // actor facet only: person, country, organisation
    bool known = true;  // actor facet only: false for people found by title alone
    unsigned count = 0;
};

struct Facet {
    std::string name;
    std::vector<FacetValue> values;  // counts are of articles
};

struct SearchResult {
    std::string parsed_query;  // Xapian's description of the query as parsed
    unsigned total = 0;        // matching stories, or articles with SearchRequest::copies
    // Exact, or else a lower bound (Xapian's: the match stopped once it had
    // the page) and `total_estimate` Xapian's estimate.
    bool total_exact = false;
    unsigned total_estimate = 0;
    bool stories = true;  // hits and counts are stories (not SearchRequest::copies)
    // Facets count stories too, except with remote shards or stock spies:
    // Xapian's spies see every matching copy (docs/copies.md).
    bool facets_count_stories = true;
    unsigned offset = 0;
    unsigned limit = 0;
    double took_ms = 0;
    std::vector<SearchHit> hits;
    std::vector<Facet> facets;
    std::string suggestion;     // "did you mean", empty when none
    bool time_limited = false;  // SearchLimits::time_budget_seconds ran out: counts are estimates
    // Fewer than a page of articles had every word, so these are the
    // articles with any of the `relaxed_words` words, the more the better.
    bool relaxed = false;
    unsigned relaxed_words = 0;
    std::uint64_t all_words_total = 0;       // when relaxed: hits (about) with every word
    std::vector<std::string> dropped_words;  // stop words that did not count
    std::vector<std::string> request_words;  // a prose request's framing (prose_query.h)
    bool feedback = false;                   // reranked with relevance feedback
    bool read_as_words = false;              // operators and quotes ignored, because:
    std::string why_words;
};

// A passage with the passages around it, for --show and GET /passages/{id}.
struct PassageInContext {
    Article article;
    PassageHit passage;
    std::vector<PassageHit> before;  // in order, nearest last
    std::vector<PassageHit> after;   // in order, nearest first
};

// A story, for --story and GET /articles/{id}/copies: every copy, oldest
// first (undated last). A story of one when the article has no copy.
struct StoryView {
    StoryInfo story;
    std::vector<StoryCopy> copies;  // all of them, the article asked for included
};

// A whole article, for --article and GET /articles/{id}.
struct ArticleView {
    Article article;
    std::vector<ActorRef> actors;  // distinct, the title's first, then in order of first mention
    std::vector<ActorWeight> actor_weights;  // parallel to actors
    std::vector<PassageHit> passages;        // in order
};

struct IndexStats {
    unsigned articles = 0;
    std::uint64_t passages = 0;
    unsigned actors = 0;
    unsigned shards = 0;
    std::uint64_t size_bytes = 0;
    std::string last_update;
};

nlohmann::json to_json(const Article& article);
nlohmann::json to_json(const PassageHit& passage);
nlohmann::json to_json(const SearchHit& hit);
nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const PassageInContext& view);
nlohmann::json to_json(const ArticleView& view);
nlohmann::json to_json(const StoryView& view);
nlohmann::json to_json(const IndexStats& stats);

}  // namespace dossier
