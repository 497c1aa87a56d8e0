// Throughput of each indexing stage in MB/s of input text: cleaning + metadata
// extraction, passage splitting, actor matching, date extraction and Xapian
// term generation, over the seed corpus pages and, when DOSSIER_BENCH_JSONL
// names a .jsonl(.gz) file, over the texts of its first 2,000 articles.
//   build/release/benchmarks/pipeline_benchmark --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <variant>

#include "common/dates.h"
#include "common/default_gazetteer.h"
#include "common/gazetteer.h"
#include "indexer/actor_annotator.h"
#include "indexer/document_builder.h"
#include "indexer/jsonl_reader.h"
#include "indexer/page_cleaner.h"
#include "indexer/passage_splitter.h"

namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& seed_pages() {
    static const std::vector<std::string> pages = [] {
        std::vector<std::string> out;
        for (const auto& entry : fs::directory_iterator(fs::path(DOSSIER_SOURCE_DIR) / "corpus")) {
            if (entry.path().extension() != ".txt")
                continue;
            std::ifstream in(entry.path(), std::ios::binary);
            out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        return out;
    }();
    return pages;
}

// Article texts of a JSONL corpus slice, or the seed pages when none is given.
const std::vector<std::string>& news_texts() {
    static const std::vector<std::string> texts = [] {
        const char* path = std::getenv("DOSSIER_BENCH_JSONL");
        if (path == nullptr)
            return seed_pages();
        std::vector<std::string> out;
        auto opened = dossier::JsonlReader::open(path, 16 << 20);
        if (!opened)
            throw std::runtime_error(std::string(path) + ": " + opened.problem().reason);
        dossier::JsonlReader& reader = **opened;
        std::string line;
        while (out.size() < 2000 && reader.next(line) == dossier::JsonlReader::Status::line) {
            auto record = dossier::parse_jsonl_record(line, "bench", reader.line_number());
            if (record && !record->text.empty())
                out.push_back(std::move(record->text));
        }
        return out;
    }();
    return texts;
}

const dossier::ActorGazetteer& gazetteer() {
    static const dossier::ActorGazetteer g = dossier::default_gazetteer();
    return g;
}

std::int64_t total_bytes(const std::vector<std::string>& texts) {
    std::int64_t bytes = 0;
    for (const auto& t : texts)
        bytes += static_cast<std::int64_t>(t.size());
    return bytes;
}

void BM_CleanPages(benchmark::State& state) {
    const auto& pages = seed_pages();
    for (auto _ : state) {
        for (const auto& page : pages)
            benchmark::DoNotOptimize(dossier::clean_page(page, {dossier::CivilDate{2026, 11, 23}}));
    }
    state.SetBytesProcessed(state.iterations() * total_bytes(pages));
}

void BM_SplitPassages(benchmark::State& state) {
    const auto& texts = news_texts();
    std::vector<std::vector<dossier::TextBlock>> blocks;
    for (const auto& t : texts)
        blocks.push_back(dossier::paragraph_blocks(t));
    for (auto _ : state) {
        for (std::size_t i = 0; i < texts.size(); ++i)
            benchmark::DoNotOptimize(dossier::split_into_passages(texts[i], blocks[i]));
    }
    state.SetBytesProcessed(state.iterations() * total_bytes(texts));
}

void BM_MatchActors(benchmark::State& state) {
    const auto& texts = news_texts();
    const auto& g = gazetteer();
    for (auto _ : state) {
        for (const auto& t : texts)
            benchmark::DoNotOptimize(g.match(t));
    }
    state.SetBytesProcessed(state.iterations() * total_bytes(texts));
}

void BM_FindDates(benchmark::State& state) {
    const auto& texts = news_texts();
    for (auto _ : state) {
        for (const auto& t : texts)
            benchmark::DoNotOptimize(dossier::find_date_mentions(t, 2012));
    }
    state.SetBytesProcessed(state.iterations() * total_bytes(texts));
}

// Xapian documents (terms, values, stored record) of whole annotated articles.
void BM_BuildDocuments(benchmark::State& state) {
    const auto& texts = news_texts();
    std::vector<std::vector<dossier::AnnotatedPassage>> annotated;
    for (const auto& t : texts) {
        annotated.push_back(dossier::annotate_passages(
            dossier::split_into_passages(t, dossier::paragraph_blocks(t)), gazetteer(), 2012));
    }
    dossier::Article article;
    article.id = "bench";
    article.title = "A headline about markets and policy";
    dossier::ArticleDocumentBuilder builder;
    for (auto _ : state) {
        dossier::SpellingCounts spelling;
        for (const auto& passages : annotated)
            benchmark::DoNotOptimize(builder.build(article, {}, passages, spelling));
    }
    state.SetBytesProcessed(state.iterations() * total_bytes(texts));
}

BENCHMARK(BM_CleanPages)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitPassages)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MatchActors)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FindDates)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildDocuments)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
