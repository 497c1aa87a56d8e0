#include "indexer/index_writer.h"

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "common/schema.h"

namespace dossier {

namespace {

std::string file_key(const std::string& origin_path) {
    // Metadata keys are limited like terms; long paths are digested.
    return schema::boolean_term(schema::kMetaFilePrefix, origin_path);
}

std::string now_iso_utc() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& directory, const std::string& gazetteer_json,
                         std::size_t commit_every_passages)
    : commit_every_(commit_every_passages) {
    // We commit in our own batches; Xapian's automatic flush would commit in
    // the middle of a file and cost time on large corpora.
    ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(commit_every_ + 1).c_str(), 1);
    try {
        db_ = Xapian::WritableDatabase(directory.string(), Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexOpenError(directory.string() +
                             ": the index is locked by another writer (is dossier-index already "
                             "running on it?)");
    } catch (const Xapian::Error& e) {
        throw IndexOpenError(directory.string() +
                             ": cannot open or create the index: " + e.get_description());
    }
    const std::string version = db_.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (!version.empty() && version != std::to_string(schema::kSchemaVersion)) {
        throw IndexOpenError(directory.string() + ": index has schema version " + version +
                             ", this dossier-index writes version " +
                             std::to_string(schema::kSchemaVersion) +
                             "; index into a new directory");
    }
    db_.set_metadata(std::string(schema::kMetaSchemaVersion),
                     std::to_string(schema::kSchemaVersion));
    db_.set_metadata(std::string(schema::kMetaGazetteer), gazetteer_json);
}

std::string IndexWriter::recorded_digest(const std::string& origin_path) const {
    return db_.get_metadata(file_key(origin_path));
}

std::vector<std::string> IndexWriter::recorded_files() const {
    std::vector<std::string> files;
    const std::string prefix(schema::kMetaFilePrefix);
    for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
        files.push_back((*it).substr(prefix.size()));
    }
    return files;
}

Xapian::doccount IndexWriter::remove_file(const std::string& origin_path) {
    const std::string term = schema::boolean_term(schema::kOriginPathPrefix, origin_path);
    const Xapian::doccount removed = db_.get_termfreq(term);
    if (removed > 0)
        db_.delete_document(term);
    db_.set_metadata(file_key(origin_path), std::string());
    pending_ += removed;
    return removed;
}

bool IndexWriter::has_article(const std::string& article_id) const {
    return db_.term_exists(schema::boolean_term(schema::kArticleIdPrefix, article_id));
}

void IndexWriter::add(PassageDocument&& passage) {
    // Callers remove a file's old passages and refuse duplicate article ids
    // first, so a passage id is new here and add_document (no lookup) is safe.
    db_.add_document(passage.document);
    ++pending_;
}

void IndexWriter::add_spelling(const SpellingCounts& words) {
    for (const auto& [word, count] : words)
        db_.add_spelling(word, count);
}

void IndexWriter::finish_file(const std::string& origin_path, const std::string& digest) {
    db_.set_metadata(file_key(origin_path), digest);
}

void IndexWriter::commit_if_due() {
    if (pending_ >= commit_every_)
        commit();
}

void IndexWriter::commit() {
    db_.set_metadata(std::string(schema::kMetaLastUpdate), now_iso_utc());
    db_.commit();
    pending_ = 0;
}

}  // namespace dossier
