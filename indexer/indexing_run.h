// One run of dossier-index: find the input files, read and clean them, split
// passages, annotate actors and dates, and write the index, in parallel where
// the work allows: each worker thread processes and writes the articles of
// the shards it owns (indexer/sharded_build.h), in input order within a
// shard, so runs with the same shard count are deterministic.
//
// Errors: problems with single inputs are reported as "path:line: reason",
// counted in the summary and skipped; problems that stop the whole run (no
// such input path, index locked or unwritable, bad gazetteer) throw
// FatalIndexingError. Everything committed before a fatal error stays.
#pragma once

#include <xapian.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/dates.h"
#include "indexer/passage_splitter.h"
#include "indexer/progress_meter.h"

namespace dossier {

struct IndexingOptions {
    std::filesystem::path index_directory;
    std::vector<std::filesystem::path> inputs;
    std::filesystem::path gazetteer;                      // empty: the built-in corpus/actors.json
    std::vector<std::filesystem::path> extra_gazetteers;  // --actors FILE, merged in
    bool prune = false;
    unsigned threads = 1;
    CivilDate today;                             // resolves the year of weekday-only lead dates
    std::uint64_t max_file_bytes = 16ULL << 20;  // a page file larger than this is skipped
    std::uint64_t max_line_bytes = 16ULL << 20;  // a longer line (JSONL or page) is skipped
    // Every shard commits after about this many of its articles, and the
    // finished files' digests are recorded (indexer/sharded_build.h).
    // Xapian's in-memory inverter slows down as it grows: 2,000 took 11.6 s
    // of CPU on 5,834 Reuters articles, 500 12.2 s, 4,000 13.9 s and 10,000
    // 21.8 s (docs/BENCHMARKS.md).
    std::size_t commit_every_articles = 2000;
    // Shards of a new index (0: one per thread); an existing index keeps its own.
    unsigned shards = 0;
    PassageBounds bounds;
};

struct SkippedInput {
    std::string location;  // "path" or "path:line"
    std::string reason;
    std::size_t sequence = 0;  // articles handed over before it: keeps input order
};

struct IndexingSummary {
    std::size_t files_seen = 0;
    std::size_t files_indexed = 0;
    std::size_t files_unchanged = 0;
    std::size_t files_ignored = 0;  // other extensions
    std::size_t files_pruned = 0;
    std::size_t articles = 0;
    std::size_t passages = 0;
    std::size_t articles_removed = 0;  // replaced or pruned
    std::size_t actor_mentions = 0;    // passage-actor pairs
    std::size_t distinct_actors = 0;
    std::size_t detected_actors = 0;            // distinct people found by title only
    std::size_t articles_over_actor_slots = 0;  // facet counts omit their extra actors
    std::size_t empty_records = 0;  // JSONL records with neither title nor text: not indexed
    // In the whole index after the run: stories of two articles or more and
    // the articles in them; of this run: copy pairs found, pairs decided on
    // exact shingle sets, and the time linking took (part of `seconds`).
    std::size_t stories = 0;
    std::size_t articles_in_stories = 0;
    std::size_t copy_links = 0;
    std::size_t copy_exact_checks = 0;
    double story_seconds = 0;
    double story_write_seconds = 0;  // of story_seconds: writing the story keys
    std::uint64_t bytes = 0;
    double seconds = 0;
    double compact_seconds = 0;  // of `seconds`: compacting the shards of a first build
    unsigned shards = 0;
    std::size_t warnings = 0;  // inputs indexed, but not as given (a field of the wrong type)
    std::vector<SkippedInput> skipped;
    std::map<std::string, std::size_t> skipped_by_reason;
    Xapian::doccount index_articles = 0;  // in the whole index after the run
    std::uint64_t index_passages = 0;

    nlohmann::json to_json() const;
    void print(std::ostream& out) const;
};

class FatalIndexingError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// `diagnostics` receives one "path:line: reason" line per skipped input as it happens.
IndexingSummary run_indexing(const IndexingOptions& options, ProgressMeter& progress,
                             std::ostream& diagnostics);

}  // namespace dossier
