#include "common/stored_article.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "common/schema.h"

namespace dossier {

namespace {

// The record is a version byte, then fields in a fixed order: unsigned
// numbers as LEB128 varints, strings as their length then their bytes.
// Binary rather than JSON: a hit parses the whole record, and parsing JSON
// cost about a tenth of a search; it is also a third smaller (no field
// names), which Xapian's own compression of document data then shrinks.
constexpr unsigned char kRecordFormat = 3;
// An actor's flags byte. Records written before the heading bit had 0 or 1
// there, which still read right: known, never in the heading.
constexpr unsigned char kActorKnown = 1;
constexpr unsigned char kActorInHeading = 2;

class RecordWriter {
  public:
    void number(std::uint64_t value) {
        while (value >= 0x80) {
            out_ += static_cast<char>((value & 0x7f) | 0x80);
            value >>= 7;
        }
        out_ += static_cast<char>(value);
    }
    void text(std::string_view value) {
        number(value.size());
        out_.append(value);
    }
    void byte(unsigned char value) { out_ += static_cast<char>(value); }
    // Years before 1 are kept (a date is what the source says), so zigzag.
    void signed_number(std::int64_t value) {
        number(value < 0 ? (static_cast<std::uint64_t>(-(value + 1)) << 1) | 1
                         : static_cast<std::uint64_t>(value) << 1);
    }
    void date(const std::optional<CivilDate>& value) {
        byte(value ? 1 : 0);
        if (value) {
            signed_number(value->year);
            byte(static_cast<unsigned char>(value->month));
            byte(static_cast<unsigned char>(value->day));
        }
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

class RecordReader {
  public:
    explicit RecordReader(std::string_view data) : data_(data) {}

    std::uint64_t number() {
        std::uint64_t value = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            const auto c = static_cast<unsigned char>(take(1).front());
            value |= static_cast<std::uint64_t>(c & 0x7f) << shift;
            if (!(c & 0x80))
                return value;
        }
        throw std::runtime_error("document data is not a Dossier article record (bad number)");
    }
    std::string text() { return std::string(take(number())); }
    unsigned char byte() { return static_cast<unsigned char>(take(1).front()); }
    std::int64_t signed_number() {
        const std::uint64_t raw = number();
        return (raw & 1) ? -static_cast<std::int64_t>(raw >> 1) - 1
                         : static_cast<std::int64_t>(raw >> 1);
    }
    std::optional<CivilDate> date() {
        if (byte() == 0)
            return std::nullopt;
        CivilDate value;
        value.year = static_cast<int>(signed_number());
        value.month = byte();
        value.day = byte();
        return value;
    }
    // A count of items that each take at least one byte: more than the bytes
    // left means the record is damaged, not a reason to reserve gigabytes.
    std::size_t count() {
        const std::uint64_t n = number();
        if (n > data_.size())
            throw std::runtime_error("document data is not a Dossier article record (bad count)");
        return static_cast<std::size_t>(n);
    }
    bool at_end() const { return data_.empty(); }

  private:
    std::string_view take(std::uint64_t n) {
        if (n > data_.size())
            throw std::runtime_error("document data is not a Dossier article record (truncated)");
        const std::string_view part = data_.substr(0, n);
        data_.remove_prefix(n);
        return part;
    }
    std::string_view data_;
};

unsigned char date_origin_code(DateOrigin origin) {
    return static_cast<unsigned char>(origin);
}

DateOrigin date_origin_from(unsigned char code) {
    return code <= static_cast<unsigned char>(DateOrigin::json) ? static_cast<DateOrigin>(code)
                                                                : DateOrigin::none;
}

ActorType actor_type_from(unsigned char code) {
    return code <= static_cast<unsigned char>(ActorType::organisation)
               ? static_cast<ActorType>(code)
               : ActorType::person;
}

void write_article(RecordWriter& out, const Article& article) {
    out.text(article.id);
    out.text(article.origin_path);
    out.number(static_cast<std::uint64_t>(std::max(0, article.origin_line)));
    out.text(article.title);
    out.text(article.source);
    out.text(article.author);
    out.text(article.author_bio);
    out.text(article.url);
    out.text(article.dateline);
    out.date(article.date);
    out.byte(date_origin_code(article.date_origin));
    out.text(article.extra.empty() ? std::string() : article.extra.dump());
}

// With `with_extra` false the article's `extra` is skipped, not parsed.
Article read_article(RecordReader& in, bool with_extra = true) {
    Article a;
    a.id = in.text();
    a.origin_path = in.text();
    a.origin_line = static_cast<int>(in.number());
    a.title = in.text();
    a.source = in.text();
    a.author = in.text();
    a.author_bio = in.text();
    a.url = in.text();
    a.dateline = in.text();
    a.date = in.date();
    a.date_origin = date_origin_from(in.byte());
    const std::string extra = in.text();
    if (with_extra && !extra.empty()) {
        a.extra = nlohmann::json::parse(extra, nullptr, /*allow_exceptions=*/false);
        if (a.extra.is_discarded())
            throw std::runtime_error("document data is not a Dossier article record (bad extra)");
    }
    return a;
}

}  // namespace

std::string encode_stored_article(const StoredArticle& stored) {
    RecordWriter out;
    out.byte(kRecordFormat);
    write_article(out, stored.article);
    out.number(stored.actors.size());
    for (std::size_t i = 0; i < stored.actors.size(); ++i) {
        const ActorRef& actor = stored.actors[i];
        out.text(actor.name);
        out.byte(static_cast<unsigned char>(actor.type));
        const bool in_heading = i < stored.actor_in_heading.size() && stored.actor_in_heading[i];
        out.byte((actor.known ? kActorKnown : 0) | (in_heading ? kActorInHeading : 0));
    }
    out.number(stored.passages.size());
    for (const StoredPassage& sp : stored.passages) {
        const Passage& p = sp.passage.passage;
        out.text(p.text);
        out.number(p.byte_begin);
        out.number(p.byte_end - p.byte_begin);
        out.number(static_cast<std::uint64_t>(std::max(0, p.line_first)));
        out.number(static_cast<std::uint64_t>(std::max(0, p.line_last - p.line_first)));
        std::vector<std::size_t> actor_indexes;
        for (const ActorRef& actor : sp.passage.actors) {
            for (std::size_t i = 0; i < stored.actors.size(); ++i) {
                if (stored.actors[i] == actor) {
                    actor_indexes.push_back(i);
                    break;
                }
            }
        }
        out.number(actor_indexes.size());
        for (const std::size_t i : actor_indexes)
            out.number(i);
        out.number(sp.passage.dates.size());
        for (const DateMention& mention : sp.passage.dates) {
            out.number(mention.begin);
            out.number(mention.end - mention.begin);
            out.date(mention.date);
        }
    }
    return out.take();
}

StoredArticle parse_stored_article(std::string_view data,
                                   const std::vector<Xapian::termpos>& bounds) {
    if (data.empty() || static_cast<unsigned char>(data.front()) != kRecordFormat)
        throw std::runtime_error("document data is not a Dossier article record");
    RecordReader in(data.substr(1));
    StoredArticle stored;
    stored.article = read_article(in);
    const std::size_t actors = in.count();
    stored.actors.reserve(actors);
    for (std::size_t i = 0; i < actors; ++i) {
        ActorRef actor;
        actor.name = in.text();
        actor.type = actor_type_from(in.byte());
        const unsigned char flags = in.byte();
        actor.known = (flags & kActorKnown) != 0;
        stored.actors.push_back(std::move(actor));
        stored.actor_in_heading.push_back((flags & kActorInHeading) != 0);
    }
    const std::size_t passages = in.count();
    stored.passages.reserve(passages);
    for (std::size_t ordinal = 0; ordinal < passages; ++ordinal) {
        StoredPassage sp;
        Passage& p = sp.passage.passage;
        p.ordinal = static_cast<int>(ordinal);
        p.text = in.text();
        p.byte_begin = in.number();
        p.byte_end = p.byte_begin + in.number();
        p.line_first = static_cast<int>(in.number());
        p.line_last = p.line_first + static_cast<int>(in.number());
        if (bounds.size() == passages + 1) {
            sp.first_position = bounds[ordinal];
            sp.end_position = bounds[ordinal + 1];
        }
        const std::size_t actor_count = in.count();
        for (std::size_t i = 0; i < actor_count; ++i) {
            const std::uint64_t index = in.number();
            if (index < stored.actors.size())
                sp.passage.actors.push_back(stored.actors[index]);
        }
        const std::size_t date_count = in.count();
        for (std::size_t i = 0; i < date_count; ++i) {
            DateMention mention;
            mention.begin = in.number();
            mention.end = mention.begin + in.number();
            mention.date = in.date().value_or(CivilDate{});
            sp.passage.dates.push_back(mention);
        }
        stored.passages.push_back(std::move(sp));
    }
    if (!in.at_end())
        throw std::runtime_error("document data is not a Dossier article record (trailing bytes)");
    return stored;
}

RecordCompressor record_compressor(const Xapian::Database& db) {
    return RecordCompressor(db.get_metadata(std::string(schema::kMetaRecordDictionary)));
}

Article parse_stored_article_fields(std::string_view data) {
    if (data.empty() || static_cast<unsigned char>(data.front()) != kRecordFormat)
        throw std::runtime_error("document data is not a Dossier article record");
    RecordReader in(data.substr(1));
    return read_article(in, /*with_extra=*/false);
}

Article read_stored_article_fields(const Xapian::Document& doc, const RecordCompressor& records) {
    return parse_stored_article_fields(records.decompress(doc.get_data()));
}

StoredArticle read_stored_article(const Xapian::Document& doc, const RecordCompressor& records) {
    return parse_stored_article(records.decompress(doc.get_data()),
                                decode_passage_bounds(doc.get_value(schema::kSlotPassageStarts)));
}

std::string encode_passage_bounds(const std::vector<Xapian::termpos>& bounds) {
    RecordWriter out;
    Xapian::termpos previous = 0;
    for (const Xapian::termpos bound : bounds) {
        out.number(bound - previous);
        previous = bound;
    }
    return out.take();
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

std::vector<ActorWeight> actor_weights(const StoredArticle& stored) {
    std::vector<ActorWeight> weights(stored.actors.size());
    for (const StoredPassage& sp : stored.passages) {
        for (const ActorRef& actor : sp.passage.actors) {
            const auto it = std::find(stored.actors.begin(), stored.actors.end(), actor);
            if (it == stored.actors.end())
                continue;
            ActorWeight& weight = weights[static_cast<std::size_t>(it - stored.actors.begin())];
            ++weight.passages;
            weight.main |= sp.passage.passage.ordinal == 0 || weight.passages >= 2;
        }
    }
    for (std::size_t i = 0; i < weights.size() && i < stored.actor_in_heading.size(); ++i)
        weights[i].main |= stored.actor_in_heading[i];
    return weights;
}

}  // namespace dossier
