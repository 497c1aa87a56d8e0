#include "indexer/index_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "common/schema.h"
#include "common/stored_article.h"
#include "indexer/parallel.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStubName = "XAPIANDB";

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

// "ix/" and "./ix" name the same index.
fs::path normalised(const fs::path& directory) {
    fs::path clean = fs::absolute(directory).lexically_normal();
    if (clean.filename().empty())
        clean = clean.parent_path();
    return clean;
}

// Compacted shards are written in 64 KB blocks, not Xapian's default 8 KB:
// on Reuters financial news the index is 2.6% smaller (fewer records and
// position lists split over blocks) and searches are as fast (p50 of the
// query set within 2%, docs/BENCHMARKS.md). Updates rewrite whole blocks,
// so a later run's commits write more; indexing runs are batch jobs.
constexpr int kCompactedBlockSize = 65536;

// Shard directories are named "shard-<generation>-<index>"; a compaction
// writes the next generation beside the current one, so the stub can switch
// from one to the other in one rename.
std::string shard_name(unsigned generation, unsigned index) {
    char name[48];
    std::snprintf(name, sizeof name, "shard-%u-%03u", generation, index);
    return name;
}

unsigned generation_of(const std::string& name) {
    unsigned generation = 0;
    std::sscanf(name.c_str(), "shard-%u-", &generation);
    return generation;
}

// The stub's lines: "glass shard-0-000".
std::vector<std::string> read_stub(const fs::path& stub) {
    std::ifstream in(stub);
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string backend, name;
        if (words >> backend >> name)
            names.push_back(name);
    }
    return names;
}

// An empty directory, or what a first run killed before it wrote the shard
// list left: a new index.
bool only_unlisted_shards(const fs::path& directory) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("shard-", 0) != 0 && name != "XAPIANDB.next")
            return false;
    }
    return true;
}

std::string how_to_rebuild(const fs::path& directory) {
    return "rebuild it: remove " + directory.string() + " and run dossier-index --index " +
           directory.string() + " on the same inputs again";
}

}  // namespace

unsigned IndexWriter::shard_of(std::string_view article_id, unsigned shard_count) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (const unsigned char c : article_id) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return static_cast<unsigned>(hash % std::max(1u, shard_count));
}

IndexWriter::IndexWriter(const fs::path& directory, const std::string& gazetteer_json,
                         unsigned shards_if_new)
    : directory_(normalised(directory)), gazetteer_json_(gazetteer_json) {
    const std::string name = directory_.string();
    std::error_code ec;
    const fs::path stub = directory_ / kStubName;
    std::vector<std::string> names;
    if (fs::exists(stub, ec)) {
        names = read_stub(stub);
        if (names.empty())
            throw IndexOpenError(name + ": the shard list " + stub.string() + " is empty");
    } else if (fs::exists(directory_, ec) && !only_unlisted_shards(directory_)) {
        // A plain Xapian database here is an index of an earlier schema.
        std::string version;
        try {
            version = Xapian::Database(name).get_metadata(std::string(schema::kMetaSchemaVersion));
        } catch (const Xapian::Error&) {
        }
        if (version == std::to_string(schema::kSchemaVersion)) {
            throw IndexOpenError(name + ": a single database, not a directory of shards: " +
                                 how_to_rebuild(directory_) +
                                 " (or move it into a new directory as shard-0-000 and write "
                                 "\"glass shard-0-000\" into that directory's XAPIANDB)");
        }
        if (!version.empty()) {
            throw IndexOpenError(
                name + ": the index was built with schema version " + version +
                " and this dossier-index writes version " + std::to_string(schema::kSchemaVersion) +
                " (one document per article, in shards): " + how_to_rebuild(directory_));
        }
        throw IndexOpenError(name + ": exists and is not a Dossier index (no " +
                             std::string(kStubName) + " shard list); index into a new directory");
    } else {
        fs::create_directories(directory_, ec);
        if (ec)
            throw IndexOpenError(name + ": cannot create the index directory: " + ec.message());
        for (unsigned i = 0; i < std::max(1u, shards_if_new); ++i)
            names.push_back(shard_name(0, i));
    }
    const bool is_new = !fs::exists(stub, ec);
    open_shards(names, is_new);
    unsynced_ = is_new;
    if (is_new)
        write_stub(names);
    // Only after the locks are ours: what a killed compaction left beside.
    remove_unlisted(names);

    snapshot_.emplace(name);
    started_empty_ = snapshot_->get_doccount() == 0;
    const std::string file_prefix(schema::kMetaFilePrefix);
    for (auto it = shards_[0].metadata_keys_begin(file_prefix);
         it != shards_[0].metadata_keys_end(file_prefix); ++it) {
        const std::string digest = shards_[0].get_metadata(*it);
        if (!digest.empty())
            recorded_.emplace((*it).substr(file_prefix.size()), digest);
    }
    const std::string id_prefix(schema::kArticleIdPrefix);
    for (auto it = snapshot_->allterms_begin(id_prefix); it != snapshot_->allterms_end(id_prefix);
         ++it)
        existing_ids_.insert(*it);
}

IndexWriter::~IndexWriter() = default;

