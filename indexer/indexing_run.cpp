#include "indexer/indexing_run.h"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

#include "common/default_gazetteer.h"
#include "common/gazetteer.h"
#include "common/schema.h"
#include "common/text.h"
#include "indexer/article_processor.h"
#include "indexer/index_writer.h"
#include "indexer/input_files.h"
#include "indexer/jsonl_reader.h"
#include "indexer/sharded_build.h"
#include "indexer/story_linker.h"

namespace dossier {

namespace {

// Details of skipped inputs kept for the JSON summary (all are counted).
constexpr std::size_t kMaxSkippedDetails = 1000;

ActorGazetteer load_gazetteer(const IndexingOptions& options) {
    try {
        ActorGazetteer gazetteer = options.gazetteer.empty()
                                       ? default_gazetteer()
                                       : ActorGazetteer::load(options.gazetteer);
        for (const auto& extra : options.extra_gazetteers)
            gazetteer.merge(ActorGazetteer::load(extra));
        return gazetteer;
    } catch (const GazetteerError& e) {
        throw FatalIndexingError(e.what());
    }
}

std::string hex(std::uint64_t value) {
    std::ostringstream out;
    out << std::hex << value;
    return out.str();
}

// Pages are small: their digest is of the content, so touching a file does
// not re-index it. JSONL corpora are large: size and modification time, as
// make and rsync do, so an unchanged corpus is not read at all.
std::string page_digest(std::string_view content) {
    const uLong crc = crc32_z(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(content.data()),
                              content.size());
    return "crc32:" + hex(crc) + ":size:" + std::to_string(content.size());
}

std::string jsonl_digest(const InputFile& file) {
    return "mtime:" + std::to_string(file.modified_ns) + ":size:" + std::to_string(file.size);
}

// Why a page file's bytes cannot be indexed, if they cannot.
std::optional<InputProblem> page_problem(std::string_view content, std::uint64_t max_line_bytes) {
    if (text::is_blank(content))
        return InputProblem{"empty file"};
    // Line numbers are only needed for a bad file: count them then, not for every page.
    const auto line_of = [&](std::size_t offset) {
        return text::LineIndex(content).line_of(offset);
    };
    if (const std::size_t nul = content.find('\0'); nul != std::string_view::npos)
        return InputProblem{"binary file (NUL byte), not page text", line_of(nul)};
    if (const std::size_t bad = text::find_invalid_utf8(content); bad != text::npos) {
        return InputProblem{"not valid UTF-8 (byte " + std::to_string(bad + 1) + " of the file)",
                            line_of(bad)};
    }
    for (const text::Line& l : text::split_lines(content)) {
        if (l.end - l.begin > max_line_bytes) {
            return InputProblem{"line of " + std::to_string(l.end - l.begin) +
                                    " bytes is over the limit of " +
                                    std::to_string(max_line_bytes) + " (--max-line-mb)",
                                l.number};
        }
    }
    return std::nullopt;
}

std::string reason_category(const std::string& reason) {
    const std::size_t cut = reason.find_first_of("(:");
    return std::string(text::trim(reason.substr(0, cut)));
}

class IndexingRun {
  public:
    IndexingRun(const IndexingOptions& options, ProgressMeter& progress, std::ostream& diagnostics)
        : options_(options), progress_(progress), diagnostics_(diagnostics) {}

