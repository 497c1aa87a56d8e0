#include "indexer/segmented_build.h"

#include <xapian.h>

#include <cstdio>
#include <set>

#include "common/schema.h"

namespace dossier {

namespace {

std::filesystem::path segment_path(const std::filesystem::path& work, std::size_t number) {
    char name[32];
    std::snprintf(name, sizeof name, "segment-%06zu", number);
    return work / name;
}

}  // namespace

SegmentedBuild::SegmentedBuild(std::filesystem::path work_directory, unsigned threads,
                               const ActorGazetteer& gazetteer, ProcessingOptions options,
                               SegmentLimits limits)
    : work_directory_(std::move(work_directory)),
      gazetteer_(gazetteer),
      options_(std::move(options)),
      limits_(limits),
      worker_count_(std::max(1u, threads)) {
    std::filesystem::create_directories(work_directory_);
    open_.number = next_number_++;
    for (unsigned i = 0; i < worker_count_; ++i)
        workers_.emplace_back([this] { work(); });
}

SegmentedBuild::~SegmentedBuild() {
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        queue_.clear();  // after an error nobody waits for the rest
    }
    job_ready_.notify_all();
    for (std::thread& worker : workers_)
        worker.join();
}

void SegmentedBuild::add(RawArticle&& article) {
    open_.text_bytes += article.text.size();
    open_.articles.push_back(std::move(article));
    if (open_.articles.size() >= limits_.max_articles ||
        open_.text_bytes >= limits_.max_text_bytes) {
        close_segment();
    }
}

void SegmentedBuild::end_file(FinishedFile file) {
    open_.finished_files.push_back(std::move(file));
}

void SegmentedBuild::close_segment() {
    if (open_.articles.empty() && open_.finished_files.empty())
        return;
    Job job = std::move(open_);
    open_ = Job{};
    open_.number = next_number_++;
    std::unique_lock lock(mutex_);
    // One waiting segment per worker keeps every core busy and memory bounded.
    job_taken_.wait(lock, [this] { return queue_.size() < worker_count_; });
    queue_.push_back(std::move(job));
    job_ready_.notify_one();
}

void SegmentedBuild::take_finished(const std::function<void(SegmentOutcome&&)>& take, bool all) {
    if (all)
        close_segment();
    const std::size_t last = next_number_ - 1;  // the open segment, not yet queued
    for (;;) {
        SegmentOutcome outcome;
        {
            std::unique_lock lock(mutex_);
            if (all) {
                segment_done_.wait(lock, [&] {
                    return next_to_hand_out_ >= last || done_.count(next_to_hand_out_) != 0 ||
                           failed_.count(next_to_hand_out_) != 0;
                });
            }
            if (const auto failed = failed_.find(next_to_hand_out_); failed != failed_.end())
                std::rethrow_exception(failed->second);
            const auto found = done_.find(next_to_hand_out_);
            if (next_to_hand_out_ >= last || found == done_.end())
                return;
            outcome = std::move(found->second);
            done_.erase(found);
            ++next_to_hand_out_;
        }
        take(std::move(outcome));
    }
}

void SegmentedBuild::work() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            job_ready_.wait(lock, [this] { return closing_ || !queue_.empty(); });
            if (queue_.empty())
                return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job_taken_.notify_one();
        try {
            SegmentOutcome outcome = build_segment(job);
            std::lock_guard lock(mutex_);
            done_.emplace(job.number, std::move(outcome));
        } catch (...) {
            std::lock_guard lock(mutex_);
            failed_.emplace(job.number, std::current_exception());
        }
        segment_done_.notify_all();
    }
}

SegmentOutcome SegmentedBuild::build_segment(Job& job) {
    SegmentOutcome out;
    out.number = job.number;
    out.finished_files = std::move(job.finished_files);
    ArticleDocumentBuilder builder;
    SpellingCounts spelling;
    std::optional<Xapian::WritableDatabase> db;
    std::set<std::string> actor_names;
    for (RawArticle& raw : job.articles) {
        ProcessedArticle done =
            process_article(std::move(raw), gazetteer_, options_, builder, spelling);
        if (!done.skip_reason.empty()) {
            out.skipped.emplace_back(article_location(done.article), done.skip_reason);
            continue;
        }
        if (!db) {
            out.database = segment_path(work_directory_, job.number);
            db.emplace(out.database.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        }
        out.actor_mentions += done.actor_mentions;
        if (done.document.actors_over_facet_slots)
            ++out.articles_over_actor_slots;
        for (const ActorRef& actor : done.document.actors) {
            if (actor_names.insert(actor.name).second)
                out.actors.push_back(actor);
        }
        db->add_document(done.document.document);
        ++out.articles;
        out.passages += done.passages;
    }
    if (db) {
        // Once per distinct word of the segment: Xapian's spelling table
        // costs a lookup per call, so counting first saves most of it.
        for (const auto& [word, count] : spelling)
            db->add_spelling(word, count);
        db->commit();
        db->close();
    }
    return out;
}

}  // namespace dossier
