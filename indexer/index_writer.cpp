#include "indexer/index_writer.h"

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "common/schema.h"
#include "common/stored_article.h"

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

// "ix/" and "./ix" name the same index; the work folders sit beside it.
std::filesystem::path normalised(const std::filesystem::path& directory) {
    std::filesystem::path clean = std::filesystem::absolute(directory).lexically_normal();
    if (clean.filename().empty())
        clean = clean.parent_path();
    return clean;
}

std::filesystem::path beside(const std::filesystem::path& directory, std::string_view suffix) {
    return directory.parent_path() / (directory.filename().string() + std::string(suffix));
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& directory, const std::string& gazetteer_json,
                         std::size_t commit_every_articles)
    : directory_(normalised(directory)),
      segments_directory_(beside(directory_, ".dossier-segments")),
      merge_directory_(beside(directory_, ".dossier-merge")),
      old_directory_(beside(directory_, ".dossier-old")),
      gazetteer_json_(gazetteer_json),
      commit_every_(commit_every_articles) {
    // We commit in our own batches; Xapian's automatic flush would commit in
    // the middle of a file and cost time on large corpora.
    ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(commit_every_ + 1).c_str(), 1);
    std::error_code ec;
    // A run killed between the two renames of a replacement left the old
    // index aside and the new one complete: the new one is what it committed.
    if (!std::filesystem::exists(directory_, ec) && std::filesystem::exists(merge_directory_, ec))
        std::filesystem::rename(merge_directory_, directory_, ec);
    if (!std::filesystem::exists(directory_, ec) && std::filesystem::exists(old_directory_, ec))
        std::filesystem::rename(old_directory_, directory_, ec);
    open_database();
    // Only after the lock is ours: leftovers of a killed run.
    std::filesystem::remove_all(segments_directory_, ec);
    std::filesystem::remove_all(merge_directory_, ec);
    std::filesystem::remove_all(old_directory_, ec);
}

void IndexWriter::open_database() {
    const std::string name = directory_.string();
    try {
        db_ = Xapian::WritableDatabase(name, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexOpenError(name +
                             ": the index is locked by another writer (is dossier-index already "
                             "running on it?)");
    } catch (const Xapian::Error& e) {
        throw IndexOpenError(name + ": cannot open or create the index: " + e.get_description());
    }
    const std::string version = db_.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (!version.empty() && version != std::to_string(schema::kSchemaVersion)) {
        throw IndexOpenError(name + ": the index was built with schema version " + version +
                             " and this dossier-index writes version " +
                             std::to_string(schema::kSchemaVersion) +
                             ", which stores one document per article: rebuild it (remove the "
                             "directory and run dossier-index again on the same inputs) or "
                             "index into a new directory");
    }
    db_.set_metadata(std::string(schema::kMetaSchemaVersion),
                     std::to_string(schema::kSchemaVersion));
    db_.set_metadata(std::string(schema::kMetaGazetteer), gazetteer_json_);
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
    return removed;
}

bool IndexWriter::has_article(const std::string& article_id) const {
    return db_.term_exists(schema::article_term(article_id));
}

void IndexWriter::merge_segments(const std::vector<std::filesystem::path>& segments,
                                 std::size_t segment_articles,
                                 const std::vector<FinishedFile>& files) {
    // Compacting rewrites the whole index; re-adding costs the single
    // writer's time per article. A first build always compacts; an update
    // compacts when it is large in itself and against the index, so that a
    // small update leaves the files a running dossier-serve has open alone.
    const Xapian::doccount held = db_.get_doccount();
    const bool large = segment_articles >= commit_every_ && segment_articles * 4 >= held;
    if (!segments.empty() && (held == 0 || large)) {
        replace_by_compaction(segments, files);
        return;
    }
    // Callers removed a changed file's old articles and refused duplicate
    // article ids, so every article id is new and add_document (no lookup) is safe.
    for (const std::filesystem::path& segment : segments) {
        const Xapian::Database source(segment.string());
        for (auto it = source.postlist_begin(""); it != source.postlist_end(""); ++it)
            db_.add_document(source.get_document(*it));
        for (auto word = source.spellings_begin(); word != source.spellings_end(); ++word)
            db_.add_spelling(*word, word.get_termfreq());
    }
    for (const FinishedFile& file : files)
        finish_file(file.origin_path, file.digest);
    commit();
}

void IndexWriter::replace_by_compaction(const std::vector<std::filesystem::path>& segments,
                                        const std::vector<FinishedFile>& files) {
    commit();  // deletions of changed and pruned files go into the compacted index
    db_.close();
    std::filesystem::remove_all(merge_directory_);
    {
        Xapian::Database sources(directory_.string());
        for (const std::filesystem::path& segment : segments)
            sources.add_database(Xapian::Database(segment.string()));
        // Sources are concatenated in order, so articles keep input order.
        // One pass over all of them: Xapian's multi-pass merge was slower
        // here (3.2 s against 2.5 s for 38 segments of Reuters 2012).
        sources.compact(merge_directory_.string(), 0);
    }
    {
        Xapian::WritableDatabase merged(merge_directory_.string(), Xapian::DB_OPEN);
        for (const FinishedFile& file : files)
            merged.set_metadata(file_key(file.origin_path), file.digest);
        merged.set_metadata(std::string(schema::kMetaLastUpdate), now_iso_utc());
        merged.commit();
    }
    std::filesystem::rename(directory_, old_directory_);
    std::filesystem::rename(merge_directory_, directory_);
    std::filesystem::remove_all(old_directory_);
    open_database();
}

std::uint64_t IndexWriter::passage_count() const {
    const std::string value = db_.get_metadata(std::string(schema::kMetaPassages));
    return value.empty() ? 0 : std::stoull(value);
}

void IndexWriter::record_passage_totals() {
    std::uint64_t passages = 0;
    std::uint64_t words = 0;
    for (auto it = db_.valuestream_begin(schema::kSlotPassageStarts);
         it != db_.valuestream_end(schema::kSlotPassageStarts); ++it) {
        const std::vector<Xapian::termpos> bounds = decode_passage_bounds(*it);
        if (bounds.size() < 2)
            continue;
        passages += bounds.size() - 1;
        words += bounds.back() - bounds.front();
    }
    db_.set_metadata(std::string(schema::kMetaPassages), std::to_string(passages));
    db_.set_metadata(std::string(schema::kMetaPassageWords), std::to_string(words));
    commit();
}

void IndexWriter::finish_file(const std::string& origin_path, const std::string& digest) {
    db_.set_metadata(file_key(origin_path), digest);
}

void IndexWriter::commit() {
    db_.set_metadata(std::string(schema::kMetaLastUpdate), now_iso_utc());
    db_.commit();
}

}  // namespace dossier