    IndexingSummary run() {
        const auto start = std::chrono::steady_clock::now();
        InputListing listing;
        try {
            listing = find_input_files(options_.inputs);
        } catch (const InputPathError& e) {
            throw FatalIndexingError(e.what());
        }
        const ActorGazetteer gazetteer = load_gazetteer(options_);
        std::unique_ptr<IndexWriter> writer = open_writer(gazetteer);
        writer_ = writer.get();
        if (options_.shards > 0 && options_.shards != writer->shard_count()) {
            diagnostics_ << options_.index_directory.string() << ": the index has "
                         << writer->shard_count()
                         << (writer->shard_count() == 1 ? " shard" : " shards") << "; --shards "
                         << options_.shards
                         << " applies to a new index only (to change it, rebuild the index; "
                            "--compact merges the shards into one)\n";
        }
        summary_.files_seen = listing.files.size();
        for (const InputFile& file : listing.files)
            disk_total_ += file.size;
        summary_.files_ignored = listing.ignored.size();
        for (const UnlistedDirectory& directory : listing.unlisted)
            skip(directory.path.string(), InputProblem{directory.reason});
        for (const InputFile& file : listing.files)
            path_of_origin_.emplace(file.origin_path, file.path.string());

        ShardedBuild build(*writer, options_.threads, gazetteer,
                           ProcessingOptions{options_.today, options_.bounds},
                           options_.commit_every_articles);
        build_ = &build;
        std::set<std::string> origins;
        for (const InputFile& file : listing.files) {
            if (!origins.insert(file.origin_path).second) {
                skip(file.path.string(), InputProblem{"same origin path as an earlier input (" +
                                                      file.origin_path + ")"});
                continue;
            }
            if (file.kind == InputKind::page) {
                read_page(file);
            } else {
                read_jsonl(file);
            }
            ++files_done_;
            disk_done_ += file.size;
            show_progress(0);
        }
        std::vector<std::string> forgotten;
        if (options_.prune)
            forgotten = prune(origins, listing.unlisted);
        BuildTotals totals = build.finish();
        report_worker_skips();
        const StoryTotals stories =
            link_stories(*writer, std::move(totals.added), totals.broken_stories, options_.threads);
        summary_.stories = stories.stories;
        summary_.articles_in_stories = stories.articles_in_stories;
        summary_.copy_links = stories.links;
        summary_.copy_exact_checks = stories.exact_checks;
        summary_.story_seconds = stories.seconds;
        summary_.story_write_seconds = stories.write_seconds;
        summary_.articles = totals.articles;
        summary_.passages = totals.passages;
        summary_.actor_mentions = totals.actor_mentions;
        summary_.articles_over_actor_slots = totals.articles_over_actor_slots;
        summary_.empty_records = totals.empty_records;
        summary_.articles_removed = totals.articles_removed;
        summary_.distinct_actors = totals.actors.size();
        for (const ActorRef& actor : totals.actors)
            summary_.detected_actors += actor.known ? 0 : 1;
        // A first build leaves every shard compacted, each on its own thread.
        const bool compact = writer->started_empty() && totals.articles > 0;
        summary_.compact_seconds = writer->finish(totals.unrecorded_files, forgotten, compact);
        progress_.finish();
        summary_.index_articles = writer->article_count();
        summary_.index_passages = writer->passage_count();
        summary_.shards = writer->shard_count();
        // Reader and workers report as they go; the summary lists in input order.
        std::stable_sort(
            summary_.skipped.begin(), summary_.skipped.end(),
            [](const SkippedInput& a, const SkippedInput& b) { return a.sequence < b.sequence; });
        if (summary_.skipped.size() > kMaxSkippedDetails)
            summary_.skipped.resize(kMaxSkippedDetails);
        summary_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary_;
    }

  private:
    std::unique_ptr<IndexWriter> open_writer(const ActorGazetteer& gazetteer) {
        // Commits are the build's checkpoints (indexer/sharded_build.h):
        // Xapian's own flush, read when a shard opens, must not come first.
        ::setenv("XAPIAN_FLUSH_THRESHOLD",
                 std::to_string(options_.commit_every_articles + 1).c_str(), 1);
        try {
            return std::make_unique<IndexWriter>(
                options_.index_directory, gazetteer.to_json().dump(),
                options_.shards > 0 ? options_.shards : options_.threads);
        } catch (const IndexOpenError& e) {
            throw FatalIndexingError(e.what());
        }
    }

    void show_progress(std::uint64_t current_file_offset) {
        progress_.update(files_done_, summary_.files_seen, disk_done_ + current_file_offset,
                         disk_total_, summary_.bytes, articles_read_);
    }

    // Read, but not as given: said, counted, and the input is indexed.
    void warn(const std::string& path, int line, const std::string& what) {
        progress_.clear_line();
        diagnostics_ << InputProblem{what, line}.location(path) << ": warning: " << what << '\n';
        ++summary_.warnings;
    }

    // The one way an input that cannot be indexed is reported: a line on the
    // diagnostics stream, its count by reason, and (some of) its details for
    // the JSON summary. `path` is the file as opened.
    void skip(const std::string& path, const InputProblem& problem) {
        skip_at(next_sequence_, path, problem);
    }

    void skip_at(std::size_t sequence, const std::string& path, const InputProblem& problem) {
        const std::string location = problem.location(path);
        progress_.clear_line();
        diagnostics_ << location << ": " << problem.reason << '\n';
        ++summary_.skipped_by_reason[reason_category(problem.reason)];
        // Twice the kept number: worker reports arrive late and sort in.
        if (summary_.skipped.size() < 2 * kMaxSkippedDetails)
            summary_.skipped.push_back({location, problem.reason, sequence});
    }

