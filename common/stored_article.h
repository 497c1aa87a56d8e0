// The record stored as each article document's data, written by the indexer
// and read by the search side, so that a hit needs no access to the original
// files: the article's fields, its distinct actors and its passage table
// (text, byte and line range, word positions, actors, dates), in a compact
// binary form (varints and length-prefixed strings; layout: docs/schema.md).
//
// Also the compact form of the passage table's word positions kept in a value
// slot (schema::kSlotPassageStarts), which passage scoring reads for every
// ranked article without parsing the record.
//
// Plain values; errors: parse_stored_article throws std::runtime_error naming
// the problem when the data is not such a record (another format, truncated
// or damaged): it never reads past the data.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/record_compression.h"

namespace dossier {

struct StoredPassage {
    AnnotatedPassage passage;
    // The passage's words hold document positions [first_position, end_position).
    Xapian::termpos first_position = 0;
    Xapian::termpos end_position = 0;
};

struct StoredArticle {
    Article article;
    std::vector<ActorRef> actors;  // distinct, the title's first, then in order of first mention
    // Per actor: named in the title, or the country of the dateline.
    std::vector<bool> actor_in_heading;
    std::vector<StoredPassage> passages;
};

// What each actor of an article amounts to there: how many passages name it,
// and whether it is a main actor of the article, one the story is about
// rather than one it mentions in passing: named in the title or dateline, in
// the first passage (the lead), or in two passages or more. Parallel to
// stored.actors.
struct ActorWeight {
    std::size_t passages = 0;
    bool main = false;
};
std::vector<ActorWeight> actor_weights(const StoredArticle& stored);

// The record holds no word positions: they are the document's passage
// bounds (below), which parse_stored_article takes back. Without bounds, or
// with bounds that do not fit the record, the positions stay 0.
std::string encode_stored_article(const StoredArticle& stored);
StoredArticle parse_stored_article(std::string_view data,
                                   const std::vector<Xapian::termpos>& bounds = {});

// The article's own fields alone, from the head of its record: no `extra`
// (left empty), actors or passages. What a listing of an article's copies
// shows, at a fraction of parse_stored_article's work. Throws as it does
// when the record's head is not an article's.
Article parse_stored_article_fields(std::string_view data);

// The compressor for the document data of `db`: its stored dictionary, if any.
RecordCompressor record_compressor(const Xapian::Database& db);
// A document's record, decompressed with `records` when it was compressed.
StoredArticle read_stored_article(const Xapian::Document& doc, const RecordCompressor& records);
// Its fields alone (parse_stored_article_fields).
Article read_stored_article_fields(const Xapian::Document& doc, const RecordCompressor& records);

// Passage boundaries: the first position of each passage, then the end of the
// last. Varint deltas; a few bytes per passage.
std::string encode_passage_bounds(const std::vector<Xapian::termpos>& bounds);
std::vector<Xapian::termpos> decode_passage_bounds(std::string_view encoded);

}  // namespace dossier
