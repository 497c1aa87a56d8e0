// The index schema: every term prefix, value slot and metadata key Dossier
// uses, and the functions that build index terms. The indexer writes with
// these and the search side reads with them; no prefix or slot number appears
// as a literal anywhere else. docs/schema.md shows the same table.
//
// One Xapian document is one article. Passages are not documents: each
// article stores its passage table (common/stored_article.h), and the search
// side finds and scores passages from the query terms' positions.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace dossier::schema {

inline constexpr int kSchemaVersion = 6;

// ---- Free-text terms -------------------------------------------------------
// Title and body words, stemmed with Snowball English and stored with
// positions; STEM_ALL_Z gives one "Z"-prefixed stem per word.
inline constexpr std::string_view kStemmerLanguage = "english";
inline constexpr Xapian::TermGenerator::stem_strategy kStemStrategy =
    Xapian::TermGenerator::STEM_ALL_Z;
inline constexpr std::string_view kStemPrefix = "Z";   // what STEM_ALL_Z puts before a stem
inline constexpr std::string_view kTitlePrefix = "S";  // title words again, for `title:`
// Title words also count as plain words of the article, each occurrence
// worth this many body occurrences (within-document frequency): a headline
// names what the article is about. benchmarks/quality measured the choice.
inline constexpr Xapian::termcount kTitleWdf = 3;
// Body positions start this far after the title's last, so that a phrase or
// NEAR never joins a title word to a body word.
inline constexpr Xapian::termpos kTitleGap = 100;

// ---- Boolean terms (filters), value after the prefix --------------------------
inline constexpr std::string_view kArticleIdPrefix = "Q";   // article id (unique): article_term()
inline constexpr std::string_view kOriginPathPrefix = "P";  // origin path, relative
inline constexpr std::string_view kAuthorPrefix = "A";      // one author, case-folded
inline constexpr std::string_view kSourcePrefix = "XS";     // publication, case-folded
inline constexpr std::string_view kActorPrefix = "XA";      // canonical actor, case-folded
inline constexpr std::string_view kActorTypePrefix = "XT";  // "person", "country", "organisation"
inline constexpr std::string_view kDatePrefix = "D";        // publication day YYYYMMDD
inline constexpr std::string_view kMonthPrefix = "M";       // publication month YYYYMM
inline constexpr std::string_view kYearPrefix = "Y";        // publication year YYYY
inline constexpr std::string_view kMentionedYearPrefix = "XMY";  // a year the article names
inline constexpr std::string_view kMentionedDatePrefix = "XMD";  // a day it names, YYYYMMDD
inline constexpr std::string_view kCopyCandidatePrefix = "XH";   // copy_candidate_term()

// ---- Value slots -------------------------------------------------------------
inline constexpr Xapian::valueno kSlotDate = 0;    // publication day "YYYYMMDD" (sort)
inline constexpr Xapian::valueno kSlotYear = 1;    // "YYYY" (facet)
inline constexpr Xapian::valueno kSlotMonth = 2;   // "YYYY-MM" (facet)
inline constexpr Xapian::valueno kSlotSource = 3;  // display form (facet)
// The first word position of every passage (common/stored_article.h's
// encoding): read for each ranked article without parsing its record.
inline constexpr Xapian::valueno kSlotPassageStarts = 4;
// Copies of one story (common/copy_sketch.h, docs/copies.md). The story key,
// the same in every copy of a story and empty in an article with no copy:
// Xapian collapses on it so that a story is one hit.
inline constexpr Xapian::valueno kSlotStory = 5;
// The article's copy sketch (common/copy_sketch.h's encoding), from which a
// candidate copy's containment is estimated.
inline constexpr Xapian::valueno kSlotCopySketch = 6;
// Multi-valued facets: one value per slot in a fixed run of slots, so that
// Xapian's stock ValueCountMatchSpy (one per slot, summed) counts them exactly,
// also through xapian-tcpsrv, which merges only built-in spies.
inline constexpr Xapian::valueno kSlotFirstAuthor = 10;  // display form
inline constexpr unsigned kAuthorSlotCount = 4;
inline constexpr Xapian::valueno kSlotFirstActor = 20;  // actor_slot_value()
inline constexpr unsigned kActorSlotCount = 32;
inline constexpr Xapian::valueno kSlotFirstMentionedYear = 60;  // "YYYY"
inline constexpr unsigned kMentionedYearSlotCount = 8;

