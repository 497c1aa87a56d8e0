#include "common/stored_record.h"

#include <stdexcept>

#include "common/schema.h"

namespace dossier {

using nlohmann::json;

json to_stored_json(const Article& article, const AnnotatedPassage& annotated, bool first_passage) {
    const Passage& p = annotated.passage;
    json record;
    record["passage_id"] = schema::passage_id(article.id, p.ordinal);
    record["ordinal"] = p.ordinal;
    record["text"] = p.text;
    record["location"] = {{"byte_start", p.byte_begin},
                          {"byte_end", p.byte_end},
                          {"line_start", p.line_first},
                          {"line_end", p.line_last}};
    json actors = json::array();
    for (const ActorRef& actor : annotated.actors) {
        actors.push_back(
            {{"name", actor.name}, {"type", to_string(actor.type)}, {"known", actor.known}});
    }
    record["actors"] = std::move(actors);
    json dates = json::array();
    for (const DateMention& mention : annotated.dates) {
        dates.push_back({{"text", p.text.substr(mention.begin, mention.end - mention.begin)},
                         {"date", mention.date.iso()},
                         {"begin", mention.begin},
                         {"end", mention.end}});
    }
    record["dates"] = std::move(dates);

    json meta;
    meta["id"] = article.id;
    meta["path"] = article.origin_path;
    if (article.origin_line > 0)
        meta["line"] = article.origin_line;
    if (first_passage) {
        meta["title"] = article.title;
        meta["source"] = article.source;
        meta["author"] = article.author;
        if (!article.author_bio.empty())
            meta["author_bio"] = article.author_bio;
        meta["date"] = article.date ? json(article.date->iso()) : json(nullptr);
        meta["date_origin"] = to_string(article.date_origin);
        meta["url"] = article.url;
        if (!article.extra.empty())
            meta["extra"] = article.extra;
    }
    record["article"] = std::move(meta);
    return record;
}

namespace {
std::optional<CivilDate> date_from_iso(const json& value) {
    if (!value.is_string())
        return std::nullopt;
    return parse_iso_date(value.get<std::string>());
}

DateOrigin date_origin_from(std::string_view name) {
    if (name == "header")
        return DateOrigin::header;
    if (name == "lead")
        return DateOrigin::lead;
    if (name == "json")
        return DateOrigin::json;
    return DateOrigin::none;
}
}  // namespace

StoredPassage parse_stored_record(std::string_view data) {
    json record = json::parse(data, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object() || !record.contains("article") || !record.contains("text")) {
        throw std::runtime_error("document data is not a Dossier passage record");
    }
    StoredPassage stored;
    stored.passage_id = record.value("passage_id", "");
    Passage& p = stored.passage.passage;
    p.ordinal = record.value("ordinal", 0);
    p.text = record.value("text", "");
    const json& location = record["location"];
    p.byte_begin = location.value("byte_start", std::size_t{0});
    p.byte_end = location.value("byte_end", std::size_t{0});
    p.line_first = location.value("line_start", 0);
    p.line_last = location.value("line_end", 0);
    for (const json& actor : record.value("actors", json::array())) {
        stored.passage.actors.push_back(
            {actor.value("name", ""),
             parse_actor_type(actor.value("type", "")).value_or(ActorType::person),
             actor.value("known", true)});
    }
    for (const json& date : record.value("dates", json::array())) {
        DateMention mention;
        mention.begin = date.value("begin", std::size_t{0});
        mention.end = date.value("end", std::size_t{0});
        mention.date = date_from_iso(date.value("date", json())).value_or(CivilDate{});
        stored.passage.dates.push_back(mention);
    }
    const json& meta = record["article"];
    Article& a = stored.article;
    a.id = meta.value("id", "");
    a.title = meta.value("title", "");
    a.source = meta.value("source", "");
    a.author = meta.value("author", "");
    a.author_bio = meta.value("author_bio", "");
    a.date = date_from_iso(meta.value("date", json()));
    a.date_origin = date_origin_from(meta.value("date_origin", "none"));
    a.origin_path = meta.value("path", "");
    a.origin_line = meta.value("line", 0);
    a.url = meta.value("url", "");
    a.extra = meta.value("extra", json::object());
    // Schema 1 stored the article with every passage; schema 2 with the first.
    stored.article_complete = meta.contains("date_origin");
    return stored;
}

}  // namespace dossier
