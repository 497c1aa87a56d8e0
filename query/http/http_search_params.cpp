#include "query/http/http_search_params.h"

#include <charconv>
#include <set>

#include "common/text.h"
#include "query/search/search_service.h"

namespace dossier {

namespace {

const std::set<std::string> kRepeatable = {"actor", "source", "author", "facets"};
const std::set<std::string> kSingle = {
    "q",           "from",   "to",    "facet_limit", "type",           "sort",
    "per_article", "offset", "limit", "explain",     "passage_weight", "rerank_depth",
    "feedback",    "relax",  "copies"};

void check_utf8(const std::string& name, const std::string& value) {
    if (text::find_invalid_utf8(value) != text::npos)
        throw BadRequest("parameter " + name + " is not valid UTF-8");
}

// A boolean parameter: 0, 1, true or false.
bool flag_param(const std::string& name, const std::string& value) {
    if (value != "0" && value != "1" && value != "true" && value != "false")
        throw BadRequest("parameter " + name + " must be 0, 1, true or false");
    return value == "1" || value == "true";
}

// The one value of a single-valued parameter, or nullptr when absent.
const std::string* single(const QueryParams& params, const std::string& name) {
    const auto [first, last] = params.equal_range(name);
    if (first == last)
        return nullptr;
    if (std::next(first) != last)
        throw BadRequest("parameter " + name + " is given more than once");
    return &first->second;
}

std::vector<std::string> all_values(const QueryParams& params, const std::string& name) {
    std::vector<std::string> values;
    const auto [first, last] = params.equal_range(name);
    for (auto it = first; it != last; ++it) {
        if (!it->second.empty())
            values.push_back(it->second);
    }
    return values;
}

// A numeric parameter's value, all of its text read as a T; `what` names the
// kind of number in the message for anything else.
template <typename T>
T number_param(const QueryParams& params, const std::string& name, T fallback, const char* what) {
    const std::string* text = single(params, name);
    if (text == nullptr)
        return fallback;
    T value{};
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (text->empty() || error != std::errc() || stop != end) {
        throw BadRequest("parameter " + name + " must be " + what + ", not \"" +
                         text->substr(0, 40) + "\"");
    }
    return value;
}

}  // namespace

unsigned unsigned_param(const QueryParams& params, const std::string& name, unsigned fallback) {
    return number_param(params, name, fallback, "a non-negative integer");
}

SearchRequest search_request_from_params(const QueryParams& params) {
    for (const auto& [name, value] : params) {
        if (kRepeatable.count(name) == 0 && kSingle.count(name) == 0)
            throw BadRequest("unknown parameter \"" + name.substr(0, 40) + "\"");
        check_utf8(name, value);
    }
    SearchRequest request;
    if (const std::string* q = single(params, "q"))
        request.query = *q;
    request.actors = all_values(params, "actor");
    request.sources = all_values(params, "source");
    request.authors = all_values(params, "author");
    if (const std::string* from = single(params, "from"))
        request.from = *from;
    if (const std::string* to = single(params, "to"))
        request.to = *to;
    for (const std::string& list : all_values(params, "facets")) {
        for (std::string& facet : split_facet_list(list))
            request.facets.push_back(std::move(facet));
    }
    request.facet_limit = unsigned_param(params, "facet_limit", request.facet_limit);
    if (const std::string* type = single(params, "type"))
        request.actor_type = *type;
    if (const std::string* sort = single(params, "sort")) {
        if (*sort == "relevance")
            request.sort = SortOrder::relevance;
        else if (*sort == "date")
            request.sort = SortOrder::date;
        else if (!sort->empty())
            throw BadRequest("parameter sort must be relevance or date");
    }
    request.per_article = unsigned_param(params, "per_article", request.per_article);
    request.offset = unsigned_param(params, "offset", request.offset);
    request.limit = unsigned_param(params, "limit", request.limit);
    if (const std::string* explain = single(params, "explain"))
        request.explain = flag_param("explain", *explain);
    // Ranking, as the CLI's --passage-weight, --rerank-depth and --feedback.
    // The service rejects negative and infinite weights.
    request.passage_weight =
        number_param(params, "passage_weight", request.passage_weight, "a number");
    request.rerank_depth = unsigned_param(params, "rerank_depth", request.rerank_depth);
    if (const std::string* feedback = single(params, "feedback"))
        request.feedback = flag_param("feedback", *feedback);
    if (const std::string* relax = single(params, "relax"))
        request.relax = flag_param("relax", *relax);
    if (const std::string* copies = single(params, "copies"))
        request.copies = flag_param("copies", *copies);
    return request;
}

}  // namespace dossier
