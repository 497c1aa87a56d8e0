#include "indexer/indexing_run.h"

#include <zlib.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <future>
#include <iomanip>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>
#include <variant>

#include "common/default_gazetteer.h"
#include "common/gazetteer.h"
#include "common/schema.h"
#include "common/text.h"
#include "indexer/actor_annotator.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/input_files.h"
#include "indexer/jsonl_reader.h"
#include "indexer/page_cleaner.h"

namespace dossier {

namespace {

// Articles handed to the workers at once: enough to keep two cores busy
// between hand-overs, few enough that memory stays small.
constexpr std::size_t kBatchArticles = 256;
// Details of skipped inputs kept for the JSON summary (all are counted).
constexpr std::size_t kMaxSkippedDetails = 1000;

// One article as read, before any processing.
struct RawArticle {
    Article article;
    std::string text;  // the page file, or the JSONL `text`
    InputKind kind = InputKind::page;
};

struct ProcessedArticle {
    Article article;
    std::vector<PassageDocument> documents;
    std::vector<std::vector<ActorRef>> actors;  // per passage
    SpellingCounts spelling;
    std::string skip_reason;  // not empty: nothing to index
};

// What the writer applies, in input order.
struct WorkItem {
    std::variant<RawArticle, ProcessedArticle> article;
    bool is_file_end = false;  // then only the fields below matter
    std::string origin_path;
    std::string digest;
};

ActorGazetteer load_gazetteer(const IndexingOptions& options) {
    try {
        ActorGazetteer gazetteer =
            options.gazetteer.empty()
                ? ActorGazetteer::from_json(nlohmann::json::parse(default_gazetteer_json()),
                                            "built-in corpus/actors.json")
                : ActorGazetteer::load(options.gazetteer);
        for (const auto& extra : options.extra_gazetteers)
            gazetteer.merge(ActorGazetteer::load(extra));
        return gazetteer;
    } catch (const GazetteerError& e) {
        throw FatalIndexingError(e.what());
    } catch (const nlohmann::json::exception& e) {
        throw FatalIndexingError(std::string("built-in gazetteer: ") + e.what());
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

// Checks a page file's bytes; returns the reason it cannot be indexed, or empty.
std::string page_problem(std::string_view content, std::uint64_t max_line_bytes, int& line) {
    line = 0;
    if (text::is_blank(content))
        return "empty file";
    // Line numbers are only needed for a bad file: count them then, not for every page.
    const auto line_of = [&](std::size_t offset) {
        return text::LineIndex(content).line_of(offset);
    };
    if (const std::size_t nul = content.find('\0'); nul != std::string_view::npos) {
        line = line_of(nul);
        return "binary file (NUL byte), not page text";
    }
    if (const std::size_t bad = text::find_invalid_utf8(content); bad != text::npos) {
        line = line_of(bad);
        return "not valid UTF-8 (byte " + std::to_string(bad + 1) + " of the file)";
    }
    std::size_t begin = 0;
    int number = 1;
    while (begin < content.size()) {
        std::size_t end = content.find('\n', begin);
        if (end == std::string_view::npos)
            end = content.size();
        if (end - begin > max_line_bytes) {
            line = number;
            return "line of " + std::to_string(end - begin) + " bytes is over the limit of " +
                   std::to_string(max_line_bytes) + " (--max-line-mb)";
        }
        begin = end + 1;
        ++number;
    }
    return {};
}

ProcessedArticle process_article(RawArticle&& raw, const ActorGazetteer& gazetteer,
                                 const IndexingOptions& options, PassageDocumentBuilder& builder) {
    ProcessedArticle out;
    out.article = std::move(raw.article);
    std::vector<Passage> passages;
    if (raw.kind == InputKind::page) {
        CleanPage page = clean_page(raw.text, CleanOptions{options.today});
        out.article.title = page.metadata.title;
        out.article.author = page.metadata.author;
        out.article.author_bio = page.metadata.author_bio;
        out.article.source = page.metadata.source;
        out.article.date = page.metadata.date;
        out.article.date_origin = page.metadata.date_origin;
        passages = split_into_passages(raw.text, page.body, options.bounds);
        if (passages.empty())
            out.skip_reason = "no article text left after removing boilerplate";
    } else {
        passages = split_into_passages(raw.text, paragraph_blocks(raw.text), options.bounds);
        for (Passage& passage : passages) {
            passage.line_first = passage.line_last = out.article.origin_line;
        }
        if (passages.empty())
            out.skip_reason = "empty \"text\"";
    }
    if (!out.skip_reason.empty())
        return out;
    std::optional<int> year;
    if (out.article.date)
        year = out.article.date->year;
    std::vector<AnnotatedPassage> annotated =
        annotate_passages(std::move(passages), gazetteer, year);
    out.documents.reserve(annotated.size());
    for (std::size_t i = 0; i < annotated.size(); ++i) {
        out.documents.push_back(builder.build(out.article, annotated[i], i == 0, out.spelling));
        out.actors.push_back(std::move(annotated[i].actors));
    }
    return out;
}

// Runs batches of articles through the workers while the calling thread goes
// on reading and writing: batch N+1 is processed while batch N is written.
class ArticlePipeline {
  public:
    using Sink = std::function<void(WorkItem&&)>;

    ArticlePipeline(const IndexingOptions& options, const ActorGazetteer& gazetteer, Sink sink)
        : options_(options),
          gazetteer_(gazetteer),
          builders_(std::max(1u, options.threads)),
          sink_(std::move(sink)) {}

    ~ArticlePipeline() {
        // On an exception the batch in flight must finish before its data goes.
        if (in_flight_.valid())
            in_flight_.wait();
    }

    void submit(WorkItem&& item) {
        const bool is_article = !item.is_file_end;
        current_.push_back(std::move(item));
        if (is_article && ++current_articles_ >= kBatchArticles)
            launch();
    }

    void finish() {
        launch();
        deliver_in_flight();
    }

  private:
    void launch() {
        deliver_in_flight();
        if (current_.empty())
            return;
        in_flight_batch_ = std::move(current_);
        current_.clear();
        current_articles_ = 0;
        in_flight_ = std::async(std::launch::async, [this] { process_batch(in_flight_batch_); });
    }

    void deliver_in_flight() {
        if (!in_flight_.valid())
            return;
        in_flight_.get();  // rethrows a worker's exception
        for (WorkItem& item : in_flight_batch_)
            sink_(std::move(item));
        in_flight_batch_.clear();
    }

    void process_batch(std::vector<WorkItem>& batch) {
        const std::size_t workers = builders_.size();
        auto work = [&](std::size_t worker) {
            for (std::size_t i = worker; i < batch.size(); i += workers) {
                if (batch[i].is_file_end)
                    continue;
                auto& raw = std::get<RawArticle>(batch[i].article);
                batch[i].article =
                    process_article(std::move(raw), gazetteer_, options_, builders_[worker]);
            }
        };
        std::vector<std::future<void>> others;
        for (std::size_t w = 1; w < workers; ++w)
            others.push_back(std::async(std::launch::async, work, w));
        work(0);
        for (auto& other : others)
            other.get();
    }

    const IndexingOptions& options_;
    const ActorGazetteer& gazetteer_;
    std::vector<PassageDocumentBuilder> builders_;
    Sink sink_;
    std::vector<WorkItem> current_;
    std::size_t current_articles_ = 0;
    std::vector<WorkItem> in_flight_batch_;
    std::future<void> in_flight_;
};

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
        IndexWriter writer = open_writer(gazetteer);
        writer_ = &writer;
        summary_.files_seen = listing.files.size();
        for (const InputFile& file : listing.files)
            disk_total_ += file.size;
        summary_.files_ignored = listing.ignored.size();

        ArticlePipeline pipeline(options_, gazetteer,
                                 [this](WorkItem&& item) { apply(std::move(item)); });
        std::set<std::string> origins;
        for (const InputFile& file : listing.files) {
            if (!origins.insert(file.origin_path).second) {
                skip(file.path.string(),
                     "same origin path as an earlier input (" + file.origin_path + ")");
                continue;
            }
            if (file.kind == InputKind::page) {
                read_page(file, pipeline);
            } else {
                read_jsonl(file, pipeline);
            }
            ++files_done_;
            disk_done_ += file.size;
            show_progress(0);
        }
        pipeline.finish();
        if (options_.prune)
            prune(origins);
        writer.commit();
        progress_.finish();
        summary_.index_passages = writer.passage_count();
        summary_.distinct_actors = actors_seen_.size();
        summary_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary_;
    }

  private:
    IndexWriter open_writer(const ActorGazetteer& gazetteer) {
        try {
            return IndexWriter(options_.index_directory, gazetteer.to_json().dump(),
                               options_.commit_every_passages);
        } catch (const IndexOpenError& e) {
            throw FatalIndexingError(e.what());
        }
    }

    void show_progress(std::uint64_t current_file_offset) {
        progress_.update(files_done_, summary_.files_seen, disk_done_ + current_file_offset,
                         disk_total_, summary_.bytes, summary_.articles);
    }

    void skip(const std::string& location, const std::string& reason) {
        progress_.clear_line();
        diagnostics_ << location << ": " << reason << '\n';
        ++summary_.skipped_by_reason[reason_category(reason)];
        if (summary_.skipped.size() < kMaxSkippedDetails)
            summary_.skipped.push_back({location, reason});
    }

    // Returns true when the file must be (re-)indexed, after removing what the
    // index holds of it.
    bool needs_indexing(const InputFile& file, const std::string& digest) {
        if (writer_->recorded_digest(file.origin_path) == digest) {
            ++summary_.files_unchanged;
            return false;
        }
        summary_.passages_removed += writer_->remove_file(file.origin_path);
        ++summary_.files_indexed;
        return true;
    }

    void read_page(const InputFile& file, ArticlePipeline& pipeline) {
        const std::string location = file.path.string();
        if (file.size > options_.max_file_bytes) {
            skip(location,
                 "file of " + std::to_string(file.size >> 20) + " MB is over the limit of " +
                     std::to_string(options_.max_file_bytes >> 20) + " MB (--max-file-mb)");
            return;
        }
        std::ifstream in(file.path, std::ios::binary);
        std::string content;
        if (in)
            content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) {
            skip(location, std::string("cannot read: ") + std::strerror(errno));
            return;
        }
        summary_.bytes += content.size();
        int line = 0;
        if (const std::string problem = page_problem(content, options_.max_line_bytes, line);
            !problem.empty()) {
            skip(line > 0 ? location + ":" + std::to_string(line) : location, problem);
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
        pipeline.submit(WorkItem{std::move(raw), false, file.origin_path, {}});
        pipeline.submit(WorkItem{RawArticle{}, true, file.origin_path, digest});
    }

    void read_jsonl(const InputFile& file, ArticlePipeline& pipeline) {
        const std::string location = file.path.string();
        const std::string digest = jsonl_digest(file);
        if (!needs_indexing(file, digest))
            return;
        std::optional<JsonlReader> reader;
        try {
            reader.emplace(file.path, options_.max_line_bytes);
        } catch (const std::runtime_error& e) {
            skip(location, std::string("cannot open: ") + std::strerror(errno));
            return;
        }
        std::string line;
        for (;;) {
            const JsonlReader::Status status = reader->next(line);
            if (status == JsonlReader::Status::end)
                break;
            // Raw text read, decompressed: what MB/s figures compare across formats.
            if (status == JsonlReader::Status::line)
                summary_.bytes += line.size() + 1;
            const std::string here = location + ":" + std::to_string(reader->line_number());
            if (status == JsonlReader::Status::error) {
                skip(here, "read error: " + reader->error_message() +
                               "; the rest of the file is skipped");
                break;
            }
            if (status == JsonlReader::Status::too_long) {
                skip(here, "line is over the limit of " + std::to_string(options_.max_line_bytes) +
                               " bytes (--max-line-mb)");
                continue;
            }
            if (text::is_blank(line))
                continue;  // blank lines separate nothing in JSONL
            auto parsed = parse_jsonl_record(line, file.origin_path, reader->line_number());
            if (auto* reason = std::get_if<std::string>(&parsed)) {
                skip(here, *reason);
                continue;
            }
            auto& record = std::get<JsonlRecord>(parsed);
            RawArticle raw;
            raw.kind = InputKind::jsonl;
            raw.article = std::move(record.article);
            raw.text = std::move(record.text);
            pipeline.submit(WorkItem{std::move(raw), false, file.origin_path, {}});
            show_progress(reader->file_offset());
        }
        pipeline.submit(WorkItem{RawArticle{}, true, file.origin_path, digest});
    }

    // In the writer's thread, in input order.
    void apply(WorkItem&& item) {
        if (item.is_file_end) {
            writer_->finish_file(item.origin_path, item.digest);
            return;
        }
        auto& done = std::get<ProcessedArticle>(item.article);
        const std::string location =
            done.article.origin_line > 0
                ? done.article.origin_path + ":" + std::to_string(done.article.origin_line)
                : done.article.origin_path;
        if (!done.skip_reason.empty()) {
            skip(location, done.skip_reason);
            return;
        }
        if (!articles_this_run_.insert(done.article.id).second ||
            writer_->has_article(done.article.id)) {
            skip(location, "duplicate article id \"" + done.article.id + "\" (already indexed)");
            return;
        }
        for (std::size_t i = 0; i < done.documents.size(); ++i) {
            const auto& actors = done.actors[i];
            summary_.actor_mentions += actors.size();
            if (actors.size() > schema::kActorSlotCount)
                ++summary_.passages_over_actor_slots;
            for (const ActorRef& actor : actors) {
                if (actors_seen_.insert(actor.name).second && !actor.known)
                    ++summary_.detected_actors;
            }
            writer_->add(std::move(done.documents[i]));
        }
        writer_->add_spelling(done.spelling);
        ++summary_.articles;
        summary_.passages += done.documents.size();
        writer_->commit_if_due();
    }

    void prune(const std::set<std::string>& present) {
        for (const std::string& origin : writer_->recorded_files()) {
            if (present.count(origin) != 0)
                continue;
            summary_.passages_removed += writer_->remove_file(origin);
            ++summary_.files_pruned;
        }
    }

    const IndexingOptions& options_;
    ProgressMeter& progress_;
    std::ostream& diagnostics_;
    IndexWriter* writer_ = nullptr;
    IndexingSummary summary_;
    std::size_t files_done_ = 0;
    std::uint64_t disk_done_ = 0;  // input bytes as stored, of finished files
    std::uint64_t disk_total_ = 0;
    std::set<std::string> articles_this_run_;
    std::set<std::string> actors_seen_;
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
        {"passages_removed", passages_removed},
        {"index_passages", index_passages},
        {"actors",
         {{"mentions", actor_mentions},
          {"distinct", distinct_actors},
          {"detected", detected_actors},
          {"passages_over_facet_slots", passages_over_actor_slots}}},
        {"skipped",
         {{"count", skipped_total}, {"by_reason", skipped_by_reason}, {"items", skipped_items}}},
        {"seconds", seconds},
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
    out << "Skipped: " << skipped_total;
    for (const auto& [reason, count] : skipped_by_reason)
        out << "; " << reason << ": " << count;
    out << "\nTime: " << seconds << " s, " << mb << " MB, " << (seconds > 0 ? mb / seconds : 0.0)
        << " MB/s; the index now holds " << index_passages << " passages\n";
}

}  // namespace dossier
