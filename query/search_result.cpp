#include "query/search_result.h"

namespace dossier {

using nlohmann::json;

namespace {

json article_json(const Article& a) {
    json out = {{"id", a.id},
                {"title", a.title},
                {"source", a.source.empty() ? json(nullptr) : json(a.source)},
                {"author", a.author.empty() ? json(nullptr) : json(a.author)},
                {"date", a.date ? json(a.date->iso()) : json(nullptr)},
                {"date_origin", to_string(a.date_origin)},
                {"path", a.origin_path},
                {"url", a.url.empty() ? json(nullptr) : json(a.url)}};
    if (a.origin_line > 0)
        out["line"] = a.origin_line;
    return out;
}

json snippet_json(const Snippet& s) {
    json highlights = json::array();
    for (const auto& [begin, end] : s.highlights)
        highlights.push_back({begin, end});
    return {{"text", s.text},
            {"highlights", highlights},
            {"truncated_start", s.truncated_start},
            {"truncated_end", s.truncated_end}};
}

}  // namespace

json to_json(const SearchHit& hit) {
    const Passage& p = hit.passage.passage;
    json actors = json::array();
    for (const ActorRef& a : hit.passage.actors) {
        actors.push_back({{"name", a.name}, {"type", to_string(a.type)}, {"known", a.known}});
    }
    json dates = json::array();
    for (const DateMention& d : hit.passage.dates) {
        dates.push_back(
            {{"text", p.text.substr(d.begin, d.end - d.begin)}, {"date", d.date.iso()}});
    }
    json out = {{"rank", hit.rank},
                {"score", hit.score},
                {"passage_id", hit.passage_id},
                {"ordinal", p.ordinal},
                {"text", p.text},
                {"snippet", snippet_json(hit.snippet)},
                {"actors", actors},
                {"dates", dates},
                {"article", article_json(hit.article)},
                {"location",
                 {{"byte_start", p.byte_begin},
                  {"byte_end", p.byte_end},
                  {"line_start", static_cast<unsigned>(p.line_first)},
                  {"line_end", static_cast<unsigned>(p.line_last)}}},
                {"collapsed", hit.collapsed}};
    if (!hit.explanation.empty())
        out["explanation"] = hit.explanation;
    return out;
}

json to_json(const SearchResult& result) {
    json hits = json::array();
    for (const SearchHit& hit : result.hits)
        hits.push_back(to_json(hit));
    json facets = json::object();
    for (const Facet& facet : result.facets) {
        json values = json::array();
        for (const FacetValue& v : facet.values) {
            json entry = {{"value", v.value}, {"count", v.count}};
            if (!v.type.empty()) {
                entry["type"] = v.type;
                entry["known"] = v.known;
            }
            values.push_back(std::move(entry));
        }
        facets[facet.name] = std::move(values);
    }
    json out = {
        {"query", result.parsed_query},
        {"total", result.total},
        {"total_exact", result.total_exact},
        {"offset", result.offset},
        {"limit", result.limit},
        {"took_ms", result.took_ms},
        {"hits", hits},
        {"facets", facets},
        {"suggestion", result.suggestion.empty() ? json(nullptr) : json(result.suggestion)}};
    if (result.time_limited)
        out["time_limited"] = true;
    return out;
}

}  // namespace dossier
