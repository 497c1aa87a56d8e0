// Translates the query string of GET /search and GET /facets into a
// SearchRequest, as search_main.cpp translates command-line flags, so that
// both front ends ask the one search service the same question.
#pragma once

#include <map>
#include <string>

#include "query/search/search_request.h"

namespace dossier {

// Decoded query-string parameters, repeated names kept (cpp-httplib's Params).
using QueryParams = std::multimap<std::string, std::string>;

// Parameters (docs/openapi.yaml): q, actor*, source*, author*, from, to,
// facets (comma list, repeatable), facet_limit, type, sort, per_article,
// offset, limit, explain. Throws BadRequest naming the parameter for an
// unknown name, a repeated single-valued one, a malformed number, or text
// that is not UTF-8. Limits (limit, query length) are the service's to check.
SearchRequest search_request_from_params(const QueryParams& params);

// The unsigned integer parameter `name`, or `fallback` when absent. Throws
// BadRequest when it is not a plain decimal number that fits.
unsigned unsigned_param(const QueryParams& params, const std::string& name, unsigned fallback);

}  // namespace dossier
