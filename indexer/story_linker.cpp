#include "indexer/story_linker.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "common/schema.h"
#include "common/stored_article.h"
#include "indexer/parallel.h"

namespace dossier {

namespace {

// A shingle sampled in more articles than this is boilerplate (a credit
// line, a disclaimer), not a story: it finds no candidates.
constexpr std::size_t kMaxShingleArticles = 256;

// A document of some shard.
struct DocRef {
    unsigned shard = 0;
    Xapian::docid docid = 0;
    friend auto operator<=>(const DocRef&, const DocRef&) = default;
};
struct DocRefHash {
    std::size_t operator()(const DocRef& ref) const {
        return std::hash<std::uint64_t>()((std::uint64_t(ref.shard) << 32) | ref.docid);
    }
};

// An article the linker reasons about.
struct Node {
    DocRef doc;
    std::string id;
    CopySketch sketch;
    // Its story key as the index holds it.
    std::string old_key;
    // An article of an earlier run whose story is intact: its key stands for
    // all the story's copies, which need not be looked at.
    bool anchored = false;
};

class UnionFind {
  public:
    std::size_t add() {
        parent_.push_back(parent_.size());
        return parent_.size() - 1;
    }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x)
            x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b)
            parent_[std::max(a, b)] = std::min(a, b);  // the earlier node roots its story
    }

  private:
    std::vector<std::size_t> parent_;
};

class Linker {
  public:
    Linker(IndexWriter& writer, unsigned threads)
        : writer_(writer), records_(writer.record_dictionary()), threads_(std::max(1u, threads)) {}

    StoryTotals run(std::vector<AddedArticle> added, const std::set<std::string>& broken) {
        const auto start = std::chrono::steady_clock::now();
        // Copies left of a broken story come first, so that the largest
        // part of the story keeps its key.
        for (const std::string& key : broken)
            add_story_members(key);
        std::sort(added.begin(), added.end(), [](const AddedArticle& a, const AddedArticle& b) {
            return a.sequence < b.sequence;
        });
        const std::size_t first_new = nodes_.size();
        for (AddedArticle& article : added) {
            Node node;
            node.doc = {article.shard, article.docid};
            node.id = std::move(article.id);
            node.sketch = std::move(article.sketch);
            add_node(std::move(node));
        }
        add_unlinked_leftovers();
        const std::size_t last_new = nodes_.size();
        link_among_nodes(0, last_new);
        searched_through_ = last_new;
        if (!writer_.started_empty()) {
            for (std::size_t i = first_new; i < last_new; ++i)
                link_to_earlier_runs(i);
        }
        write_keys();
        StoryTotals totals = totals_;
        count_stories(totals);
        totals.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return totals;
    }

  private:
    std::size_t add_node(Node node) {
        index_of_.emplace(node.doc, nodes_.size());
        nodes_.push_back(std::move(node));
        return sets_.add();
    }

    const std::vector<std::uint64_t>& shingles_of(std::size_t node) {
        auto found = shingles_.find(node);
        if (found != shingles_.end())
            return found->second;
        const Node& n = nodes_[node];
        const StoredArticle stored =
            read_stored_article(writer_.shard(n.doc.shard).get_document(n.doc.docid), records_);
        std::vector<std::string_view> texts;
        for (const StoredPassage& passage : stored.passages)
            texts.push_back(passage.passage.passage.text);
        return shingles_.emplace(node, shingle_hashes(texts)).first->second;
    }

    // A node for an article already in the index, sketched from its record.
    std::size_t add_indexed(DocRef doc, bool anchored) {
        Node node;
        node.doc = doc;
        const Xapian::Document document = writer_.shard(doc.shard).get_document(doc.docid);
        node.old_key = document.get_value(schema::kSlotStory);
        node.anchored = anchored && !node.old_key.empty();
        node.id = read_stored_article(document, records_).article.id;
        const std::size_t index = add_node(std::move(node));
        nodes_[index].sketch = sketch_of(shingles_of(index));
        return index;
    }

    // The copies of every story as the index holds them, from each shard's
    // story slot (only copies have a value there: a few percent of articles).
    const std::map<std::string, std::vector<DocRef>>& stories_in_index() {
        if (!stories_in_index_) {
            stories_in_index_.emplace();
            for (unsigned shard = 0; shard < writer_.shard_count(); ++shard) {
                Xapian::WritableDatabase& db = writer_.shard(shard);
                for (auto it = db.valuestream_begin(schema::kSlotStory);
                     it != db.valuestream_end(schema::kSlotStory); ++it)
                    (*stories_in_index_)[*it].push_back({shard, it.get_docid()});
            }
        }
        return *stories_in_index_;
    }

