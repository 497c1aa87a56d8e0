// The only code that writes the database. Owns a Xapian::WritableDatabase and
// keeps, in the database's metadata, a digest of every indexed file so that a
// re-run skips unchanged files, replaces changed ones and (with pruning) drops
// vanished ones. A file's digest is written in the same commit as, or a later
// commit than, the last of its passages: after a crash a file without a digest
// is indexed again from scratch, so a killed run never leaves a file half-done
// for good.
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
                std::size_t commit_every_passages);

    // The digest recorded for a file, empty when it was never fully indexed.
    std::string recorded_digest(const std::string& origin_path) const;
    std::vector<std::string> recorded_files() const;

    // Removes every passage of a file and its digest; returns the passages removed.
    Xapian::doccount remove_file(const std::string& origin_path);
    bool has_article(const std::string& article_id) const;

    void add(PassageDocument&& passage);
    void add_spelling(const SpellingCounts& words);
    void finish_file(const std::string& origin_path, const std::string& digest);

    // Commits when enough passages are pending; a commit is always at an
    // article boundary because callers call it between articles.
    void commit_if_due();
    void commit();

    Xapian::doccount passage_count() const { return db_.get_doccount(); }

  private:
    Xapian::WritableDatabase db_;
    std::size_t commit_every_;
    std::size_t pending_ = 0;
};

}  // namespace dossier
