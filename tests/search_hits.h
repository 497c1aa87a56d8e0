// The article ids of a search result's hits, for the search-side tests.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "query/search/search_result.h"

namespace dossier::testing {

// In rank order.
inline std::vector<std::string> ranked_ids(const SearchResult& result) {
    std::vector<std::string> ids;
    for (const SearchHit& hit : result.hits)
        ids.push_back(hit.article.id);
    return ids;
}

// As a set, for comparing which articles match.
inline std::set<std::string> article_ids(const SearchResult& result) {
    std::set<std::string> ids;
    for (const SearchHit& hit : result.hits)
        ids.insert(hit.article.id);
    return ids;
}

}  // namespace dossier::testing