    void report_worker_skips() {
        for (const SkippedArticle& skipped : build_->take_skipped()) {
            const auto opened = path_of_origin_.find(skipped.origin_path);
            skip_at(skipped.sequence,
                    opened == path_of_origin_.end() ? skipped.origin_path : opened->second,
                    skipped.problem);
        }
    }

    // Returns true when the file must be (re-)indexed, after removing what the
    // index holds of it.
    bool needs_indexing(const InputFile& file, const std::string& digest) {
        if (writer_->recorded_digest(file.origin_path) == digest) {
            ++summary_.files_unchanged;
            return false;
        }
        // What the index holds of the file (all of it if it changed, part of
        // it if a run was killed in the middle) goes before its new articles.
        if (!writer_->started_empty())
            build_->remove_file(file.origin_path);
        ++summary_.files_indexed;
        return true;
    }

    void read_page(const InputFile& file) {
        const std::string path = file.path.string();
        if (file.size > options_.max_file_bytes) {
            skip(path, InputProblem{"file of " + std::to_string(file.size >> 20) +
                                    " MB is over the limit of " +
                                    std::to_string(options_.max_file_bytes >> 20) +
                                    " MB (--max-file-mb)"});
            return;
        }
        std::ifstream in(file.path, std::ios::binary);
        std::string content;
        if (in)
            content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) {
            skip(path, InputProblem{std::string("cannot read: ") + std::strerror(errno)});
            return;
        }
        summary_.bytes += content.size();
        if (const auto problem = page_problem(content, options_.max_line_bytes)) {
            skip(path, *problem);
            return;
        }
        const std::string digest = page_digest(content);
        if (!needs_indexing(file, digest))
            return;
        RawArticle raw;
        raw.kind = InputKind::page;
        raw.article.origin_path = file.origin_path;
        raw.article.id = file.origin_path.substr(0, file.origin_path.size() - 4);  // drop ".txt"
        raw.text = std::move(content);
        hand_over(std::move(raw), path);
        build_->end_file({file.origin_path, digest});
    }

    void read_jsonl(const InputFile& file) {
        const std::string path = file.path.string();
        const std::string digest = jsonl_digest(file);
        if (!needs_indexing(file, digest))
            return;
        auto opened = JsonlReader::open(file.path, options_.max_line_bytes);
        if (!opened) {
            skip(path, opened.problem());
            return;
        }
        JsonlReader& reader = **opened;
        std::string line;
        for (;;) {
            const JsonlReader::Status status = reader.next(line);
            if (status == JsonlReader::Status::end)
                break;
            if (status == JsonlReader::Status::problem) {
                skip(path, reader.problem());
                continue;
            }
            // Raw text read, decompressed: what MB/s figures compare across formats.
            summary_.bytes += line.size() + 1;
            if (text::is_blank(line))
                continue;  // blank lines separate nothing in JSONL
            auto record = parse_jsonl_record(line, file.origin_path, reader.line_number());
            if (!record) {
                skip(path, record.problem());
                continue;
            }
            for (const std::string& warning : record->warnings)
                warn(path, reader.line_number(), warning);
            RawArticle raw;
            raw.kind = InputKind::jsonl;
            raw.article = std::move(record->article);
            raw.text = std::move(record->text);
            hand_over(std::move(raw), path);
            show_progress(reader.file_offset());
        }
        build_->end_file({file.origin_path, digest});
    }

    // Duplicates are refused here, before any work is spent on them. `path`:
    // the article's file as opened.
    void hand_over(RawArticle&& raw, const std::string& path) {
        if (writer_->is_duplicate(raw.article.id, raw.article.origin_path)) {
            skip(path,
                 InputProblem{"duplicate article id \"" + raw.article.id + "\" (already indexed)",
                              article_line(raw.article)});
            return;
        }
        ++articles_read_;
        build_->add(std::move(raw), next_sequence_++);
        report_worker_skips();
    }

    // Files under a directory that could not be listed are not known to be
    // gone: their articles stay.
    std::vector<std::string> prune(const std::set<std::string>& present,
                                   const std::vector<UnlistedDirectory>& unlisted) {
        std::vector<std::string> forgotten;
        for (const std::string& origin : writer_->recorded_files()) {
            if (present.count(origin) != 0)
                continue;
            const auto under = [&](const UnlistedDirectory& d) {
                return origin.starts_with(d.origin_prefix);
            };
            if (std::any_of(unlisted.begin(), unlisted.end(), under))
                continue;
            build_->remove_file(origin);
            forgotten.push_back(origin);
            ++summary_.files_pruned;
        }
        return forgotten;
    }