void IndexWriter::open_shards(const std::vector<std::string>& names, bool create) {
    shard_names_ = names;
    shards_.clear();
    stories_linked_.clear();
    for (const std::string& shard_name_here : names) {
        const std::string path = (directory_ / shard_name_here).string();
        try {
            // A shard the list names but the disk lacks is damage, not a new shard.
            // A new index's commits skip fsync (a power cut during a first
            // build means building again anyway); finish() syncs it once.
            shards_.emplace_back(path, create ? Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC
                                              : Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            throw IndexOpenError(directory_.string() +
                                 ": the index is locked by another writer (is dossier-index "
                                 "already running on it?)");
        } catch (const Xapian::Error& e) {
            throw IndexOpenError(path +
                                 ": cannot open or create the shard: " + e.get_description());
        }
        Xapian::WritableDatabase& db = shards_.back();
        const std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
        if (!version.empty() && version != std::to_string(schema::kSchemaVersion)) {
            throw IndexOpenError(path + ": the shard was built with schema version " + version +
                                 "; this dossier-index writes version " +
                                 std::to_string(schema::kSchemaVersion) + ": " +
                                 how_to_rebuild(directory_));
        }
        // Every shard says what it is, so that one served alone reads right.
        db.set_metadata(std::string(schema::kMetaSchemaVersion),
                        std::to_string(schema::kSchemaVersion));
        db.set_metadata(std::string(schema::kMetaGazetteer), gazetteer_json_);
        if (shards_.size() == 1)
            record_dictionary_ = db.get_metadata(std::string(schema::kMetaRecordDictionary));
        // A compaction renumbers documents from 1, after the last run linked
        // them all: the mark may lie past the last document.
        const std::string linked = db.get_metadata(std::string(schema::kMetaStoriesThrough));
        stories_linked_.push_back(std::min<Xapian::docid>(
            linked.empty() ? 0 : static_cast<Xapian::docid>(std::stoul(linked)),
            db.get_lastdocid()));
    }
}

void IndexWriter::set_stories_linked_through(unsigned shard) {
    Xapian::WritableDatabase& db = shards_[shard];
    stories_linked_[shard] = db.get_lastdocid();
    db.set_metadata(std::string(schema::kMetaStoriesThrough),
                    std::to_string(stories_linked_[shard]));
}

void IndexWriter::set_record_dictionary(const std::string& dictionary) {
    for (Xapian::WritableDatabase& db : shards_)
        db.set_metadata(std::string(schema::kMetaRecordDictionary), dictionary);
    record_dictionary_ = dictionary;
}

void IndexWriter::write_stub(const std::vector<std::string>& names) const {
    const fs::path stub = directory_ / kStubName;
    const fs::path next = directory_ / (std::string(kStubName) + ".next");
    {
        std::ofstream out(next, std::ios::trunc);
        for (const std::string& shard : names)
            out << "glass " << shard << '\n';
        out.flush();
        if (!out)
            throw IndexOpenError(next.string() + ": cannot write the shard list");
    }
    fs::rename(next, stub);  // atomic: readers see the old list or the new one
}

void IndexWriter::remove_unlisted(const std::vector<std::string>& names) const {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory_, ec)) {
        const std::string entry_name = entry.path().filename().string();
        const bool ours = entry_name.rfind("shard-", 0) == 0 || entry_name == "XAPIANDB.next";
        if (ours && std::find(names.begin(), names.end(), entry_name) == names.end())
            fs::remove_all(entry.path(), ec);
    }
}

std::string IndexWriter::recorded_digest(const std::string& origin_path) const {
    const auto found = recorded_.find(origin_path);
    return found == recorded_.end() ? std::string() : found->second;
}

std::vector<std::string> IndexWriter::recorded_files() const {
    std::vector<std::string> files;
    for (const auto& [path, digest] : recorded_)
        files.push_back(path);
    return files;
}

bool IndexWriter::is_duplicate(const std::string& article_id, const std::string& origin_path) {
    const std::string term = schema::article_term(article_id);
    if (!ids_this_run_.insert(term).second)
        return true;
    if (existing_ids_.count(term) == 0)
        return false;
    // The index had it: a re-index of its own file replaces it. The snapshot
    // may be overtaken by the workers' commits; then it is read afresh (the
    // article may be gone by then, deleted with its changed file).
    const std::string own_file = schema::boolean_term(schema::kOriginPathPrefix, origin_path);
    for (int attempt = 0;; ++attempt) {
        try {
            auto posting = snapshot_->postlist_begin(term);
            if (posting == snapshot_->postlist_end(term))
                return false;
            auto terms = snapshot_->termlist_begin(*posting);
            terms.skip_to(own_file);
            return terms == snapshot_->termlist_end(*posting) || *terms != own_file;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt > 0)
                throw;
            snapshot_->reopen();
        }
    }
}

void IndexWriter::record_digests(Xapian::WritableDatabase& first_shard,
                                 const std::vector<FinishedFile>& files) {
    for (const FinishedFile& file : files)
        first_shard.set_metadata(file_key(file.origin_path), file.digest);
    first_shard.set_metadata(std::string(schema::kMetaLastUpdate), now_iso_utc());
}

