// Every JSON form the search side prints: one place, so that an article or a
// passage reads the same in every answer (docs/search-json.md).
#include "query/search/search_result.h"

namespace dossier {

using nlohmann::json;

namespace {

json text_or_null(const std::string& value) {
    return value.empty() ? json(nullptr) : json(value);
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

json actors_json(const std::vector<ActorRef>& actors) {
    json out = json::array();
    for (const ActorRef& a : actors)
        out.push_back({{"name", a.name}, {"type", to_string(a.type)}, {"known", a.known}});
    return out;
}

json passages_json(const std::vector<PassageHit>& passages) {
    json out = json::array();
    for (const PassageHit& passage : passages)
        out.push_back(to_json(passage));
    return out;
}

}  // namespace

json to_json(const Article& a) {
    return {{"id", a.id},
            {"title", a.title},
            {"source", text_or_null(a.source)},
            {"author", text_or_null(a.author)},
            {"author_bio", text_or_null(a.author_bio)},
            {"date", a.date ? json(a.date->iso()) : json(nullptr)},
            {"date_origin", to_string(a.date_origin)},
            {"path", a.origin_path},
            {"line", a.origin_line > 0 ? json(a.origin_line) : json(nullptr)},
            {"url", text_or_null(a.url)},
            {"dateline", text_or_null(a.dateline)},
            {"extra", a.extra.is_object() ? a.extra : json::object()}};
}

json to_json(const PassageHit& hit) {
    const Passage& p = hit.passage.passage;
    json dates = json::array();
    for (const DateMention& d : hit.passage.dates) {
        const std::size_t end = std::min(d.end, p.text.size());
        const std::size_t begin = std::min(d.begin, end);
        dates.push_back({{"text", p.text.substr(begin, end - begin)}, {"date", d.date.iso()}});
    }
    json out = {{"passage_id", hit.passage_id},
                {"ordinal", p.ordinal},
                {"text", p.text},
                {"actors", actors_json(hit.passage.actors)},
                {"dates", dates},
                {"location",
                 {{"byte_start", p.byte_begin},
                  {"byte_end", p.byte_end},
                  {"line_start", static_cast<unsigned>(p.line_first)},
                  {"line_end", static_cast<unsigned>(p.line_last)}}}};
    if (hit.has_snippet) {
        out["score"] = hit.score;
        out["snippet"] = snippet_json(hit.snippet);
    }
    return out;
}

namespace {

json copy_json(const StoryCopy& copy) {
    const Article& a = copy.article;
    return {{"id", a.id},
            {"title", a.title},
            {"source", text_or_null(a.source)},
            {"date", a.date ? json(a.date->iso()) : json(nullptr)},
            {"url", text_or_null(a.url)},
            {"path", a.origin_path},
            {"line", a.origin_line > 0 ? json(a.origin_line) : json(nullptr)},
            {"words", copy.length}};
}

json story_json(const StoryInfo& story) {
    return {{"key", text_or_null(story.key)},
            {"size", story.size},
            {"newest", text_or_null(story.newest_id)},
            {"longest", text_or_null(story.longest_id)}};
}

}  // namespace

json to_json(const SearchHit& hit) {
    json copies = json::array();
    for (const StoryCopy& copy : hit.story.copies)
        copies.push_back(copy_json(copy));
    json out = {{"rank", hit.rank},
                {"score", hit.score},
                {"article", to_json(hit.article)},
                {"passages", passages_json(hit.passages)},
                {"matched_passages", hit.matched_passages},
                {"story", story_json(hit.story)},
                {"copies", std::move(copies)}};
    if (!hit.explanation.empty())
        out["explanation"] = hit.explanation;
    if (!hit.score_parts.empty()) {
        json parts = json::array();
        for (const ScorePart& part : hit.score_parts)
            parts.push_back({{"part", part.name}, {"value", part.value}, {"share", part.share}});
        out["score_parts"] = std::move(parts);
    }
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
    json out = {{"query", result.parsed_query},
                {"total", result.total},
                {"total_exact", result.total_exact},
                {"total_estimate", result.total_estimate},
                {"counts", result.stories ? "stories" : "articles"},
                {"facet_counts", result.facets_count_stories ? "stories" : "articles"},
                {"offset", result.offset},
                {"limit", result.limit},
                {"took_ms", result.took_ms},
                {"hits", hits},
                {"facets", facets},
                {"suggestion", text_or_null(result.suggestion)}};
    if (result.time_limited)
        out["time_limited"] = true;
    out["relaxed"] = result.relaxed;
    if (result.relaxed) {
        out["relaxed_words"] = result.relaxed_words;
        out["all_words_total"] = result.all_words_total;
    }
    out["dropped_words"] = result.dropped_words;
    out["request_words"] = result.request_words;
    out["feedback"] = result.feedback;
    out["read_as_words"] = result.read_as_words;
    if (result.read_as_words)
        out["read_as_words_because"] = result.why_words;
    return out;
}

json to_json(const PassageInContext& view) {
    return {{"article", to_json(view.article)},
            {"passage", to_json(view.passage)},
            {"before", passages_json(view.before)},
            {"after", passages_json(view.after)}};
}

json to_json(const ArticleView& view) {
    json actors = actors_json(view.actors);
    for (std::size_t i = 0; i < actors.size() && i < view.actor_weights.size(); ++i) {
        actors[i]["main"] = view.actor_weights[i].main;
        actors[i]["passages"] = view.actor_weights[i].passages;
    }
    return {{"article", to_json(view.article)},
            {"actors", std::move(actors)},
            {"passages", passages_json(view.passages)}};
}

json to_json(const StoryView& view) {
    json copies = json::array();
    for (const StoryCopy& copy : view.copies)
        copies.push_back(copy_json(copy));
    json out = story_json(view.story);
    out["copies"] = std::move(copies);
    return out;
}

json to_json(const IndexStats& stats) {
    return {{"articles", stats.articles},      {"passages", stats.passages},
            {"actors", stats.actors},          {"shards", stats.shards},
            {"index_bytes", stats.size_bytes}, {"last_update", stats.last_update}};
}

}  // namespace dossier
