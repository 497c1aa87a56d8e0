// The one search service behind dossier-search and dossier-serve: a request
// in, a result out. Matches and ranks articles (one Xapian document each),
// finds and scores each hit's passages from the query words' positions
// (query/search/passage_scorer.h) and counts facets over every matching article.
// Owns a read-only Xapian database handle and the gazetteer stored in the
// index (so `actor:` resolves exactly as the indexer matched).
//
// Thread safety: none; give each thread its own SearchService (they are cheap
// to open). Errors: the constructor throws IndexUnavailable (no index, or not
// a Dossier index; the message says how to build one); search() throws
// BadRequest for a bad query or parameter, with the parser's message; lookups
// of unknown ids return std::nullopt.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "query/search/search_request.h"
#include "query/search/search_result.h"

namespace dossier {

class IndexUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class BadRequest : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws IndexUnavailable, with the message SearchService's constructor
// would give, when `index_directory` holds no index one could open. Opens
// the database alone (well under a millisecond), not what a search reads.
void check_index(const std::filesystem::path& index_directory);

class SearchService {
  public:
    explicit SearchService(const std::filesystem::path& index_directory, SearchLimits limits = {});
    ~SearchService();
    SearchService(SearchService&&) noexcept;
    SearchService& operator=(SearchService&&) noexcept;

    SearchResult search(const SearchRequest& request);
    // A passage by id ("<article id>@<ordinal>") with `neighbours` passages on each side.
    std::optional<PassageInContext> passage(const std::string& passage_id, unsigned neighbours = 2);
    std::optional<ArticleView> article(const std::string& article_id);
    // The story of an article: every copy, oldest first, with its source
    // and date (who republished it, and when); nullopt for an unknown id.
    std::optional<StoryView> story(const std::string& article_id);
    IndexStats stats();

    // Re-reads the latest commit (after dossier-index updated the index).
    void reopen();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
