// The index schema: every term prefix, value slot and metadata key Dossier uses.
// The indexer writes with these constants and the search side reads with them;
// no prefix or slot number appears as a literal anywhere else. docs/schema.md
// shows the same table. One Xapian document is one passage.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace dossier::schema {

inline constexpr int kSchemaVersion = 2;

// ---- Free-text terms -------------------------------------------------------
// Passage words and the article title, stemmed with Snowball English and stored
// with positions; STEM_ALL_Z gives one "Z"-prefixed stem per word.
inline constexpr std::string_view kStemmerLanguage = "english";
inline constexpr Xapian::TermGenerator::stem_strategy kStemStrategy =
    Xapian::TermGenerator::STEM_ALL_Z;
inline constexpr std::string_view kTitlePrefix = "S";  // title words, for `title:`

// ---- Boolean terms (filters), value after the prefix --------------------------
inline constexpr std::string_view kPassageIdPrefix = "Q";    // passage id (unique)
inline constexpr std::string_view kArticleIdPrefix = "XID";  // article id
inline constexpr std::string_view kOriginPathPrefix = "P";   // origin path, relative
inline constexpr std::string_view kUrlPrefix = "U";          // article URL
inline constexpr std::string_view kAuthorPrefix = "A";       // one author, case-folded
inline constexpr std::string_view kSourcePrefix = "XS";      // publication, case-folded
inline constexpr std::string_view kActorPrefix = "XA";       // canonical actor, case-folded
inline constexpr std::string_view kActorTypePrefix = "XT";   // "person", "country", "organisation"
inline constexpr std::string_view kDatePrefix = "D";         // publication day YYYYMMDD
inline constexpr std::string_view kMonthPrefix = "M";        // publication month YYYYMM
inline constexpr std::string_view kYearPrefix = "Y";         // publication year YYYY
inline constexpr std::string_view kMentionedYearPrefix = "XMY";  // a year the passage names
inline constexpr std::string_view kMentionedDatePrefix =
    "XMD";  // a day the passage names, YYYYMMDD

// ---- Value slots -------------------------------------------------------------
inline constexpr Xapian::valueno kSlotDate = 0;     // publication day "YYYYMMDD" (ranges, sort)
inline constexpr Xapian::valueno kSlotYear = 1;     // "YYYY" (facet)
inline constexpr Xapian::valueno kSlotMonth = 2;    // "YYYY-MM" (facet)
inline constexpr Xapian::valueno kSlotSource = 3;   // display form (facet)
inline constexpr Xapian::valueno kSlotArticle = 4;  // article id (collapse key)
inline constexpr Xapian::valueno kSlotOrdinal = 5;  // sortable_serialise(passage ordinal)
// Multi-valued facets: one value per slot in a fixed run of slots, so that
// Xapian's stock ValueCountMatchSpy (one per slot, summed) counts them exactly,
// also through xapian-tcpsrv, which merges only built-in spies.
inline constexpr Xapian::valueno kSlotFirstAuthor = 10;  // display form
inline constexpr unsigned kAuthorSlotCount = 4;
inline constexpr Xapian::valueno kSlotFirstActor = 20;  // "type:Canonical Name"
inline constexpr unsigned kActorSlotCount = 32;
inline constexpr Xapian::valueno kSlotFirstMentionedYear = 60;  // "YYYY"
inline constexpr unsigned kMentionedYearSlotCount = 8;

// ---- Document data -------------------------------------------------------------
// JSON: {"passage_id","ordinal","text","location":{byte_start,byte_end,line_start,
// line_end},"actors":[{name,type,known}],"dates":[{text,date,begin,end}],
// "article":{id,title,source,author,author_bio?,date,date_origin,path,line?,url,extra?}}
// `extra` (unknown JSONL fields) is stored on the article's first passage only.

// ---- Database metadata keys ------------------------------------------------------
inline constexpr std::string_view kMetaSchemaVersion = "dossier:schema_version";
inline constexpr std::string_view kMetaGazetteer = "dossier:gazetteer";     // merged gazetteer JSON
inline constexpr std::string_view kMetaLastUpdate = "dossier:last_update";  // ISO 8601 UTC
inline constexpr std::string_view kMetaFilePrefix =
    "dossier:file:";  // + origin path -> content digest

// Xapian limits a term to 245 bytes; longer values are cut and suffixed with a
// digest of the whole so that they stay unique.
std::string boolean_term(std::string_view prefix, std::string_view value);

// The passage id: "<article id>@<ordinal>".
std::string passage_id(std::string_view article_id, int ordinal);

// The slot value of an actor: "person:Vladimir Putin".
std::string actor_slot_value(std::string_view type, std::string_view name);

}  // namespace dossier::schema