double IndexWriter::finish(const std::vector<FinishedFile>& files,
                           const std::vector<std::string>& forgotten, bool compact) {
    snapshot_.reset();
    record_digests(shards_[0], files);
    for (const std::string& path : forgotten)
        shards_[0].set_metadata(file_key(path), std::string());

    // The totals of the whole index go into every shard: a stub reads its
    // first shard's metadata, and a shard served alone should not mislead.
    std::uint64_t passages = 0;
    std::uint64_t words = 0;
    for (Xapian::WritableDatabase& shard : shards_) {
        for (auto it = shard.valuestream_begin(schema::kSlotPassageStarts);
             it != shard.valuestream_end(schema::kSlotPassageStarts); ++it) {
            const std::vector<Xapian::termpos> bounds = decode_passage_bounds(*it);
            if (bounds.size() < 2)
                continue;
            passages += bounds.size() - 1;
            words += bounds.back() - bounds.front();
        }
    }
    passages_ = passages;
    const std::string update = now_iso_utc();
    for (Xapian::WritableDatabase& shard : shards_) {
        shard.set_metadata(std::string(schema::kMetaPassages), std::to_string(passages));
        shard.set_metadata(std::string(schema::kMetaPassageWords), std::to_string(words));
        shard.set_metadata(std::string(schema::kMetaLastUpdate), update);
        shard.commit();
    }
    if (unsynced_)
        sync_shards();
    if (!compact)
        return 0;
    const auto start = std::chrono::steady_clock::now();
    compact_shards();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Xapian::doccount IndexWriter::article_count() const {
    Xapian::doccount articles = 0;
    for (const Xapian::WritableDatabase& shard : shards_)
        articles += shard.get_doccount();
    return articles;
}

std::uint64_t IndexWriter::passage_count() const {
    return passages_;
}

void IndexWriter::sync_shards() const {
    for (const std::string& shard : shard_names_) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(directory_ / shard, ec)) {
            const int fd = ::open(entry.path().c_str(), O_RDONLY);
            if (fd >= 0) {
                ::fsync(fd);
                ::close(fd);
            }
        }
    }
    const int fd = ::open(directory_.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void IndexWriter::for_each_shard_in_parallel(
    const std::function<void(unsigned, Xapian::WritableDatabase&)>& work) {
    run_in_parallel(shard_count(), [&](unsigned i) { work(i, shards_[i]); });
}

void IndexWriter::compact_shards() {
    const unsigned generation = generation_of(shard_names_.front()) + 1;
    std::vector<std::string> names;
    for (unsigned i = 0; i < shards_.size(); ++i)
        names.push_back(shard_name(generation, i));
    // Each compaction reads and writes its own files. On an error the old
    // shards stay in use.
    for_each_shard_in_parallel([&](unsigned i, Xapian::WritableDatabase& shard) {
        Xapian::Database(shard).compact((directory_ / names[i]).string(), 0, kCompactedBlockSize);
    });
    // The new shards take the lock before the swap; the old ones give it up after.
    std::vector<Xapian::WritableDatabase> old = std::move(shards_);
    const std::vector<std::string> old_names = shard_names_;
    open_shards(names, false);
    write_stub(names);
    for (Xapian::WritableDatabase& db : old)
        db.close();
    std::error_code ec;
    for (const std::string& name : old_names)
        fs::remove_all(directory_ / name, ec);
}

unsigned IndexWriter::merge_shards(const fs::path& directory) {
    const fs::path root = normalised(directory);
    const std::vector<std::string> names = read_stub(root / kStubName);
    if (names.empty())
        throw IndexOpenError(root.string() + ": not a Dossier index (no shard list)");
    std::vector<Xapian::WritableDatabase> locks;
    for (const std::string& name : names) {
        try {
            locks.emplace_back((root / name).string(), Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            throw IndexOpenError(root.string() + ": the index is locked by another writer");
        }
    }
    const std::string merged = shard_name(generation_of(names.front()) + 1, 0);
    {
        Xapian::Database all;
        for (const std::string& name : names)
            all.add_database(Xapian::Database((root / name).string()));
        all.compact((root / merged).string(), 0, kCompactedBlockSize);
    }
    {
        // The merged database keeps the first shard's metadata (digests,
        // gazetteer); the totals are the same in every shard.
        Xapian::WritableDatabase db((root / merged).string(), Xapian::DB_OPEN);
        Xapian::Database first((root / names.front()).string());
        for (auto key = first.metadata_keys_begin(); key != first.metadata_keys_end(); ++key)
            db.set_metadata(*key, first.get_metadata(*key));
        db.commit();
    }
    for (Xapian::WritableDatabase& lock : locks)
        lock.close();
    const fs::path next = root / (std::string(kStubName) + ".next");
    {
        std::ofstream out(next, std::ios::trunc);
        out << "glass " << merged << '\n';
    }
    fs::rename(next, root / kStubName);
    std::error_code ec;
    for (const std::string& name : names)
        fs::remove_all(root / name, ec);
    return static_cast<unsigned>(names.size());
}

}  // namespace dossier