    const std::vector<DocRef>& copies_in_index(const std::string& key) {
        static const std::vector<DocRef> none;
        const auto found = stories_in_index().find(key);
        return found == stories_in_index().end() ? none : found->second;
    }

    void add_story_members(const std::string& key) {
        for (const DocRef& doc : copies_in_index(key)) {
            if (!index_of_.contains(doc))
                add_indexed(doc, /*anchored=*/false);
        }
    }

    // Documents past a shard's linked mark that this run did not add: a
    // killed run's, committed before it could link them.
    void add_unlinked_leftovers() {
        for (unsigned shard = 0; shard < writer_.shard_count(); ++shard) {
            Xapian::WritableDatabase& db = writer_.shard(shard);
            auto it = db.postlist_begin("");
            it.skip_to(writer_.stories_linked_through(shard) + 1);
            for (; it != db.postlist_end(""); ++it) {
                if (!index_of_.contains({shard, *it}))
                    add_indexed({shard, *it}, /*anchored=*/false);
            }
        }
    }

    // A pair whose sketches the pair search left undecided, or found copies.
    struct Finding {
        std::uint32_t a = 0;
        std::uint32_t b = 0;
        SketchVerdict verdict = SketchVerdict::copies;
    };

    // Applies a finding, deciding an uncertain pair on the exact shingle
    // sets unless the pair is already one story.
    void apply(const Finding& finding) {
        if (finding.verdict == SketchVerdict::distinct ||
            sets_.find(finding.a) == sets_.find(finding.b))
            return;
        if (finding.verdict == SketchVerdict::uncertain) {
            ++totals_.exact_checks;
            if (containment(shingles_of(finding.a), shingles_of(finding.b)) < kCopyContainment)
                return;
        }
        ++totals_.links;
        sets_.unite(finding.a, finding.b);
    }

