// Owns an index's layout and its writable shards. An index is a directory of shards:
// one Xapian database per shard and a stub file, XAPIANDB, that names them,
// so that the directory opens as one database (Xapian's own stub format:
// dossier-search, quest, xapian-delve, xapian-compact and xapian-tcpsrv all
// take it). An article lives in the shard a stable hash of its id gives, so
// that each shard has one writer, on its own thread, and nothing is merged.
//
// The writer opens every shard (taking Xapian's lock on each), keeps in the
// first shard's metadata a digest of every indexed file, so that a re-run
// skips unchanged files, replaces changed ones and (with pruning) drops
// vanished ones. A file's digest is written only once every shard has
// committed the file's articles: after a crash a file without a digest is
// indexed again, so a killed run never leaves a file half-done for good.
// Replacing shards (compaction) swaps the stub file in one rename.
//
// Threads: the shards are lent to the build's workers (indexer/sharded_build.h:
// one owner each, who adds, deletes and commits) while a build runs; everything else is for one
// thread, before or after. Errors: opening throws IndexOpenError (locked, unwritable, not a Dossier
// index, an older schema); Xapian errors while writing propagate as
// Xapian::Error.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

class IndexOpenError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A file whose articles have all been handed over, with the digest to record
// once they are durable.
struct FinishedFile {
    std::string origin_path;
    std::string digest;
};

class IndexWriter {
  public:
    // Creates the index with `shards_if_new` shards when the directory is
    // missing or empty; an existing index keeps its shard count.
    // `gazetteer_json` is stored so that the search side resolves actors as
    // the indexer matched them.
    IndexWriter(const std::filesystem::path& directory, const std::string& gazetteer_json,
                unsigned shards_if_new);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }
    Xapian::WritableDatabase& shard(unsigned index) { return shards_[index]; }
    // Runs `work(index, shard)` for every shard, each on a thread of its own
    // (the shards are separate databases), and rethrows the first shard's
    // exception once all have finished. Not while a build's workers own the shards.
    void for_each_shard_in_parallel(
        const std::function<void(unsigned, Xapian::WritableDatabase&)>& work);
    // The shard an article belongs in: FNV-1a of its id, modulo the shard count.
    static unsigned shard_of(std::string_view article_id, unsigned shard_count);

    // The dictionary the index's records are compressed with (empty: none yet).
    const std::string& record_dictionary() const { return record_dictionary_; }
    // Stores a dictionary into every shard, for an index that has none; its
    // records written before stay readable (they are plain). Before any
    // article of the run is handed to a worker.
    void set_record_dictionary(const std::string& dictionary);

    // The last document of a shard whose copies have been linked
    // (indexer/story_linker.h), and the linker's note that all are now.
    Xapian::docid stories_linked_through(unsigned shard) const { return stories_linked_[shard]; }
    void set_stories_linked_through(unsigned shard);

    // True when the index held no article when the run opened it.
    bool started_empty() const { return started_empty_; }

    // As the run found the index: the digest recorded for a file (empty when
    // it was never fully indexed), and every file with one.
    std::string recorded_digest(const std::string& origin_path) const;
    std::vector<std::string> recorded_files() const;
    // True when another file already holds an article with this id: one the
    // index held when the run began (unless it is `origin_path`'s own, which a
    // re-index replaces), or one handed over earlier in this run.
    bool is_duplicate(const std::string& article_id, const std::string& origin_path);

    // Metadata of the first shard that makes files' articles count as
    // indexed; the caller commits that shard. For whoever owns shard 0.
    static void record_digests(Xapian::WritableDatabase& first_shard,
                               const std::vector<FinishedFile>& files);

    // After the build's workers have stopped: records the remaining digests,
    // forgets `forgotten` files, counts passages into every shard's metadata
    // and commits every shard. With `compact`, then rewrites every shard
    // compacted (in parallel) and swaps them in with one rename. Returns the
    // seconds compaction took.
    double finish(const std::vector<FinishedFile>& files, const std::vector<std::string>& forgotten,
                  bool compact);

    Xapian::doccount article_count() const;
    std::uint64_t passage_count() const;  // as of finish()

    // dossier-index --compact: merges every shard of the index at `directory`
    // into one compacted database, swapped in with one rename. Returns the
    // shard count before.
    static unsigned merge_shards(const std::filesystem::path& directory);

  private:
    void open_shards(const std::vector<std::string>& names, bool create);
    void write_stub(const std::vector<std::string>& names) const;
    void remove_unlisted(const std::vector<std::string>& names) const;
    void compact_shards();
    void sync_shards() const;

    std::filesystem::path directory_;
    std::string gazetteer_json_;
    std::string record_dictionary_;
    std::vector<std::string> shard_names_;  // relative to directory_, as in the stub
    std::vector<Xapian::WritableDatabase> shards_;
    std::vector<Xapian::docid> stories_linked_;  // by shard
    bool started_empty_ = true;
    std::map<std::string, std::string> recorded_;  // origin path -> digest, at open
    std::set<std::string> existing_ids_;           // article ids at open
    std::set<std::string> ids_this_run_;
    std::optional<Xapian::Database> snapshot_;  // the index as opened, for lookups
    std::uint64_t passages_ = 0;
    bool unsynced_ = false;  // a new index, written without fsync until finish()
};

}  // namespace dossier
