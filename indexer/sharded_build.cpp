#include "indexer/sharded_build.h"

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/schema.h"
#include "common/stored_article.h"

namespace dossier {

namespace {

// A worker's queue holds at most this many articles or this much text, so
// memory stays bounded whatever the input.
constexpr std::size_t kQueueArticles = 256;
constexpr std::size_t kQueueBytes = 32u << 20;

// An index without a record dictionary learns one from the first articles of
// a run: this many, or this much text, whichever comes first. Holding the
// articles back costs that much memory and about half a second of training;
// 3,000 news articles (about 12 MB) teach a 256 KB dictionary what makes
// records 6% smaller than 1,000 do (common/record_compression.cpp).
constexpr std::size_t kLearnArticles = 3000;
constexpr std::size_t kLearnBytes = 16u << 20;

// Once every shard has committed, the files finished before the
// checkpoint are durable.
struct Checkpoint {
    std::vector<FinishedFile> files;
    std::atomic<unsigned> shards_left{0};
    std::atomic<bool> recorded{false};
};

struct Message {
    enum class Kind { article, remove_file, checkpoint, record_digests, finish };
    Kind kind = Kind::article;
    unsigned shard = 0;
    RawArticle article;
    std::size_t sequence = 0;
    std::string origin_path;
    std::shared_ptr<Checkpoint> checkpoint;
};

}  // namespace

struct ShardedBuild::Impl {
    struct Worker {
        std::mutex mutex;
        std::condition_variable ready;
        std::condition_variable space;
        std::deque<Message> queue;
        std::size_t queued_bytes = 0;
        std::size_t queued_articles = 0;
        std::thread thread;

        // Owned by the worker's thread until it stops.
        std::map<unsigned, SpellingCounts> spelling;  // by shard
        BuildTotals totals;
        std::set<std::string> actor_names;
    };

    IndexWriter& writer;
    const ActorGazetteer& gazetteer;
    ProcessingOptions options;
    std::size_t checkpoint_articles;
    // Set before any article reaches a worker, unchanged after.
    RecordCompressor records;
    // While learning the dictionary: the articles held back, and their samples.
    bool learning = false;
    std::vector<std::pair<RawArticle, std::size_t>> held;
    std::vector<std::string> samples;
    std::size_t sample_bytes = 0;
    std::vector<std::unique_ptr<Worker>> workers;
    std::size_t since_checkpoint = 0;
    std::vector<FinishedFile> files_since_checkpoint;
    // Until recorded: a checkpoint completed after the first shard's owner
    // stopped is recorded by finish() instead.
    std::vector<std::shared_ptr<Checkpoint>> checkpoints;

    std::mutex skipped_mutex;
    std::vector<SkippedArticle> skipped;

    std::mutex error_mutex;
    std::exception_ptr error;
    std::atomic<bool> failed{false};

    Impl(IndexWriter& w, unsigned threads, const ActorGazetteer& g, ProcessingOptions o,
         std::size_t checkpoint)
        : writer(w),
          gazetteer(g),
          options(std::move(o)),
          checkpoint_articles(checkpoint),
          records(w.record_dictionary()),
          learning(w.record_dictionary().empty()) {
        const unsigned count = std::max(1u, std::min(threads, writer.shard_count()));
        for (unsigned i = 0; i < count; ++i)
            workers.push_back(std::make_unique<Worker>());
        for (auto& worker : workers)
            worker->thread = std::thread([this, w = worker.get()] { work(*w); });
    }

    Worker& owner(unsigned shard) { return *workers[shard % workers.size()]; }

    // `may_checkpoint` false: the caller checkpoints after a batch, because a
    // checkpoint covers every file ended so far and so must come after all
    // of their articles.
    void dispatch(RawArticle&& article, std::size_t sequence, bool may_checkpoint = true) {
        Message message;
        message.kind = Message::Kind::article;
        message.shard = IndexWriter::shard_of(article.article.id, writer.shard_count());
        message.sequence = sequence;
        message.article = std::move(article);
        push(std::move(message));
        // About `checkpoint_articles` per shard: the hash spreads them evenly.
        if (++since_checkpoint >= checkpoint_articles * writer.shard_count() && may_checkpoint)
            checkpoint();
    }

    // The sample an article gives: its record as the indexer will store it,
    // with the raw text as one passage (processing it here would cost a
    // worker's time on the reading thread; the layout and the words are what
    // a dictionary learns).
    static std::string sample_record(const RawArticle& article) {
        StoredArticle sample;
        sample.article = article.article;
        StoredPassage text;
        text.passage.passage.text = article.text;
        sample.passages.push_back(std::move(text));
        return encode_stored_article(sample);
    }

    void hold(RawArticle&& article, std::size_t sequence) {
        samples.push_back(sample_record(article));
        sample_bytes += samples.back().size();
        held.emplace_back(std::move(article), sequence);
        if (held.size() >= kLearnArticles || sample_bytes >= kLearnBytes)
            learn();
    }

