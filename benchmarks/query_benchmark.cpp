// Query latency per query class on the seed corpus (or an index given with
// DOSSIER_BENCH_INDEX=DIR), through the same SearchService the CLI uses: 10
// hits with snippets and attribution. Run:
//   build/release/benchmarks/query_benchmark --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "indexer/indexing_run.h"
#include "query/search/search_service.h"

#include <xapian.h>

namespace {

namespace fs = std::filesystem;

// Builds the seed-corpus index once, in a temporary directory.
fs::path bench_index() {
    static const fs::path path = [] {
        if (const char* given = std::getenv("DOSSIER_BENCH_INDEX"))
            return fs::path(given);
        const fs::path dir = fs::temp_directory_path() / "dossier-bench-index";
        fs::remove_all(dir);
        dossier::IndexingOptions options;
        options.index_directory = dir;
        options.inputs = {fs::path(DOSSIER_SOURCE_DIR) / "corpus"};
        options.today = dossier::today_utc();
        dossier::ProgressMeter quiet(stderr, false);
        std::ostringstream messages;
        dossier::run_indexing(options, quiet, messages);
        return dir;
    }();
    return path;
}

void run_query(benchmark::State& state, dossier::SearchRequest request) {
    dossier::SearchService service(bench_index());
    std::size_t hits = 0;
    for (auto _ : state) {
        const dossier::SearchResult result = service.search(request);
        hits = result.hits.size();
        benchmark::DoNotOptimize(result.hits.data());
    }
    state.counters["hits"] = static_cast<double>(hits);
}

dossier::SearchRequest words(std::string query) {
    dossier::SearchRequest request;
    request.query = std::move(query);
    return request;
}

void BM_SingleWord(benchmark::State& state) {
    run_query(state, words("sanctions"));
}
void BM_SeveralWords(benchmark::State& state) {
    run_query(state, words("china russia security alliance"));
}
void BM_Phrase(benchmark::State& state) {
    run_query(state, words("\"strategic security consultation\""));
}
void BM_ActorFilterWithFacets(benchmark::State& state) {
    auto request = words("cooperation");
    request.actors = {"Putin"};
    request.facets = {"actor", "year", "source"};
    run_query(state, request);
}
void BM_DateRangeWithFacets(benchmark::State& state) {
    auto request = words("china date:2024-01..2024-12");
    request.facets = {"actor", "month"};
    run_query(state, request);
}
void BM_FilterOnlyFacets(benchmark::State& state) {
    dossier::SearchRequest request;
    request.actors = {"NATO"};
    request.facets = {"actor", "year", "month", "source", "author"};
    run_query(state, request);
}
void BM_BroadQueryPage3(benchmark::State& state) {
    auto request = words("china OR russia");
    request.per_article = 0;
    request.offset = 20;
    run_query(state, request);
}

// The peer: a plain Xapian Enquire for the same word over the same index,
// 10 hits with their stored data, no snippets, facets or collapsing. The
// ratio of BM_SingleWord to this is what the service adds.
void BM_PlainXapianSingleWord(benchmark::State& state) {
    Xapian::Database db(bench_index().string());
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    parser.set_database(db);
    std::size_t bytes = 0;
    for (auto _ : state) {
        Xapian::Enquire enquire(db);
        enquire.set_query(parser.parse_query("sanctions"));
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            bytes += it.get_document().get_data().size();
    }
    benchmark::DoNotOptimize(bytes);
}

BENCHMARK(BM_PlainXapianSingleWord)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SingleWord)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SeveralWords)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Phrase)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ActorFilterWithFacets)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DateRangeWithFacets)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FilterOnlyFacets)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BroadQueryPage3)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
