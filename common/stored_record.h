// The record stored as each passage document's data (JSON), written by the
// indexer and read by the search side, so that a hit needs no access to the
// original files. Field list: docs/schema.md.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "common/article.h"

namespace dossier {

struct StoredPassage {
    std::string passage_id;
    Article article;
    AnnotatedPassage passage;
};

// `with_extra`: store the article's unknown JSONL fields (done for its first passage only).
nlohmann::json to_stored_json(const Article& article, const AnnotatedPassage& passage,
                              bool with_extra);

// Throws std::runtime_error naming the problem when `data` is not such a record.
StoredPassage parse_stored_record(std::string_view data);

}  // namespace dossier
