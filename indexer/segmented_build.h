// Writes new articles with a writer per worker thread. Xapian has one writer
// per database, and that writer, not our text processing, is where indexing
// time goes; so each worker processes a run of consecutive articles (a
// segment) and writes it into a small database of its own, and the segments
// are later merged into the index in input order (IndexWriter::merge_segments),
// which keeps runs deterministic: any number of threads gives the same index.
//
// Ownership: the build owns its worker threads and the segment directories
// under `work_directory` (it creates the folder; the caller removes it after
// merging). The gazetteer is borrowed and must outlive the build.
// Threads: add(), end_file() and take_finished() are for one calling thread;
// processing happens on the workers. Errors: a worker's exception (a Xapian
// error writing a segment) is rethrown by take_finished().
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/gazetteer.h"
#include "indexer/article_processor.h"

namespace dossier {

struct SegmentLimits {
    std::size_t max_articles = 500;
    std::size_t max_text_bytes = 16u << 20;
};

// A file whose articles have all been handed over, with the digest to record
// once they are in the index.
struct FinishedFile {
    std::string origin_path;
    std::string digest;
};

// What a worker made of one segment; handed back in segment order.
struct SegmentOutcome {
    std::size_t number = 0;
    std::filesystem::path database;  // empty when no article of it had passages
    std::vector<std::pair<std::string, std::string>> skipped;  // (location, reason), in order
    std::vector<FinishedFile> finished_files;  // files whose last article is in this segment
    std::size_t articles = 0;
    std::size_t passages = 0;
    std::size_t actor_mentions = 0;
    std::size_t articles_over_actor_slots = 0;
    std::vector<ActorRef> actors;  // distinct within the segment, first mention first
};

class SegmentedBuild {
  public:
    SegmentedBuild(std::filesystem::path work_directory, unsigned threads,
                   const ActorGazetteer& gazetteer, ProcessingOptions options,
                   SegmentLimits limits = {});
    ~SegmentedBuild();
    SegmentedBuild(const SegmentedBuild&) = delete;
    SegmentedBuild& operator=(const SegmentedBuild&) = delete;

    // Queues an article; blocks while every worker is busy and a segment waits.
    void add(RawArticle&& article);
    // Marks the end of a file: its digest comes back with the segment that
    // holds its last article.
    void end_file(FinishedFile file);
    // Hands finished segments to `take` in segment order. With `all`, first
    // closes the open segment and waits for every worker.
    void take_finished(const std::function<void(SegmentOutcome&&)>& take, bool all);

  private:
    struct Job {
        std::size_t number = 0;
        std::vector<RawArticle> articles;
        std::vector<FinishedFile> finished_files;
        std::size_t text_bytes = 0;
    };

    void close_segment();
    void work();
    SegmentOutcome build_segment(Job& job);

    std::filesystem::path work_directory_;
    const ActorGazetteer& gazetteer_;
    ProcessingOptions options_;
    SegmentLimits limits_;
    unsigned worker_count_;

    Job open_;
    std::size_t next_number_ = 0;
    std::size_t next_to_hand_out_ = 0;

    std::mutex mutex_;
    std::condition_variable job_ready_;
    std::condition_variable job_taken_;
    std::condition_variable segment_done_;
    std::deque<Job> queue_;
    std::map<std::size_t, SegmentOutcome> done_;
    std::map<std::size_t, std::exception_ptr> failed_;
    bool closing_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace dossier
