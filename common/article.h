// The article and passage model shared by the indexer and the search side.
// Plain value types: whoever holds one owns all of it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/dates.h"

namespace dossier {

// Where an article's publication date came from.
enum class DateOrigin {
    none,    // the source gives no date: we never guess one
    header,  // the page header ("Tuesday, December 10, 2024")
    lead,    // a dated lead sentence, its year resolved from the weekday
    json,    // the `date` field of a JSON Lines record
};
std::string_view to_string(DateOrigin origin);

enum class ActorType { person, country, organisation };
std::string_view to_string(ActorType type);
std::optional<ActorType> parse_actor_type(std::string_view name);

// One article as extracted from its source, without its text.
struct Article {
    std::string id;          // unique in the index: file stem for pages, `id` for JSONL
    std::string title;       // empty when absent
    std::string author;      // empty when absent; "A and B" when several
    std::string author_bio;  // the page's author blurb, when it has one
    std::string source;      // publication name; empty when absent
    std::string url;
    // Where the story was filed, as its dateline says ("TOKYO, March 3",
    // "NEW YORK"): the JSONL `dateline` field, else the opening of its text.
    std::string dateline;
    std::optional<CivilDate> date;
    DateOrigin date_origin = DateOrigin::none;
    std::string origin_path;  // relative to the indexed root, '/'-separated
    int origin_line = 0;      // 1-based JSONL line; 0 when the article is a whole file
    nlohmann::json extra = nlohmann::json::object();  // unknown JSONL fields, verbatim
};

// A contiguous piece of an article's source text that survived cleaning:
// `begin`/`end` are byte offsets into the source text (the page file, or the
// decoded JSONL `text`), lines are 1-based and inclusive.
struct TextBlock {
    std::size_t begin = 0;
    std::size_t end = 0;
    int line_first = 0;
    int line_last = 0;
};

// The unit of retrieval.
struct Passage {
    int ordinal = 0;   // 0-based position in the article
    std::string text;  // exactly the source bytes [byte_begin, byte_end)
    std::size_t byte_begin = 0;
    std::size_t byte_end = 0;
    int line_first = 0;
    int line_last = 0;
};

// An actor a passage is about. `known` is false for a person detected from a
// title ("professor John Mearsheimer") who is not in the gazetteer.
struct ActorRef {
    std::string name;
    ActorType type = ActorType::person;
    bool known = true;
    friend bool operator==(const ActorRef&, const ActorRef&) = default;
};

struct AnnotatedPassage {
    Passage passage;
    std::vector<ActorRef> actors;    // distinct, in order of first mention
    std::vector<DateMention> dates;  // offsets relative to passage.text
};

}  // namespace dossier
