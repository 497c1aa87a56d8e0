#include "common/stored_article.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace dossier {

using nlohmann::json;

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

json article_record(const Article& article) {
    json meta = {{"id", article.id},
                 {"path", article.origin_path},
                 {"title", article.title},
                 {"source", article.source},
                 {"author", article.author},
                 {"date", article.date ? json(article.date->iso()) : json(nullptr)},
                 {"date_origin", to_string(article.date_origin)},
                 {"url", article.url}};
    if (article.origin_line > 0)
        meta["line"] = article.origin_line;
    if (!article.author_bio.empty())
        meta["author_bio"] = article.author_bio;
    if (!article.extra.empty())
        meta["extra"] = article.extra;
    return meta;
}

Article article_from(const json& meta) {
    Article a;
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
    return a;
}

}  // namespace

std::string encode_stored_article(const StoredArticle& stored) {
    json actors = json::array();
    for (const ActorRef& actor : stored.actors) {
        actors.push_back(
            {{"name", actor.name}, {"type", to_string(actor.type)}, {"known", actor.known}});
    }
    json passages = json::array();
    for (const StoredPassage& sp : stored.passages) {
        const Passage& p = sp.passage.passage;
        json actor_indexes = json::array();
        for (const ActorRef& actor : sp.passage.actors) {
            for (std::size_t i = 0; i < stored.actors.size(); ++i) {
                if (stored.actors[i] == actor) {
                    actor_indexes.push_back(i);
                    break;
                }
            }
        }
        json dates = json::array();
        for (const DateMention& mention : sp.passage.dates)
            dates.push_back({mention.begin, mention.end, mention.date.iso()});
        passages.push_back({{"text", p.text},
                            {"bytes", {p.byte_begin, p.byte_end}},
                            {"lines", {p.line_first, p.line_last}},
                            {"words", {sp.first_position, sp.end_position}},
                            {"actors", std::move(actor_indexes)},
                            {"dates", std::move(dates)}});
    }
    return json{{"article", article_record(stored.article)},
                {"actors", std::move(actors)},
                {"passages", std::move(passages)}}
        .dump();
}

StoredArticle parse_stored_article(std::string_view data) {
    const json record = json::parse(data, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object() || !record.contains("article") || !record.contains("passages") ||
        !record["passages"].is_array()) {
        throw std::runtime_error("document data is not a Dossier article record");
    }
    StoredArticle stored;
    stored.article = article_from(record["article"]);
    for (const json& actor : record.value("actors", json::array())) {
        stored.actors.push_back(
            {actor.value("name", ""),
             parse_actor_type(actor.value("type", "")).value_or(ActorType::person),
             actor.value("known", true)});
    }
    int ordinal = 0;
    for (const json& entry : record["passages"]) {
        StoredPassage sp;
        Passage& p = sp.passage.passage;
        p.ordinal = ordinal++;
        p.text = entry.value("text", "");
        const json bytes = entry.value("bytes", json::array({0, 0}));
        const json lines = entry.value("lines", json::array({0, 0}));
        const json words = entry.value("words", json::array({0, 0}));
        p.byte_begin = bytes.at(0).get<std::size_t>();
        p.byte_end = bytes.at(1).get<std::size_t>();
        p.line_first = lines.at(0).get<int>();
        p.line_last = lines.at(1).get<int>();
        sp.first_position = words.at(0).get<Xapian::termpos>();
        sp.end_position = words.at(1).get<Xapian::termpos>();
        for (const json& index : entry.value("actors", json::array())) {
            const std::size_t i = index.get<std::size_t>();
            if (i < stored.actors.size())
                sp.passage.actors.push_back(stored.actors[i]);
        }
        for (const json& date : entry.value("dates", json::array())) {
            DateMention mention;
            mention.begin = date.at(0).get<std::size_t>();
            mention.end = date.at(1).get<std::size_t>();
            mention.date = date_from_iso(date.at(2)).value_or(CivilDate{});
            sp.passage.dates.push_back(mention);
        }
        stored.passages.push_back(std::move(sp));
    }
    return stored;
}

std::string encode_passage_bounds(const std::vector<Xapian::termpos>& bounds) {
    std::string out;
    Xapian::termpos previous = 0;
    for (const Xapian::termpos bound : bounds) {
        Xapian::termpos delta = bound - previous;
        previous = bound;
        while (delta >= 0x80) {
            out += static_cast<char>((delta & 0x7f) | 0x80);
            delta >>= 7;
        }
        out += static_cast<char>(delta);
    }
    return out;
}

std::vector<Xapian::termpos> decode_passage_bounds(std::string_view encoded) {
    std::vector<Xapian::termpos> bounds;
    Xapian::termpos value = 0;
    Xapian::termpos delta = 0;
    unsigned shift = 0;
    for (const char c : encoded) {
        const auto byte = static_cast<unsigned char>(c);
        delta |= static_cast<Xapian::termpos>(byte & 0x7f) << shift;
        if (byte & 0x80) {
            shift += 7;
            if (shift > 28)
                return {};  // not ours: no bounds rather than garbage
            continue;
        }
        value += delta;
        bounds.push_back(value);
        delta = 0;
        shift = 0;
    }
    return bounds;
}

}  // namespace dossier
