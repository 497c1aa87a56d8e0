// The only code that writes the database. Owns a Xapian::WritableDatabase and
// keeps, in the database's metadata, a digest of every indexed file so that a
// re-run skips unchanged files, replaces changed ones and (with pruning) drops
// vanished ones. A file's digest is written in the same commit as, or a later
// commit than, the last of its articles: after a crash a file without a digest
// is indexed again from scratch, so a killed run never leaves a file half-done
// for good.
//
// New passages arrive as segments (indexer/segmented_build.h), small
// databases written in parallel, which merge_segments() adds in order: by
// compacting the index and the segments into a new database that replaces the
// old one (a first build, or one large against the index: the result is also
// fully compacted), or by re-adding their documents (a small update). The
// replacement is two renames; a run killed between them is repaired when the
// index is next opened.
//
// Not thread-safe: one writer, used from one thread.
// Errors: opening throws IndexOpenError (locked, unwritable, not a database);
// Xapian errors while writing propagate as Xapian::Error.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "indexer/document_builder.h"
#include "indexer/segmented_build.h"

namespace dossier {

class IndexOpenError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class IndexWriter {
  public:
    // Creates the database when missing. `gazetteer_json` is stored so that the
    // search side resolves actors as the indexer matched them.
    IndexWriter(const std::filesystem::path& directory, const std::string& gazetteer_json,
                std::size_t commit_every_articles);

    // The digest recorded for a file, empty when it was never fully indexed.
    std::string recorded_digest(const std::string& origin_path) const;
    std::vector<std::string> recorded_files() const;

    // Removes every article of a file and its digest; returns the articles removed.
    Xapian::doccount remove_file(const std::string& origin_path);
    bool has_article(const std::string& article_id) const;

    // Where a run keeps its segments: beside the index, removed by the run.
    const std::filesystem::path& segments_directory() const { return segments_directory_; }

    // Adds the segments' articles after those the index holds, in order, and
    // records the files' digests in the same commit; commits.
    void merge_segments(const std::vector<std::filesystem::path>& segments,
                        std::size_t segment_articles, const std::vector<FinishedFile>& files);

    Xapian::doccount article_count() const { return db_.get_doccount(); }
    // Passages of every article the index holds, as of the last record_passage_totals().
    std::uint64_t passage_count() const;
    // Counts the passages and their words into the metadata; commits.
    void record_passage_totals();

  private:
    void open_database();
    void finish_file(const std::string& origin_path, const std::string& digest);
    void commit();
    void replace_by_compaction(const std::vector<std::filesystem::path>& segments,
                               const std::vector<FinishedFile>& files);

    std::filesystem::path directory_;
    std::filesystem::path segments_directory_;
    std::filesystem::path merge_directory_;
    std::filesystem::path old_directory_;
    std::string gazetteer_json_;
    Xapian::WritableDatabase db_;
    std::size_t commit_every_;
};

}  // namespace dossier