    const IndexingOptions& options_;
    ProgressMeter& progress_;
    std::ostream& diagnostics_;
    IndexWriter* writer_ = nullptr;
    ShardedBuild* build_ = nullptr;
    std::size_t next_sequence_ = 0;  // of the next article handed over
    std::size_t articles_read_ = 0;
    std::map<std::string, std::string> path_of_origin_;  // origin path -> the file as opened
    IndexingSummary summary_;
    std::size_t files_done_ = 0;
    std::uint64_t disk_done_ = 0;  // input bytes as stored, of finished files
    std::uint64_t disk_total_ = 0;
};

}  // namespace

IndexingSummary run_indexing(const IndexingOptions& options, ProgressMeter& progress,
                             std::ostream& diagnostics) {
    try {
        return IndexingRun(options, progress, diagnostics).run();
    } catch (const Xapian::Error& e) {
        throw FatalIndexingError(options.index_directory.string() + ": " + e.get_description());
    }
}

nlohmann::json IndexingSummary::to_json() const {
    nlohmann::json skipped_items = nlohmann::json::array();
    for (const SkippedInput& s : skipped)
        skipped_items.push_back({{"location", s.location}, {"reason", s.reason}});
    std::size_t skipped_total = 0;
    for (const auto& [reason, count] : skipped_by_reason)
        skipped_total += count;
    const double mb = static_cast<double>(bytes) / 1e6;
    return {
        {"files",
         {{"seen", files_seen},
          {"indexed", files_indexed},
          {"unchanged", files_unchanged},
          {"ignored", files_ignored},
          {"pruned", files_pruned}}},
        {"articles", articles},
        {"passages", passages},
        {"articles_removed", articles_removed},
        {"empty_records", empty_records},
        {"warnings", warnings},
        {"index_articles", index_articles},
        {"index_passages", index_passages},
        {"actors",
         {{"mentions", actor_mentions},
          {"distinct", distinct_actors},
          {"detected", detected_actors},
          {"articles_over_facet_slots", articles_over_actor_slots}}},
        {"stories",
         {{"stories", stories},
          {"articles_in_stories", articles_in_stories},
          {"links", copy_links},
          {"exact_checks", copy_exact_checks},
          {"seconds", story_seconds},
          {"write_seconds", story_write_seconds}}},
        {"skipped",
         {{"count", skipped_total}, {"by_reason", skipped_by_reason}, {"items", skipped_items}}},
        {"seconds", seconds},
        {"compact_seconds", compact_seconds},
        {"shards", shards},
        {"megabytes", mb},
        {"mb_per_second", seconds > 0 ? mb / seconds : 0.0},
        {"articles_per_second", seconds > 0 ? static_cast<double>(articles) / seconds : 0.0},
    };
}

void IndexingSummary::print(std::ostream& out) const {
    std::size_t skipped_total = 0;
    for (const auto& [reason, count] : skipped_by_reason)
        skipped_total += count;
    const double mb = static_cast<double>(bytes) / 1e6;
    out << std::fixed << std::setprecision(2);
    out << "Indexed " << articles << " articles, " << passages << " passages from " << files_indexed
        << " files (" << files_unchanged << " unchanged, " << files_pruned << " pruned, "
        << files_ignored << " ignored)\n";
    out << "Actors: " << actor_mentions << " mentions of " << distinct_actors << " actors ("
        << detected_actors << " detected by title)\n";
    out << "Stories (an article and its copies): " << stories << " of " << articles_in_stories
        << " articles; linking took " << story_seconds << " s\n";
    if (empty_records > 0)
        out << "Empty records (no title, no text), nothing to index: " << empty_records << "\n";
    if (warnings > 0)
        out << "Warnings (indexed, but a field was not as expected): " << warnings << "\n";
    out << "Skipped: " << skipped_total;
    for (const auto& [reason, count] : skipped_by_reason)
        out << "; " << reason << ": " << count;
    out << "\nTime: " << seconds << " s, " << mb << " MB, " << (seconds > 0 ? mb / seconds : 0.0)
        << " MB/s; the index now holds " << index_articles << " articles, " << index_passages
        << " passages in " << shards << (shards == 1 ? " shard\n" : " shards\n");
}

}  // namespace dossier
