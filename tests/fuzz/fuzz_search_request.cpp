// libFuzzer target: the query string of GET /search, as dossier-serve takes
// it: decoded by cpp-httplib (the same parse_query_text the server runs),
// made a SearchRequest by search_request_from_params, searched by
// SearchService over a small index, and written as the JSON the server
// sends. The query also goes to the article and passage lookups, whose ids
// come from URL paths.
//
// The index is built once per process from corpus/ (found through
// DOSSIER_SOURCE_DIR, as the tests find it) in a temporary directory, with
// the indexer library in this process. BadRequest is the one exception a
// request may cause (the server's 400); anything else escaping is a crash.
// The JSON is written with nlohmann's strict UTF-8 check, as dossier-search
// --json writes it: the server replaces invalid bytes, but they would be a
// bug in what the index stores or the search makes of it.
#include <httplib.h>
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include "indexer/indexing_run.h"
#include "query/http/http_search_params.h"
#include "query/search/search_result.h"
#include "query/search/search_service.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace dossier;
using fuzz::require;

// dossier-serve's defaults (query/http/http_server.h).
constexpr SearchLimits kServerLimits{1000, 1000, 4096, 5.0};

class CorpusSearch {
  public:
    CorpusSearch() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "dossier-fuzz-index-XXXXXX").string();
        require(::mkdtemp(pattern.data()) != nullptr, "a temporary directory for the index");
        directory_ = pattern;
        IndexingOptions options;
        options.index_directory = directory_ / "index";
        options.inputs = {std::filesystem::path(DOSSIER_SOURCE_DIR) / "corpus"};
        options.today = fuzz::kToday;
        options.threads = 1;
        // Sharded, as every index dossier-index builds on more than one core:
        // the search merges shards, and facets count shard by shard.
        options.shards = 2;
        ProgressMeter quiet(stderr, false);
        std::ostringstream diagnostics;
        const IndexingSummary summary = run_indexing(options, quiet, diagnostics);
        require(summary.articles > 0 && summary.skipped.empty(),
                "corpus/ indexes without skips (the fuzz target's own set-up)");
        service_.emplace(options.index_directory, kServerLimits);
    }
    ~CorpusSearch() {
        service_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(directory_, ignored);
    }
    CorpusSearch(const CorpusSearch&) = delete;
    CorpusSearch& operator=(const CorpusSearch&) = delete;

    SearchService& service() { return *service_; }

  private:
    std::filesystem::path directory_;
    std::optional<SearchService> service_;
};

void write_json(const nlohmann::json& body) {
    try {
        body.dump();
    } catch (const nlohmann::json::type_error&) {
        require(false, "what the search side answers is valid UTF-8");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static CorpusSearch corpus;
    SearchService& service = corpus.service();

    httplib::Params params;
    httplib::detail::parse_query_text(std::string(fuzz::as_text(data, size)), params);
    SearchRequest request;
    try {
        request = search_request_from_params(params);
    } catch (const BadRequest&) {
        return 0;
    }
    try {
        write_json(to_json(service.search(request)));
    } catch (const BadRequest&) {
    }
    // The server takes 0..20 neighbours (kMaxNeighbours in http_server.cpp).
    if (!request.query.empty()) {
        if (const auto article = service.article(request.query))
            write_json(to_json(*article));
        if (const auto passage = service.passage(request.query, request.per_article % 21))
            write_json(to_json(*passage));
    }
    return 0;
}
