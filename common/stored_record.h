// The record stored as each passage document's data (JSON), written by the
// indexer and read by the search side, so that a hit needs no access to the
// original files. Field list: docs/schema.md.
//
// The article's own fields (title, source, author, date, url, ...) are stored
// with its first passage only; the others carry the article id, origin path
// and line, and the search side completes them from the first passage. Half
// a passage record is article fields, repeated for every passage otherwise.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "common/article.h"

namespace dossier {

struct StoredPassage {
    std::string passage_id;
    Article article;  // only id, origin_path and origin_line unless article_complete
    AnnotatedPassage passage;
    bool article_complete = false;
};

// `first_passage`: store the article's fields (and its unknown JSONL fields).
nlohmann::json to_stored_json(const Article& article, const AnnotatedPassage& passage,
                              bool first_passage);

// Throws std::runtime_error naming the problem when `data` is not such a record.
StoredPassage parse_stored_record(std::string_view data);

}  // namespace dossier
