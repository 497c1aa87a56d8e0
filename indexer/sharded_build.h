// Writes articles into the index's shards with one worker thread per group
// of shards. Xapian has one writer per database, and that writer, not our
// text processing, is where indexing time goes; so each worker owns some
// shards outright (an article goes to the shard IndexWriter::shard_of gives),
// processes the articles that belong there and writes them, and no shard is
// ever merged into another: the threads' work adds up.
//
// Durability: every `checkpoint_articles` articles per shard the build asks
// every shard to commit; once all have, the files finished before that point get
// their digests (written into the first shard by its owner). Within a shard,
// articles keep input order, and a file's removal reaches every shard before
// the file's new articles do.
//
// Stored records: an index without a record dictionary
// (common/record_compression.h) learns one from the run's first articles,
// which are held back until then (at most 3,000 articles or 16 MB of text).
//
// Ownership: borrows the writer (whose shards the workers use until
// finish()) and the gazetteer; both must outlive the build. Threads: add(),
// remove_file(), end_file() and finish() are for one calling thread.
// Errors: a worker's exception (a Xapian error writing a shard) is rethrown
// by the next call from the calling thread.
#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/gazetteer.h"
#include "indexer/article_processor.h"
#include "indexer/index_writer.h"
#include "indexer/story_linker.h"

namespace dossier {

// An article the build could not index, with its place in the input.
struct SkippedArticle {
    std::size_t sequence = 0;  // the order add() saw it in
    std::string origin_path;   // of its file (Article::origin_path)
    InputProblem problem;
};

struct BuildTotals {
    std::size_t articles = 0;
    std::size_t passages = 0;
    std::size_t actor_mentions = 0;
    std::size_t articles_over_actor_slots = 0;
    std::size_t articles_removed = 0;
    std::size_t empty_records = 0;               // JSONL records with neither title nor text
    std::vector<ActorRef> actors;                // distinct by name
    std::vector<FinishedFile> unrecorded_files;  // finished after the last checkpoint
    // For linking copies into stories once the build is done (indexer/story_linker.h).
    std::vector<AddedArticle> added;
    std::set<std::string> broken_stories;  // keys of stories an article was removed from
};

class ShardedBuild {
  public:
    ShardedBuild(IndexWriter& writer, unsigned threads, const ActorGazetteer& gazetteer,
                 ProcessingOptions options, std::size_t checkpoint_articles);
    ~ShardedBuild();
    ShardedBuild(const ShardedBuild&) = delete;
    ShardedBuild& operator=(const ShardedBuild&) = delete;

    // Queues an article for its shard; blocks while that shard's queue is full.
    void add(RawArticle&& article, std::size_t sequence);
    // Removes every article of a file from every shard, before anything queued later.
    void remove_file(const std::string& origin_path);
    // Marks the end of a file: its digest is recorded once its articles are durable.
    void end_file(FinishedFile file);
    // Articles the workers skipped since the last call, in no set order.
    std::vector<SkippedArticle> take_skipped();
    // Commits every shard and stops the workers.
    BuildTotals finish();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
