// What a search asks for. Built by the CLI from its flags and by the HTTP
// endpoint from its query string; the search service does the rest.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dossier {

enum class SortOrder { relevance, date };

inline constexpr double kDefaultPassageWeight = 0.25;
inline constexpr unsigned kDefaultRerankDepth = 20;

struct SearchRequest {
    std::string query;                 // query language text; empty = filters only
    std::vector<std::string> actors;   // each must match (name or alias)
    std::vector<std::string> sources;  // any may match
    std::vector<std::string> authors;  // any may match
    std::string from;                  // publication date bounds: YYYY, YYYY-MM or YYYY-MM-DD
    std::string to;
    std::vector<std::string> facets;  // actor, year, month, source, author, mentioned_year
    unsigned facet_limit = 10;
    std::string actor_type;         // person|country|organisation: restricts the actor facet
    std::optional<SortOrder> sort;  // default: relevance, or date for a filter-only query
    // The best passages shown with each article hit (0 = every passage with a
    // query word). The number of matching passages is reported with each hit.
    unsigned per_article = 2;
    // Ranking (benchmarks/quality measured the defaults, docs/BENCHMARKS.md):
    // for the first `rerank_depth` articles by BM25, an article's score is
    // its BM25, plus `passage_weight` times its passage evidence (best
    // passage BM25 and proximity, title BM25), plus, with `feedback`, what
    // pseudo-relevance feedback from the first ten adds; the rest follow in
    // BM25 order. 0 for the weight or the depth ranks by article BM25 alone.
    // Feedback, unset, is on for a question typed as prose (QueryBuilder::
    // Built::prose_question) and off otherwise: it ranks prose better on
    // judged collections, and about doubles the time of a search, which a
    // keyword query need not pay (docs/ranking.md).
    double passage_weight = kDefaultPassageWeight;
    unsigned rerank_depth = kDefaultRerankDepth;
    std::optional<bool> feedback;
    // A hit, the total and the facet counts are stories (an article and its
    // copies, docs/copies.md), each shown by its best-ranked copy; `copies`
    // makes every copy a hit and a count of its own.
    bool copies = false;
    unsigned offset = 0;
    unsigned limit = 10;
    bool explain = false;
    // When fewer than a page (10) of articles have every word of a query
    // that is a list of words (no operators), rank the articles with any of
    // them instead (docs/query-language.md, "Queries as typed").
    bool relax = true;
};

// "actor,year" -> {"actor", "year"}: the facet list as both front ends take it.
std::vector<std::string> split_facet_list(const std::string& list);

// Limits the service enforces (the HTTP endpoint makes them configurable).
struct SearchLimits {
    unsigned max_limit = 1000;
    unsigned max_facet_limit = 1000;
    std::size_t max_query_bytes = 4096;
    // Wall-clock budget for counting every match (0 = none). Past it the
    // count stops (local indexes: the counting spy; remote shards: Xapian's
    // match time limit), so facets and totals become estimates and the
    // result says so (time_limited); the page is still ranked in full.
    double time_budget_seconds = 0;
    // Count facets with Xapian's stock spies even when every shard is local
    // (indexes with remote shards always use them): for comparing the two
    // paths, which give the same counts (query/search/facet_counter.h).
    bool stock_facet_spies = false;
};

}  // namespace dossier
