// What a search returns, and its one JSON form, shared by dossier-search
// --json and dossier-serve (docs/search-json.md describes it).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "common/article.h"

namespace dossier {

// A passage text excerpt with the matched words marked as byte ranges of `text`.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
    bool truncated_start = false;
    bool truncated_end = false;
};

struct SearchHit {
    unsigned rank = 0;  // 1-based, across pages
    double score = 0;
    std::string passage_id;
    Article article;
    AnnotatedPassage passage;
    Snippet snippet;
    unsigned collapsed = 0;                // passages of the same article dropped by per_article
    std::vector<std::string> explanation;  // with SearchRequest::explain
};

struct FacetValue {
    std::string value;
    std::string type;   // actor facet only: person, country, organisation
    bool known = true;  // actor facet only: false for people found by title alone
    unsigned count = 0;
};

struct Facet {
    std::string name;
    std::vector<FacetValue> values;
};

struct SearchResult {
    std::string parsed_query;  // Xapian's description of the query as parsed
    unsigned total = 0;
    bool total_exact = false;
    unsigned offset = 0;
    unsigned limit = 0;
    double took_ms = 0;
    std::vector<SearchHit> hits;
    std::vector<Facet> facets;
    std::string suggestion;     // "did you mean", empty when none
    bool time_limited = false;  // SearchLimits::time_budget_seconds ran out: counts are estimates
};

nlohmann::json to_json(const SearchHit& hit);
nlohmann::json to_json(const SearchResult& result);

}  // namespace dossier
