// Reads the articles of JSONL(.gz) corpora for the peers and the raw floor,
// through Dossier's own JSONL reader, so every engine in a benchmark run sees
// the same articles with the same decoded title and text.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dossier::bench {

struct StreamedArticle {
    std::string id;
    std::string title;
    std::string text;
    std::string date;  // YYYY-MM-DD, or empty when the record has none
};

// Calls `visit` for each article of `files` in order, at most `limit` of them
// (0 = all). Lines that do not parse and records with an empty text are
// skipped, as dossier-index skips them, so every engine gets the same articles.
// Throws std::runtime_error("path: reason") on an unreadable file.
// Returns the number of articles visited.
std::size_t for_each_article(const std::vector<std::filesystem::path>& files, std::size_t limit,
                             const std::function<void(const StreamedArticle&)>& visit);

}  // namespace dossier::bench
