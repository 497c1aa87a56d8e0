// dossier-index: builds or updates a Dossier index from scraped article files.
// Exit status: 0 all inputs indexed; 1 some inputs skipped (each reported as
// "path:line: reason"); 2 a fatal error (bad arguments, no such path, index
// locked or unwritable, bad gazetteer): nothing more was written.
#include <CLI/CLI.hpp>

#include <iostream>
#include <thread>

#include "indexer/index_writer.h"
#include "indexer/indexing_run.h"

namespace {

constexpr int kExitAllIndexed = 0;
constexpr int kExitSomeSkipped = 1;
constexpr int kExitFatal = 2;

dossier::CivilDate parse_today(const std::string& value) {
    const auto date = dossier::parse_iso_date(value);
    if (!date || !date->has_day()) {
        throw CLI::ValidationError("--today", "expects a date YYYY-MM-DD, got \"" + value + "\"");
    }
    return *date;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "dossier-index: build or update a Dossier index from scraped article files\n"
        "(.txt pages, .jsonl and .jsonl.gz corpora), recursively and in a stable order."};
    app.footer(
        "Exit status: 0 all inputs indexed, 1 some inputs skipped (reported as path:line: "
        "reason),\n"
        "2 fatal error (bad arguments, no such path, index locked or unwritable).");
    dossier::IndexingOptions options;
    bool json = false;
    bool quiet = false;
    std::string today;
    // One article is held and processed whole: about 11x its size at the peak
    // (docs/indexing.md, "Memory"), so these bound a writer thread's memory.
    double max_file_mb = static_cast<double>(dossier::IndexingOptions{}.max_file_bytes >> 20);
    double max_line_mb = static_cast<double>(dossier::IndexingOptions{}.max_line_bytes >> 20);
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());

    app.add_option("--index,-i", options.index_directory, "Index directory (created when missing)")
        ->required();
    bool compact = false;
    app.add_option("paths", options.inputs, "Files and directories to index");
    app.add_option("--gazetteer", options.gazetteer,
                   "Actor gazetteer to use instead of the built-in corpus/actors.json")
        ->check(CLI::ExistingFile);
    app.add_option("--actors", options.extra_gazetteers,
                   "More actors (JSON, same format), merged in; repeatable")
        ->check(CLI::ExistingFile);
    app.add_flag("--prune", options.prune,
                 "Remove articles whose files are no longer among the inputs");
    app.add_option("--threads,-j", threads,
                   "Worker threads, each writing its own shards (default: all cores)")
        ->check(CLI::Range(1u, 256u));
    app.add_option("--shards", options.shards,
                   "Shards of a new index (default: one per thread); an existing index keeps "
                   "its own")
        ->check(CLI::Range(1u, 256u));
    app.add_flag("--compact", compact,
                 "Merge the index's shards into one compacted database (no paths: nothing is "
                 "indexed)");
    app.add_option(
        "--today", today,
        "Date the weekday-only lead dates are resolved against (YYYY-MM-DD; default: today, UTC)");
    app.add_option("--max-file-mb", max_file_mb, "Skip page files larger than this (default 16)")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-line-mb", max_line_mb,
                   "Skip lines (JSONL records) longer than this (default 16)")
        ->check(CLI::PositiveNumber);
    app.add_option("--commit-every", options.commit_every_articles,
                   "Every shard commits after about this many of its articles (default 2000)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
    app.add_flag("--json", json, "Print the summary as JSON on standard output");
    app.add_flag("--quiet,-q", quiet,
                 "No progress bar and no summary text (problems are still reported)");

    try {
        app.parse(argc, argv);
        options.today = today.empty() ? dossier::today_utc() : parse_today(today);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitFatal;
    }
    options.threads = threads;
    options.max_file_bytes = static_cast<std::uint64_t>(max_file_mb * 1024 * 1024);
    options.max_line_bytes = static_cast<std::uint64_t>(max_line_mb * 1024 * 1024);

    if (compact) {
        if (!options.inputs.empty()) {
            std::cerr << "dossier-index: --compact takes no paths: run it apart from indexing\n";
            return kExitFatal;
        }
        try {
            const unsigned before = dossier::IndexWriter::merge_shards(options.index_directory);
            if (!quiet)
                std::cerr << "Merged " << before << (before == 1 ? " shard" : " shards")
                          << " into one compacted database\n";
            return kExitAllIndexed;
        } catch (const std::exception& e) {
            std::cerr << "dossier-index: " << e.what() << '\n';
            return kExitFatal;
        } catch (const Xapian::Error& e) {
            std::cerr << "dossier-index: " << options.index_directory.string() << ": "
                      << e.get_description() << '\n';
            return kExitFatal;
        }
    }
    if (options.inputs.empty()) {
        std::cerr << "dossier-index: no paths to index (see --help)\n";
        return kExitFatal;
    }
    dossier::ProgressMeter progress(stderr, !quiet);
    try {
        const dossier::IndexingSummary summary =
            dossier::run_indexing(options, progress, std::cerr);
        if (json) {
            std::cout << summary.to_json().dump(2) << '\n';
        } else if (!quiet) {
            summary.print(std::cerr);
        }
        return summary.skipped_by_reason.empty() ? kExitAllIndexed : kExitSomeSkipped;
    } catch (const dossier::FatalIndexingError& e) {
        progress.finish();
        std::cerr << "dossier-index: " << e.what() << '\n';
        return kExitFatal;
    }
}