    void judge(std::size_t a, std::size_t b) {
        ++totals_.pairs_judged;
        apply({static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b),
               judge_sketches(nodes_[a].sketch, nodes_[b].sketch)});
    }

    // Every node's sample hashes, each with its node, in hash order: placed
    // in buckets by the hash's top byte (hashes are uniform), then the
    // buckets sorted side by side.
    std::vector<std::pair<SketchHash, std::uint32_t>> postings_in_hash_order(std::size_t begin,
                                                                             std::size_t end) {
        constexpr unsigned kBucketBits = 8;
        const auto bucket_of = [](SketchHash hash) { return hash >> (32 - kBucketBits); };
        std::vector<std::size_t> bucket_start((1u << kBucketBits) + 1, 0);
        for (std::size_t i = begin; i < end; ++i) {
            for (const SketchHash hash : nodes_[i].sketch.sample)
                ++bucket_start[bucket_of(hash) + 1];
        }
        std::partial_sum(bucket_start.begin(), bucket_start.end(), bucket_start.begin());
        std::vector<std::pair<SketchHash, std::uint32_t>> postings(bucket_start.back());
        std::vector<std::size_t> next(bucket_start.begin(), bucket_start.end() - 1);
        for (std::size_t i = begin; i < end; ++i) {
            for (const SketchHash hash : nodes_[i].sketch.sample)
                postings[next[bucket_of(hash)]++] = {hash, static_cast<std::uint32_t>(i)};
        }
        run_in_parallel(threads_, [&](unsigned thread) {
            for (std::size_t bucket = thread; bucket + 1 < bucket_start.size(); bucket += threads_)
                std::sort(postings.begin() + static_cast<std::ptrdiff_t>(bucket_start[bucket]),
                          postings.begin() + static_cast<std::ptrdiff_t>(bucket_start[bucket + 1]));
        });
        return postings;
    }

    // Candidates among the nodes: articles that hold one of the shorter
    // one's probe hashes (copy_sketch.h). The search and the sketches'
    // verdicts run on `threads_` threads; the exact checks, which read the
    // index, and the union run on this one.
    void link_among_nodes(std::size_t begin, std::size_t end) {
        const std::vector<std::pair<SketchHash, std::uint32_t>> postings =
            postings_in_hash_order(begin, end);
        // For each node, parallel to its sample (from `first_of[node]`):
        // where its hash's articles are in `postings` (postings are in hash
        // order, as samples are).
        std::vector<std::size_t> first_of(end - begin + 1, 0);
        for (std::size_t i = begin; i < end; ++i)
            first_of[i - begin + 1] = first_of[i - begin] + nodes_[i].sketch.sample.size();
        std::vector<std::pair<std::uint32_t, std::uint32_t>> runs(postings.size());
        {
            std::vector<std::size_t> next(first_of.begin(), first_of.end() - 1);
            for (std::size_t run = 0; run < postings.size();) {
                std::size_t run_end = run + 1;
                while (run_end < postings.size() && postings[run_end].first == postings[run].first)
                    ++run_end;
                for (std::size_t p = run; p < run_end; ++p) {
                    runs[next[postings[p].second - begin]++] = {
                        static_cast<std::uint32_t>(run), static_cast<std::uint32_t>(run_end)};
                }
                run = run_end;
            }
        }
        std::vector<std::vector<Finding>> findings(threads_);
        std::vector<std::size_t> judged(threads_, 0);
        run_in_parallel(threads_, [&](unsigned thread) {
            std::vector<std::uint32_t> counts;
            std::vector<std::uint32_t> partners;
            for (std::size_t a = begin + thread; a < end; a += threads_) {
                const CopySketch& sketch = nodes_[a].sketch;
                const auto* runs_of_a = runs.data() + first_of[a - begin];
                counts.clear();
                for (std::size_t i = 0; i < sketch.sample.size(); ++i)
                    counts.push_back(runs_of_a[i].second - runs_of_a[i].first);
                partners.clear();
                for (const std::size_t position : probe_positions(sketch, counts)) {
                    const auto [first, last] = runs_of_a[position];
                    if (last - first > kMaxShingleArticles)
                        continue;
                    for (std::size_t p = first; p < last; ++p) {
                        const std::uint32_t b = postings[p].second;
                        // The shorter one's probes find a copy. Of two as
                        // long, both look: a probe held by too many
                        // articles is skipped, so one may find what the
                        // other cannot.
                        if (b != a && nodes_[b].sketch.shingles >= sketch.shingles)
                            partners.push_back(b);
                    }
                }
                std::sort(partners.begin(), partners.end());
                partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
                judged[thread] += partners.size();
                for (const std::uint32_t b : partners) {
                    const SketchVerdict verdict = judge_sketches(sketch, nodes_[b].sketch);
                    if (verdict != SketchVerdict::distinct)
                        findings[thread].push_back({static_cast<std::uint32_t>(a), b, verdict});
                }
            }
        });
        for (unsigned thread = 0; thread < threads_; ++thread) {
            totals_.pairs_judged += judged[thread];
            for (const Finding& finding : findings[thread])
                apply(finding);
        }
    }

    // Candidates in the index: articles of earlier runs that share a
    // candidate term with a new article.
    void link_to_earlier_runs(std::size_t node) {
        std::vector<DocRef> candidates;
        for (const std::uint64_t hash : nodes_[node].sketch.candidates) {
            const std::string term = schema::copy_candidate_term(hash);
            for (unsigned shard = 0; shard < writer_.shard_count(); ++shard) {
                Xapian::WritableDatabase& db = writer_.shard(shard);
                if (db.get_termfreq(term) > kMaxShingleArticles)
                    continue;
                for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
                    candidates.push_back({shard, *it});
            }
        }
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (const DocRef& doc : candidates) {
            auto found = index_of_.find(doc);
            if (found == index_of_.end())
                judge(node, add_indexed(doc, /*anchored=*/true));
            else if (found->second >= searched_through_)  // else the pair search had it
                judge(node, found->second);
        }
    }

    // A key no story holds yet, from the founding article's id.
    std::string fresh_key(const std::string& founding_id) {
        for (int salt = 0;; ++salt) {
            std::string key = schema::story_key(
                salt == 0 ? founding_id : founding_id + "#" + std::to_string(salt));
            if (!claimed_.contains(key) && copies_in_index(key).empty())
                return key;
        }
    }

    void set_key(DocRef doc, const std::string& old_key, const std::string& key) {
        if (old_key != key)
            new_keys_[doc] = key;
    }

    void write_keys() {
        std::map<std::size_t, std::vector<std::size_t>> stories;  // root -> nodes, in order
        for (std::size_t i = 0; i < nodes_.size(); ++i)
            stories[sets_.find(i)].push_back(i);
        // Stories whose members hold different keys: the key of the most
        // copies wins; keys of intact earlier stories win over broken ones'.
        for (const auto& [root, members] : stories) {
            std::map<std::string, Xapian::doccount> anchored_keys;
            std::map<std::string, std::size_t> held_keys;  // by this story's nodes
            for (const std::size_t i : members) {
                const Node& node = nodes_[i];
                if (node.anchored)
                    anchored_keys.emplace(node.old_key, 0);
                else if (!node.old_key.empty())
                    ++held_keys[node.old_key];
            }
            std::string key;
            if (!anchored_keys.empty()) {
                Xapian::doccount most = 0;
                for (auto& [candidate, count] : anchored_keys) {
                    count = static_cast<Xapian::doccount>(copies_in_index(candidate).size());
                    if (count > most || key.empty()) {
                        most = count;
                        key = candidate;
                    }
                }
            } else if (members.size() >= 2) {
                std::size_t most = 0;
                for (const auto& [candidate, count] : held_keys) {
                    if (count > most && !claimed_.contains(candidate)) {
                        most = count;
                        key = candidate;
                    }
                }
                if (key.empty())
                    key = fresh_key(nodes_[members.front()].id);
            }
            if (!key.empty())
                claimed_.insert(key);
            for (const std::size_t i : members) {
                const Node& node = nodes_[i];
                if (!(node.anchored && node.old_key == key))
                    set_key(node.doc, node.old_key, key);
            }
            // Copies of earlier stories merged into this one, not looked at so far.
            for (const auto& [other, count] : anchored_keys) {
                if (other == key)
                    continue;
                for (const DocRef& doc : copies_in_index(other))
                    set_key(doc, other, key);
            }
        }
        const auto write_start = std::chrono::steady_clock::now();
        // A value rewrite costs about 150 microseconds: a thread per shard.
        std::vector<std::vector<std::pair<Xapian::docid, std::string>>> by_shard(
            writer_.shard_count());
        for (const auto& [doc, key] : new_keys_)
            by_shard[doc.shard].emplace_back(doc.docid, key);
        writer_.for_each_shard_in_parallel([&](unsigned shard, Xapian::WritableDatabase& db) {
            write_shard_keys(db, by_shard[shard]);
        });
        totals_.keys_written = new_keys_.size();
        totals_.write_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
        for (unsigned shard = 0; shard < writer_.shard_count(); ++shard)
            writer_.set_stories_linked_through(shard);
    }

    // Values alone change: Xapian rewrites no term or position.
    static void write_shard_keys(Xapian::WritableDatabase& db,
                                 const std::vector<std::pair<Xapian::docid, std::string>>& keys) {
        for (const auto& [docid, key] : keys) {
            Xapian::Document document = db.get_document(docid);
            if (key.empty())
                document.remove_value(schema::kSlotStory);
            else
                document.add_value(schema::kSlotStory, key);
            db.replace_document(docid, document);
        }
    }

    void count_stories(StoryTotals& totals) {
        stories_in_index_.reset();  // as written
        totals.stories = stories_in_index().size();
        for (const auto& [key, copies] : stories_in_index())
            totals.articles_in_stories += copies.size();
    }

    IndexWriter& writer_;
    RecordCompressor records_;
    std::vector<Node> nodes_;
    std::unordered_map<DocRef, std::size_t, DocRefHash> index_of_;
    std::unordered_map<std::size_t, std::vector<std::uint64_t>> shingles_;
    UnionFind sets_;
    // Nodes before this one were all searched among one another.
    std::size_t searched_through_ = 0;
    unsigned threads_ = 1;
    std::set<std::string> claimed_;
    std::optional<std::map<std::string, std::vector<DocRef>>> stories_in_index_;
    std::unordered_map<DocRef, std::string, DocRefHash> new_keys_;  // doc -> its new key
    StoryTotals totals_;
};

}  // namespace

StoryTotals link_stories(IndexWriter& writer, std::vector<AddedArticle> added,
                         const std::set<std::string>& broken_stories, unsigned threads) {
    return Linker(writer, threads).run(std::move(added), broken_stories);
}

}  // namespace dossier