    // Learns the dictionary from what is held (none from too little), then
    // lets the held articles go, in order.
    void learn() {
        learning = false;
        const std::string dictionary = train_record_dictionary(samples);
        samples.clear();
        if (!dictionary.empty()) {
            writer.set_record_dictionary(dictionary);
            records = RecordCompressor(dictionary);
        }
        for (auto& [article, sequence] : held)
            dispatch(std::move(article), sequence, /*may_checkpoint=*/false);
        held.clear();
        if (since_checkpoint >= checkpoint_articles * writer.shard_count())
            checkpoint();
    }

    // `wait` false: control messages from workers, which must never block.
    void push(Message&& message, bool wait = true) {
        Worker& worker = owner(message.shard);
        const std::size_t bytes = message.article.text.size();
        const bool is_article = message.kind == Message::Kind::article;
        {
            std::unique_lock lock(worker.mutex);
            if (wait && is_article) {
                worker.space.wait(lock, [&] {
                    return failed.load() || worker.queued_articles == 0 ||
                           (worker.queued_articles < kQueueArticles &&
                            worker.queued_bytes + bytes <= kQueueBytes);
                });
            }
            if (is_article) {
                ++worker.queued_articles;
                worker.queued_bytes += bytes;
            }
            worker.queue.push_back(std::move(message));
        }
        worker.ready.notify_one();
    }

    void rethrow_if_failed() {
        if (failed.load()) {
            std::lock_guard lock(error_mutex);
            std::rethrow_exception(error);
        }
    }

    void checkpoint() {
        auto point = std::make_shared<Checkpoint>();
        point->files = std::move(files_since_checkpoint);
        files_since_checkpoint.clear();
        point->shards_left = writer.shard_count();
        std::erase_if(checkpoints, [](const auto& earlier) { return earlier->recorded.load(); });
        checkpoints.push_back(point);
        for (unsigned shard = 0; shard < writer.shard_count(); ++shard) {
            Message message;
            message.kind = Message::Kind::checkpoint;
            message.shard = shard;
            message.checkpoint = point;
            push(std::move(message));
        }
        since_checkpoint = 0;
    }

    // Words seen once in a run are mostly typos, rare names and scraping
    // debris, and about a third of the spelling table's words; a suggestion
    // should be a word the corpus uses. So a word enters a shard's table once
    // the shard has seen it twice: a word seen once waits in the counts across
    // commits (at most kMaxWaitingWords of them), and the run's end drops
    // those still waiting.
    static constexpr std::size_t kMaxWaitingWords = 1'000'000;

    void flush_spelling(Worker& worker, unsigned shard, bool run_ends) {
        SpellingCounts& counts = worker.spelling[shard];
        Xapian::WritableDatabase& db = writer.shard(shard);
        // Once per distinct word since the last commit: Xapian's spelling
        // table costs a lookup per call, so counting first saves most of it.
        for (auto it = counts.begin(); it != counts.end();) {
            if (it->second >= 2) {
                db.add_spelling(it->first, it->second);
                it = counts.erase(it);
            } else {
                ++it;
            }
        }
        if (run_ends || counts.size() > kMaxWaitingWords)
            counts.clear();
    }

    void handle(Worker& worker, Message& message, ArticleDocumentBuilder& builder) {
        const unsigned shard = message.shard;
        Xapian::WritableDatabase& db = writer.shard(shard);
        switch (message.kind) {
            case Message::Kind::article: {
                const std::size_t sequence = message.sequence;
                ProcessedArticle done = process_article(std::move(message.article), gazetteer,
                                                        options, builder, worker.spelling[shard]);
                if (done.empty) {
                    ++worker.totals.empty_records;
                    return;
                }
                if (done.problem) {
                    std::lock_guard lock(skipped_mutex);
                    skipped.push_back({sequence, done.article.origin_path, *done.problem});
                    return;
                }
                const Xapian::docid docid = db.add_document(done.document.document);
                BuildTotals& totals = worker.totals;
                totals.added.push_back({sequence, shard, docid, std::move(done.article.id),
                                        std::move(done.document.sketch)});
                ++totals.articles;
                totals.passages += done.passages;
                totals.actor_mentions += done.actor_mentions;
                if (done.document.actors_over_facet_slots)
                    ++totals.articles_over_actor_slots;
                for (const ActorRef& actor : done.document.actors) {
                    if (worker.actor_names.insert(actor.name).second)
                        totals.actors.push_back(actor);
                }
                return;
            }
            case Message::Kind::remove_file: {
                const std::string term =
                    schema::boolean_term(schema::kOriginPathPrefix, message.origin_path);
                const Xapian::doccount removed = db.get_termfreq(term);
                for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
                    std::string key = db.get_document(*it).get_value(schema::kSlotStory);
                    if (!key.empty())
                        worker.totals.broken_stories.insert(std::move(key));
                }
                if (removed > 0)
                    db.delete_document(term);
                worker.totals.articles_removed += removed;
                return;
            }
            case Message::Kind::checkpoint:
                flush_spelling(worker, shard, false);
                db.commit();
                if (--message.checkpoint->shards_left == 0) {
                    Message record;
                    record.kind = Message::Kind::record_digests;
                    record.shard = 0;
                    record.checkpoint = message.checkpoint;
                    push(std::move(record), false);
                }
                return;
            case Message::Kind::record_digests:
                IndexWriter::record_digests(db, message.checkpoint->files);
                db.commit();
                message.checkpoint->recorded = true;
                return;
            case Message::Kind::finish:
                return;
        }
    }