// ---- Database metadata keys ------------------------------------------------------
inline constexpr std::string_view kMetaSchemaVersion = "dossier:schema_version";
inline constexpr std::string_view kMetaGazetteer = "dossier:gazetteer";     // merged gazetteer JSON
inline constexpr std::string_view kMetaLastUpdate = "dossier:last_update";  // ISO 8601 UTC
// The zstd dictionary stored records are compressed with (common/record_compression.h).
inline constexpr std::string_view kMetaRecordDictionary = "dossier:record_dictionary";
// Passages of all articles, and their words. Written at the end of every
// indexing run, for statistics (a stub's metadata is its first shard's).
inline constexpr std::string_view kMetaPassages = "dossier:passages";
inline constexpr std::string_view kMetaPassageWords = "dossier:passage_words";
// The last document of a shard whose copies were linked (indexer/story_linker.h).
inline constexpr std::string_view kMetaStoriesThrough = "dossier:stories_linked_through";
inline constexpr std::string_view kMetaFilePrefix =
    "dossier:file:";  // + origin path -> content digest

// ---- Term builders ---------------------------------------------------------------
// Xapian limits a term to 245 bytes; longer values are cut and suffixed with a
// digest of the whole so that they stay unique.
std::string boolean_term(std::string_view prefix, std::string_view value);

// The unique term of an article: "Q" + the id when it has at most
// kLiteralArticleIdBytes bytes, else "Q#" + a 96-bit digest of it (16
// characters). Ids are often URLs: the term is in the posting list table
// and in every article's term list, and a 60-byte id made 2% of an index.
inline constexpr std::size_t kLiteralArticleIdBytes = 24;
std::string article_term(std::string_view article_id);
// Publication date terms from a "YYYYMMDD" key (the first 4 or 6 characters
// are used for the year and the month).
std::string day_term(std::string_view yyyymmdd);
std::string month_term(std::string_view yyyymmdd);
std::string year_term(std::string_view yyyymmdd);
// The filter term of an actor, source or author: the value case-folded.
std::string folded_term(std::string_view prefix, std::string_view value);

// Stems as indexed: "Z" + stem for body and title words, "ZS" + stem for
// title words under `title:`.
std::string stem_term(std::string_view stem);
std::string title_stem_term(std::string_view stem);
// True for a term made by stem_term() (not by title_stem_term()).
bool is_word_term(std::string_view term);
// True for both kinds of stem term.
bool is_stem_term(std::string_view term);

// Copies (docs/copies.md). A story's key (kSlotStory): 10 URL-safe base64
// characters of a 60-bit digest of the id of the article that founded it. A
// copy candidate term: "XH" + 6 characters (36 bits) of a sampled shingle
// hash (indexer/copy_sketch.h): two unrelated shingles that share a term
// cost one comparison, nothing more.
std::string story_key(std::string_view founding_article_id);
std::string copy_candidate_term(std::uint64_t shingle_hash);

// The passage id: "<article id>@<ordinal>".
std::string passage_id(std::string_view article_id, int ordinal);
// Splits a passage id at its last '@'; false when it has no ordinal.
bool split_passage_id(std::string_view passage_id, std::string& article_id, int& ordinal);

// The slot value of an actor: its type's letter, a colon, its name
// ("p:Vladimir Putin"; c country, o organisation), and back to the type's
// full name and the actor's name ({"person", "Vladimir Putin"}).
std::string actor_slot_value(std::string_view type, std::string_view name);
std::pair<std::string_view, std::string_view> split_actor_slot_value(std::string_view value);

}  // namespace dossier::schema