    void work(Worker& worker) {
        ArticleDocumentBuilder builder(&records);
        for (;;) {
            Message message;
            {
                std::unique_lock lock(worker.mutex);
                worker.ready.wait(lock, [&] { return !worker.queue.empty(); });
                message = std::move(worker.queue.front());
                worker.queue.pop_front();
                if (message.kind == Message::Kind::article) {
                    --worker.queued_articles;
                    worker.queued_bytes -= message.article.text.size();
                }
            }
            worker.space.notify_one();
            if (message.kind == Message::Kind::finish)
                break;
            if (failed.load())
                continue;  // drain: the run is over, the reader will rethrow
            try {
                handle(worker, message, builder);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!failed.exchange(true))
                    error = std::current_exception();
                for (auto& other : workers)
                    other->space.notify_all();
            }
        }
        if (failed.load())
            return;
        try {
            for (unsigned shard = 0; shard < writer.shard_count(); ++shard) {
                if (&owner(shard) != &worker)
                    continue;
                flush_spelling(worker, shard, true);
                writer.shard(shard).commit();
            }
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!failed.exchange(true))
                error = std::current_exception();
        }
    }

    void stop() {
        for (unsigned shard = 0; shard < workers.size(); ++shard) {
            Message message;
            message.kind = Message::Kind::finish;
            message.shard = shard;
            push(std::move(message), false);
        }
        for (auto& worker : workers) {
            if (worker->thread.joinable())
                worker->thread.join();
        }
    }
};

ShardedBuild::ShardedBuild(IndexWriter& writer, unsigned threads, const ActorGazetteer& gazetteer,
                           ProcessingOptions options, std::size_t checkpoint_articles)
    : impl_(std::make_unique<Impl>(writer, threads, gazetteer, std::move(options),
                                   std::max<std::size_t>(1, checkpoint_articles))) {}

ShardedBuild::~ShardedBuild() {
    impl_->stop();
}

void ShardedBuild::add(RawArticle&& article, std::size_t sequence) {
    impl_->rethrow_if_failed();
    if (impl_->learning)
        impl_->hold(std::move(article), sequence);
    else
        impl_->dispatch(std::move(article), sequence);
}

void ShardedBuild::remove_file(const std::string& origin_path) {
    impl_->rethrow_if_failed();
    if (impl_->learning && !impl_->held.empty())
        impl_->learn();  // the removal must not overtake articles added before it
    for (unsigned shard = 0; shard < impl_->writer.shard_count(); ++shard) {
        Message message;
        message.kind = Message::Kind::remove_file;
        message.shard = shard;
        message.origin_path = origin_path;
        impl_->push(std::move(message));
    }
}

void ShardedBuild::end_file(FinishedFile file) {
    impl_->files_since_checkpoint.push_back(std::move(file));
}

std::vector<SkippedArticle> ShardedBuild::take_skipped() {
    std::lock_guard lock(impl_->skipped_mutex);
    return std::exchange(impl_->skipped, {});
}

BuildTotals ShardedBuild::finish() {
    if (impl_->learning)
        impl_->learn();
    impl_->stop();
    impl_->rethrow_if_failed();
    BuildTotals totals;
    std::set<std::string> names;
    for (auto& worker : impl_->workers) {
        const BuildTotals& t = worker->totals;
        totals.articles += t.articles;
        totals.passages += t.passages;
        totals.actor_mentions += t.actor_mentions;
        totals.articles_over_actor_slots += t.articles_over_actor_slots;
        totals.empty_records += t.empty_records;
        totals.articles_removed += t.articles_removed;
        totals.added.insert(totals.added.end(),
                            std::make_move_iterator(worker->totals.added.begin()),
                            std::make_move_iterator(worker->totals.added.end()));
        totals.broken_stories.insert(t.broken_stories.begin(), t.broken_stories.end());
        for (const ActorRef& actor : t.actors) {
            if (names.insert(actor.name).second)
                totals.actors.push_back(actor);
        }
    }
    // Every shard committed on stopping: what no record reached is durable too.
    for (const auto& point : impl_->checkpoints) {
        if (!point->recorded) {
            totals.unrecorded_files.insert(totals.unrecorded_files.end(), point->files.begin(),
                                           point->files.end());
        }
    }
    impl_->checkpoints.clear();
    for (FinishedFile& file : impl_->files_since_checkpoint)
        totals.unrecorded_files.push_back(std::move(file));
    impl_->files_since_checkpoint.clear();
    return totals;
}

}  // namespace dossier
