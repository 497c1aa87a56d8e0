#include "query/search/search_service.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "common/gazetteer.h"
#include "common/schema.h"
#include "common/stored_article.h"
#include "common/text.h"
#include "query/search/facet_counter.h"
#include "query/search/facet_table.h"
#include "query/search/passage_scorer.h"
#include "query/search/query_builder.h"
#include "query/search/query_rewrites.h"
#include "query/search/query_words.h"
#include "query/search/ranked_page.h"
#include "query/search/relevance_feedback.h"
#include "query/search/snippet.h"
#include "query/search/story_collapse.h"
#include "query/search/story_table.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

// The passage length that passage scoring normalises by: about the middle of
// the passage splitter's 40 to 160 words (measured averages: 77 words on
// corpus/, 103 on Reuters financial news). A constant rather than the
// index's own average, so that one index, local shards and remote shards
// score passages identically (a stub's metadata is its first shard's).
constexpr double kTypicalPassageWords = 100;

// Ranking evidence beyond article BM25, for the first `rerank_depth`
// matches (benchmarks/quality on CISI and NPL, Dossier minus the plain
// Xapian BM25 baseline of the same run, nDCG@10 / MAP / R@100; the variants
// measured are in docs/BENCHMARKS.md, "Ranking variants studied"):
//
// The best passage's MinCover proximity (PassageScores::proximity) counts
// this many times as much as its BM25 in the passage evidence. With the best
// passage and the title summed: CISI +.0137 / +.005 / +.005, NPL +.0096 /
// +.007 / .000 (0.75: NPL +.008; 1.5: NPL +.006; weighed against the max of
// passage and title: NPL +.008). Short of +.01 on NPL alone; feedback, below,
// passes it at a cost.
constexpr double kProximityWeight = 1.0;
// Pseudo-relevance feedback (query/search/relevance_feedback.h): a relevance
// model of the first 10 matches after the passage evidence, its 30 most
// probable words, each scaled by 0.3 per query word, added to each of the
// first `rerank_depth` matches; on for a question typed as prose unless the
// request says otherwise (SearchRequest::feedback). Topics as typed, against
// the OR-of-words BM25 baseline: CISI +.049 / +.021 / +.014, NPL +.034 /
// +.017 / -.003 (without feedback +.043, +.026); 10 to 50 words, weight 0.2
// to 0.5, 3 to 20 articles all within .006 (docs/BENCHMARKS.md, "Ranking,
// round 2"). Its cost: the term lists of the reranked articles, 1.56x the
// p50 of a prose question on Reuters-21578, 2.05x on long articles; keyword
// queries go without.
constexpr std::size_t kFeedbackArticles = 10;
constexpr std::size_t kFeedbackWords = 30;
constexpr double kFeedbackWeight = 0.3;

// A list of words that fewer articles than this all have is relaxed: one
// page of the default size.
constexpr unsigned kRelaxBelowArticles = 10;

Xapian::Database open_index(const fs::path& directory) {
    const std::string how_to_build =
        " (build one with: dossier-index --index " + directory.string() + " PATH...)";
    std::error_code ec;
    if (!fs::exists(directory, ec))
        throw IndexUnavailable("no index at " + directory.string() + how_to_build);
    try {
        Xapian::Database db(directory.string());
        const std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
        if (version.empty()) {
            throw IndexUnavailable(directory.string() +
                                   " is a Xapian database but not a Dossier index" + how_to_build);
        }
        if (version != std::to_string(schema::kSchemaVersion)) {
            throw IndexUnavailable(
                directory.string() + " was built with index schema " + version +
                "; this version of Dossier reads schema " + std::to_string(schema::kSchemaVersion) +
                " (one document per article) and cannot search it: rebuild it (remove the "
                "directory and run dossier-index --index " +
                directory.string() + " again on the same inputs)");
        }
        return db;
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexUnavailable("cannot open the index at " + directory.string() + ": " +
                               e.get_msg() + how_to_build);
    }
}

// What a stub names: Dossier's index directory (its XAPIANDB shard list) or
// a stub file a user wrote, with lines "glass PATH", "auto PATH" or
// "remote ..." (xapian-tcpsrv). Relative paths are from the stub's folder.
struct StubShards {
    bool remote = false;
    std::vector<fs::path> local;
};

StubShards stub_shards(const fs::path& index) {
    StubShards out;
    std::error_code ec;
    const fs::path stub = fs::is_directory(index, ec) ? index / "XAPIANDB" : index;
    if (!fs::is_regular_file(stub, ec))
        return out;
    std::ifstream in(stub);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string first, second;
        if (!(words >> first) || first[0] == '#')
            continue;
        if (first == "remote") {
            out.remote = true;
            continue;
        }
        const fs::path path = (words >> second) ? second : first;
        out.local.push_back(path.is_absolute() ? path : stub.parent_path() / path);
    }
    return out;
}

ActorGazetteer stored_gazetteer(const Xapian::Database& db) {
    const std::string data = db.get_metadata(std::string(schema::kMetaGazetteer));
    if (data.empty())
        return ActorGazetteer();
    return ActorGazetteer::from_json(nlohmann::json::parse(data), "the index's stored gazetteer");
}

// True when the query has words to rank by, not only boolean fields.
bool has_free_text(const Xapian::Query& query) {
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        if (schema::is_stem_term(*it))
            return true;  // stems, of text or title
    }
    return query.get_description().find("WILDCARD") != std::string::npos;
}

// The counting match needs no ranking. Not BoolWeight: Xapian 1.4.22's
// boolean match fails with "DatabaseCorruptError: Unexpected end of posting
// list" on a compacted database after documents were deleted and added
// (xapian-check and ranked matches find nothing wrong; reproduced with a
// plain Xapian program). BM25 with k1 = b = 0 weighs each term by its idf
// alone, reads no document lengths and does not take that path.
const Xapian::BM25Weight kCountingWeight(0, 0, 0, 0, 1);

std::uint64_t metadata_number(const Xapian::Database& db, std::string_view key) {
    const std::string value = db.get_metadata(std::string(key));
    return value.empty() ? 0 : std::strtoull(value.c_str(), nullptr, 10);
}

PassageHit passage_hit(const Article& article, const StoredPassage& stored) {
    PassageHit hit;
    hit.passage_id = schema::passage_id(article.id, stored.passage.passage.ordinal);
    hit.passage = stored.passage;
    return hit;
}

// An actor filter of the query: its term, and the name passages carry.
struct ActorFilter {
    std::string folded_name;
    Xapian::doccount articles = 0;
};

}  // namespace

struct SearchService::Impl {
    fs::path directory;
    SearchLimits limits;
    Xapian::Database db;
    ActorGazetteer gazetteer;
    RecordCompressor records;  // of the open revision's record dictionary
    std::unique_ptr<QueryBuilder> builder;
    bool remote_shards = false;
    // Each local shard on its own, for facet counting: a MatchSpy sees a
    // document by its docid in its own shard, so each shard is counted
    // apart, from its part of the table. Empty when some shard is remote.
    std::vector<Xapian::Database> local_shards;
    // Of the shards' current revision; made when a request first asks for facets.
    std::unique_ptr<FacetTable> facet_table;
    // Of the current revision, made when a hit first has copies; from the
    // facet table's story column. Local indexes only: a remote shard gives
    // no value streams, and each story is then matched on its key.
    std::unique_ptr<StoryTable> story_table;
    // Whether any article of the current revision has a copy (a remote
    // shard answers this over the network: asked once per revision).
    std::optional<bool> any_copies;

    bool has_copies() {
        if (!any_copies)
            any_copies = db.get_value_freq(schema::kSlotStory) > 0;
        return *any_copies;
    }

    Impl(const fs::path& dir, SearchLimits l) : directory(dir), limits(l) { open(); }

    // What is read from one revision of the index and must go with it.
    // The tables and answers read from one revision, read again when asked.
    void forget_revision_tables() {
        story_table.reset();  // before the facet table, whose story column it holds
        facet_table.reset();
        any_copies.reset();
    }

    void forget_revision() {
        forget_revision_tables();
        // A run that found no dictionary may have learnt one since.
        if (records.dictionary().empty())
            records = record_compressor(db);
        for (Xapian::Database& shard : local_shards)
            shard.reopen();
    }

    void open() {
        forget_revision_tables();
        db = open_index(directory);
        gazetteer = stored_gazetteer(db);
        records = record_compressor(db);
        builder = std::make_unique<QueryBuilder>(db, gazetteer);
        const StubShards stub = stub_shards(directory);
        remote_shards = stub.remote;
        local_shards.clear();
        if (remote_shards)
            return;
        if (stub.local.empty()) {
            local_shards.push_back(db);
            return;
        }
        for (const fs::path& shard : stub.local)
            local_shards.emplace_back(shard.string());
    }

    // dossier-index swaps in new shards (compacted after a first build, or
    // merged by --compact) by rewriting the shard list (indexer/index_writer.h).
    // Xapian's reopen() compares revision numbers only and would keep the old
    // shards; a new UUID means opening afresh, which also picks up the
    // gazetteer that run stored. Remote shards are swapped on their servers.
    void reopen() {
        if (!remote_shards) {
            std::string on_disk;
            try {
                on_disk = Xapian::Database(directory.string()).get_uuid();
            } catch (const Xapian::Error&) {
                return;  // a replacement under way: keep the open one until it is done
            }
            if (on_disk != db.get_uuid()) {
                open();
                return;
            }
        }
        if (db.reopen())
            forget_revision();
    }

    // The article document with this id, if any.
    std::optional<Xapian::Document> article_document(const std::string& article_id) {
        const std::string term = schema::article_term(article_id);
        auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term))
            return std::nullopt;
        return db.get_document(*posting);
    }

    // The counter of the request's facets: from the facet table of the
    // local shards; or with Xapian's stock spies, with remote shards (or
    // shards that are stubs themselves), and when asked for.
    std::unique_ptr<FacetCounter> facet_counter(const SearchRequest& request, bool& by_table) {
        by_table = !request.facets.empty() && !remote_shards && !limits.stock_facet_spies &&
                   local_shards.size() == db.size();
        if (!by_table)
            return std::make_unique<FacetCounter>(db, request.facets, nullptr);
        if (!facet_table)
            facet_table = std::make_unique<FacetTable>(local_shards);
        return std::make_unique<FacetCounter>(db, request.facets, facet_table.get(),
                                              !request.copies);
    }

    // The story table of a local index (made on first use), or null when
    // some shard is remote: no value streams there.
    const StoryTable* local_story_table() {
        if (remote_shards || local_shards.size() != db.size())
            return nullptr;
        if (!story_table) {
            if (!facet_table)
                facet_table = std::make_unique<FacetTable>(local_shards);
            story_table = std::make_unique<StoryTable>(facet_table->stories(), local_shards);
        }
        return story_table.get();
    }

    // The copies of the story with `key` that `docid` is in, oldest first:
    // from the story table; or, with remote shards, matched on the key and
    // read one by one.
    std::vector<StoryTable::Member> story_members(Xapian::docid docid, const std::string& key) {
        if (const StoryTable* table = local_story_table()) {
            const std::uint32_t story = table->story_of(docid);
            if (story == StoryTable::kNoStory)
                return {};
            const auto members = table->members(story);
            return {members.begin(), members.end()};
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(
            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotStory, key, key));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        std::vector<StoryTable::Member> members;
        const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            members.push_back(
                {*it, StoryTable::day_number(it.get_document().get_value(schema::kSlotDate)),
                 db.get_doclength(*it)});
        }
        StoryTable::sort_by_date(members);
        return members;
    }

    // The story of the article `docid` (key from its story slot): its
    // copies by date, at most `listed` of them besides the article itself;
    // with `all`, every copy. Only the records of the copies shown are
    // read, and only their heads (the article's fields).
    StoryInfo story_of(Xapian::docid docid, const std::string& id, const std::string& key,
                       unsigned listed, std::vector<StoryCopy>* all = nullptr) {
        StoryInfo info;
        info.key = key;
        if (key.empty())
            return info;
        const std::vector<StoryTable::Member> members = story_members(docid, key);
        info.size = static_cast<unsigned>(std::max<std::size_t>(1, members.size()));
        const auto copy_of = [&](const StoryTable::Member& member) {
            // The docid comes from this revision: no need to check it exists.
            return StoryCopy{read_stored_article_fields(
                                 db.get_document(member.docid, Xapian::DOC_ASSUME_VALID), records),
                             member.length};
        };
        const StoryTable::Member* newest = nullptr;
        const StoryTable::Member* longest = nullptr;
        for (const StoryTable::Member& member : members) {
            if (member.day != 0)
                newest = &member;  // the last dated, in date order
            if (!longest || member.length > longest->length)
                longest = &member;
        }
        for (const StoryTable::Member& member : members) {
            if (member.docid == docid && !all)
                continue;
            if (all || info.copies.size() < listed) {
                StoryCopy copy = copy_of(member);
                if (newest == &member)
                    info.newest_id = copy.article.id;
                if (longest == &member)
                    info.longest_id = copy.article.id;
                if (member.docid == docid)
                    all->push_back(std::move(copy));
                else
                    (all ? *all : info.copies).push_back(std::move(copy));
            }
        }
        const auto id_of = [&](const StoryTable::Member* member) {
            if (!member)
                return std::string();
            return member->docid == docid ? id : copy_of(*member).article.id;
        };
        if (newest && info.newest_id.empty())
            info.newest_id = id_of(newest);
        if (longest && info.longest_id.empty())
            info.longest_id = id_of(longest);
        return info;
    }

    // Xapian can throw DatabaseModifiedError when a writer commits twice
    // while we read; reopening at the new revision and retrying once is the
    // documented remedy.
    template <typename Fn>
    auto with_retry(Fn&& fn) {
        try {
            return fn();
        } catch (const Xapian::DatabaseModifiedError&) {
            db.reopen();
            forget_revision();
            return fn();
        }
    }

    SearchResult search(const SearchRequest& request);
    // One match of `query` (words `text_query`) with its page, facets and
    // counts; `feedback`: the request's, or search()'s choice when it has none.
    SearchResult run(const SearchRequest& request, const Xapian::Query& query,
                     const Xapian::Query& text_query, bool filters_only, bool feedback,
                     const std::string& actor_type, std::chrono::steady_clock::time_point start);

    static void take_matches(const Xapian::MSet& mset, bool collapsed, Page& page) {
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            page.matches.push_back({*it, it.get_weight(), it.get_weight(), 0, {}});
            if (collapsed)
                page.matches.back().story_key = it.get_collapse_key();
        }
    }

    // Stock spies: Xapian ranks and counts in one match.
    Page xapian_page(const SearchRequest& request, Xapian::Enquire& enquire, FacetCounter& facets,
                     Xapian::doccount window, bool collapsed) {
        facets.attach(enquire);
        Xapian::doccount check_at_least = window;
        // Facets need every match seen; otherwise Xapian may stop early and estimate.
        if (!request.facets.empty()) {
            check_at_least = db.get_doccount();
            // Xapian's time limit only lifts check_at_least, so it is set on a
            // match asked to see every document and nowhere else.
            if (limits.time_budget_seconds > 0)
                enquire.set_time_limit(limits.time_budget_seconds);
        }
        const Xapian::MSet mset = enquire.get_mset(0, window, check_at_least);
        Page page;
        take_matches(mset, collapsed, page);
        page.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        page.total = mset.get_matches_lower_bound();
        page.estimate = mset.get_matches_estimated();
        return page;
    }

    // Facet tables: an unranked match per shard counts (cheaper than ranking
    // every match), then one match over the index ranks only as far as the
    // page needs.
    Page counted_page(const Xapian::Query& query, Xapian::Enquire& ranking, FacetCounter& counter,
                      Xapian::doccount window, bool by_story, bool by_relevance,
                      std::chrono::steady_clock::time_point search_start) {
        // The budget is kept by the counting spy, not by Xapian's match
        // timer: that timer's expiry thread writes into the match's stack
        // and can do so after the match has returned (Xapian 1.4's TimeOut
        // arms a SIGEV_THREAD timer), which crashed a later match about once
        // in 40 runs of HttpServer.SearchPastItsTimeBudgetIsCutAndSaysSo.
        const auto deadline =
            search_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(limits.time_budget_seconds));
        Page page;
        bool counted_all = true;
        Xapian::doccount counted_total = 0;
        if (limits.time_budget_seconds > 0)
            counter.set_deadline(deadline);
        for (std::size_t i = 0; i < local_shards.size() && counted_all; ++i) {
            Xapian::Enquire counting(local_shards[i]);
            counting.set_query(query);
            counting.set_weighting_scheme(kCountingWeight);
            counter.attach_shard(counting, i);
            try {
                const Xapian::MSet counted =
                    counting.get_mset(0, 0, local_shards[i].get_doccount());
                counted_total += counted.get_matches_estimated();
                counted_all =
                    counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
            } catch (const FacetCounter::OutOfTime&) {
                counted_all = false;  // the facets keep what was counted
            }
        }
        Xapian::MSet mset;
        if (by_story) {
            mset = best_copies(ranking, *local_story_table(), window, by_relevance, page).mset;
            counted_total = counter.matches_counted();
        } else {
            mset = ranking.get_mset(0, window);
            take_matches(mset, /*collapsed=*/false, page);
        }
        page.total =
            counted_all ? counted_total : std::max(counted_total, mset.get_matches_lower_bound());
        page.estimate = counted_all ? counted_total : mset.get_matches_estimated();
        page.total_exact = counted_all;
        return page;
    }

    // Orders the first `depth` matches by their article BM25 plus `weight`
    // times their passage evidence (the best passage's BM25, kProximityWeight
    // times its MinCover proximity, the title's BM25 scored as a passage);
    // then, `with_feedback`, adds what the relevance model of the first
    // kFeedbackArticles of that order gives each (relevance_feedback.h) and
    // orders them again. The rest keep Xapian's order. Feedback changes
    // scores only: the matches, total and facets are the typed query's, and
    // passages are scored by the typed words alone. Keeps the passage scores
    // it computed, by docid, for the hits.
    void rerank(Page& page, const QueryWords& words, const PassageScorer& scorer, double weight,
                unsigned depth, bool with_feedback,
                std::unordered_map<Xapian::docid, PassageScores>& scored) {
        const std::size_t n = std::min<std::size_t>(depth, page.matches.size());
        const auto by_score = [](const RankedMatch& a, const RankedMatch& b) {
            return a.score > b.score;
        };
        for (std::size_t i = 0; i < n; ++i) {
            RankedMatch& match = page.matches[i];
            const PassageScores& scores =
                scored.emplace(match.docid, scorer.score(match.docid)).first->second;
            const double evidence =
                scores.best + kProximityWeight * scores.proximity + scores.title;
            match.score = match.weight + weight * evidence;
        }
        std::stable_sort(page.matches.begin(), page.matches.begin() + n, by_score);
        if (!with_feedback || n < 2)
            return;
        std::vector<Xapian::docid> ranked;
        std::vector<double> scores;
        for (std::size_t i = 0; i < n; ++i) {
            ranked.push_back(page.matches[i].docid);
            scores.push_back(page.matches[i].score);
        }
        FeedbackOptions options;
        options.articles = kFeedbackArticles;
        options.words = kFeedbackWords;
        // Per query word, so that the model weighs as much against a long
        // query's BM25 as against a short one's.
        options.weight = kFeedbackWeight * static_cast<double>(words.terms.size());
        const Feedback feedback = relevance_feedback(db, ranked, scores, options);
        for (std::size_t i = 0; i < n; ++i) {
            page.matches[i].feedback = feedback.scores[i];
            page.matches[i].score += feedback.scores[i];
        }
        std::stable_sort(page.matches.begin(), page.matches.begin() + n, by_score);
    }

    // What each ranking component adds to a hit's score (docs/ranking.md):
    // the parts rerank() summed, or BM25 (and feedback) alone past the
    // rerank depth.
    static std::vector<ScorePart> score_parts(const RankedMatch& match, const PassageScores& scores,
                                              double passage_weight) {
        std::vector<ScorePart> parts = {{"article_bm25", match.weight}};
        if (match.feedback != 0)
            parts.push_back({"feedback", match.feedback});
        if (match.score != match.weight + match.feedback) {
            parts.push_back({"best_passage", passage_weight * scores.best});
            parts.push_back({"proximity", passage_weight * kProximityWeight * scores.proximity});
            parts.push_back({"title", passage_weight * scores.title});
        }
        for (ScorePart& part : parts)
            part.share = match.score > 0 ? part.value / match.score : 0;
        return parts;
    }

    // The actors the query filters by (flags and actor: fields alike).
    std::vector<ActorFilter> actor_filters(const Xapian::Query& query) const {
        std::vector<ActorFilter> filters;
        const std::string prefix(schema::kActorPrefix);
        for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
            const std::string term = *it;
            if (term.rfind(prefix, 0) == 0)
                filters.push_back({term.substr(prefix.size()), db.get_termfreq(term)});
        }
        return filters;
    }

    SearchHit make_hit(const RankedMatch& match, const PassageScores& scores,
                       const SearchRequest& request, bool ranked, const Highlighter& highlighter,
                       const PassageScorer& scorer, const std::vector<ActorFilter>& actors,
                       const QueryWords& words) {
        // Docids of this revision's match: no need to check they exist.
        const Xapian::Document doc = db.get_document(match.docid, Xapian::DOC_ASSUME_VALID);
        StoredArticle stored =
            parse_stored_article(records.decompress(doc.get_data()), scores.bounds);
        SearchHit hit;
        hit.score = ranked ? match.score : 0.0;
        hit.article = std::move(stored.article);
        hit.story = story_of(match.docid, hit.article.id,
                             match.story_key ? *match.story_key : doc.get_value(schema::kSlotStory),
                             kCopiesListed);

        // A passage's display score: its BM25 for the query words, plus what
        // each filtered actor it names adds, as one more query word would.
        struct Candidate {
            std::size_t index;
            double score;
        };
        std::vector<Candidate> candidates;
        for (std::size_t i = 0; i < stored.passages.size(); ++i) {
            const StoredPassage& sp = stored.passages[i];
            double score = i < scores.by_passage.size() ? scores.by_passage[i] : 0.0;
            const double length = sp.end_position - sp.first_position;
            for (const ActorFilter& filter : actors) {
                for (const ActorRef& actor : sp.passage.actors) {
                    if (text::fold_case(actor.name) == filter.folded_name) {
                        score += scorer.occurrence_weight(filter.articles, length);
                        break;
                    }
                }
            }
            if (score > 0)
                candidates.push_back({i, score});
        }
        hit.matched_passages = static_cast<unsigned>(candidates.size());
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
        if (request.per_article > 0 && candidates.size() > request.per_article)
            candidates.resize(request.per_article);
        // Nothing to point at (a word only in the title, a filter alone): the lead.
        if (candidates.empty() && !stored.passages.empty())
            candidates.push_back({0, 0.0});
        for (const Candidate& c : candidates) {
            PassageHit passage = passage_hit(hit.article, stored.passages[c.index]);
            passage.score = c.score;
            passage.has_snippet = true;
            passage.snippet = highlighter.snippet(passage.passage.passage.text);
            hit.passages.push_back(std::move(passage));
        }

        if (request.explain) {
            if (ranked)
                hit.score_parts = score_parts(match, scores, request.passage_weight);
            std::ostringstream line;
            line << "score " << match.score << " = article BM25 " << match.weight;
            if (match.feedback != 0)
                line << " + feedback " << match.feedback;
            if (match.score != match.weight + match.feedback) {
                line << " + " << request.passage_weight << " x (";
                if (scores.best_ordinal >= 0) {
                    line << "best passage " << scores.best << " ("
                         << schema::passage_id(hit.article.id, scores.best_ordinal)
                         << ") + proximity " << kProximityWeight << " x " << scores.proximity
                         << " + ";
                }
                line << "title " << scores.title << ")";
            }
            if (!hit.score_parts.empty()) {
                line << "; shares:";
                for (const ScorePart& part : hit.score_parts) {
                    if (part.value != 0)
                        line << ' ' << part.name << ' ' << std::lround(100 * part.share) << '%';
                }
            }
            hit.explanation.push_back(line.str());
            hit.explanation.push_back(
                "article length " + std::to_string(db.get_doclength(match.docid)) +
                " terms, average " + std::to_string(static_cast<int>(db.get_avlength())) + "; " +
                std::to_string(hit.matched_passages) + " of " +
                std::to_string(stored.passages.size()) + " passages match");
            for (const std::string& term : words.terms) {
                auto in_doc = db.termlist_begin(match.docid);
                in_doc.skip_to(term);
                const Xapian::termcount wdf =
                    (in_doc != db.termlist_end(match.docid) && *in_doc == term) ? in_doc.get_wdf()
                                                                                : 0;
                hit.explanation.push_back("matched " + term + ": " + std::to_string(wdf) +
                                          "x here, in " + std::to_string(db.get_termfreq(term)) +
                                          " of " + std::to_string(db.get_doccount()) + " articles");
            }
        }
        return hit;
    }
};

SearchResult SearchService::Impl::search(const SearchRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    if (request.query.size() > limits.max_query_bytes) {
        throw BadRequest("query is " + std::to_string(request.query.size()) +
                         " bytes, more than the limit of " +
                         std::to_string(limits.max_query_bytes));
    }
    // Tabs and line breaks of pasted text are spaces to the parser; other
    // control characters mean a broken client (and would come back in a
    // spelling suggestion).
    const auto control = std::find_if(request.query.begin(), request.query.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
    });
    if (control != request.query.end()) {
        throw BadRequest("query has a control character (byte " +
                         std::to_string(control - request.query.begin() + 1) + ")");
    }
    if (request.limit > limits.max_limit) {
        throw BadRequest("limit " + std::to_string(request.limit) + " is over the maximum of " +
                         std::to_string(limits.max_limit));
    }
    if (request.rerank_depth > limits.max_limit) {
        throw BadRequest("rerank depth " + std::to_string(request.rerank_depth) +
                         " is over the maximum of " + std::to_string(limits.max_limit));
    }
    if (!std::isfinite(request.passage_weight) || request.passage_weight < 0) {
        throw BadRequest("passage weight must be a number of 0 or more");
    }
    if (request.facet_limit == 0 || request.facet_limit > limits.max_facet_limit) {
        throw BadRequest("facet limit must be between 1 and " +
                         std::to_string(limits.max_facet_limit));
    }
    if (!request.actor_type.empty() && !parse_actor_type(request.actor_type)) {
        throw BadRequest("unknown actor type \"" + request.actor_type +
                         "\" (person, country or organisation)");
    }
    const std::string actor_type =
        request.actor_type.empty() ? ""
                                   : std::string(to_string(*parse_actor_type(request.actor_type)));

    const QueryBuilder::Built built = builder->build(request);
    const bool feedback = request.feedback.value_or(built.prose_question);
    SearchResult result = run(request, built.query, built.text_query, built.filters_only, feedback,
                              actor_type, start);
    // Fewer than a page of articles has every word: rank the articles with
    // any of them instead, and say so. The decision rests on the total alone,
    // not on the request's page, so that every page of one query, and its
    // facets alone (GET /facets), take the same side.
    // Xapian's estimate, as before totals were lower bounds: a bound far
    // under the truth must not relax a query that has enough articles.
    if (request.relax && !built.relaxed_query.empty() &&
        result.total_estimate < kRelaxBelowArticles) {
        SearchResult wider = run(request, built.relaxed_query, built.relaxed_text_query, false,
                                 feedback, actor_type, start);
        if (wider.total_estimate > result.total_estimate) {
            const Xapian::doccount all_words_total = result.total_estimate;
            result = std::move(wider);
            result.all_words_total = all_words_total;
            result.relaxed = true;
            result.relaxed_words =
                static_cast<unsigned>(relaxed_word_count(built.relaxed_text_query));
        }
    }
    result.dropped_words = built.dropped_words;
    result.request_words = built.request_words;
    result.read_as_words = built.read_as_words;
    result.why_words = built.why_words;
    if (!built.corrected.empty() && built.corrected != request.query)
        result.suggestion = built.corrected;
    result.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

SearchResult SearchService::Impl::run(const SearchRequest& request, const Xapian::Query& query,
                                      const Xapian::Query& text_query, bool filters_only,
                                      bool feedback, const std::string& actor_type,
                                      std::chrono::steady_clock::time_point start) {
    const bool ranked = !filters_only && has_free_text(text_query);
    const QueryWords words = QueryWords::of(text_query);
    bool by_table = false;
    const std::unique_ptr<FacetCounter> counter = facet_counter(request, by_table);

    const SortOrder sort = request.sort.value_or(ranked ? SortOrder::relevance : SortOrder::date);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    // A story is one hit, its best-ranked copy (articles without a copy
    // have no key and are never collapsed). A local index collapses the
    // page from its story table (best_copies), with facets or without
    // (story_page); Xapian collapses on the story slot for remote shards
    // and stock spies. An index without copies needs no collapse, whose
    // looser bounds would make small totals inexact.
    const bool by_story_table = !request.copies && !by_table && has_copies() &&
                                !limits.stock_facet_spies && local_story_table();
    const bool collapsed = !request.copies && !by_table && !by_story_table && has_copies();
    if (collapsed)
        enquire.set_collapse_key(schema::kSlotStory);
    if (sort == SortOrder::date)
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
    const bool reranked = ranked && sort == SortOrder::relevance && request.passage_weight > 0 &&
                          request.rerank_depth > 0 && !words.empty();
    const Xapian::doccount wanted = request.offset + request.limit;
    // Reranking sees the same first `rerank_depth` matches whatever the page,
    // so that pages do not overlap or skip.
    const Xapian::doccount window =
        reranked ? std::max<Xapian::doccount>(wanted, request.rerank_depth) : wanted;
    const bool by_relevance = sort == SortOrder::relevance;
    Page page = by_table         ? counted_page(query, enquire, *counter, window, !request.copies,
                                                by_relevance, start)
                : by_story_table ? story_page(enquire, *local_story_table(), window, by_relevance)
                                 : xapian_page(request, enquire, *counter, window, collapsed);

    const PassageScorer scorer(db, words, kTypicalPassageWords);
    std::unordered_map<Xapian::docid, PassageScores> scored;
    if (reranked)
        rerank(page, words, scorer, request.passage_weight, request.rerank_depth, feedback, scored);
    const bool time_limited =
        limits.time_budget_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
            limits.time_budget_seconds;

    SearchResult result;
    result.parsed_query = query.get_description();
    result.offset = request.offset;
    result.limit = request.limit;
    result.total = page.total;
    result.total_estimate = std::max(page.estimate, page.total);
    result.total_exact = page.total_exact && !time_limited;
    result.stories = !request.copies;
    // Stock spies count every matching copy: stories only in an index
    // without copies.
    result.facets_count_stories = !request.copies && (by_table || !has_copies());
    result.time_limited = time_limited;
    result.feedback = reranked && feedback;
    const Highlighter highlighter(words);
    const std::vector<ActorFilter> actors = actor_filters(query);
    for (std::size_t i = request.offset; i < page.matches.size() && i < wanted; ++i) {
        const RankedMatch& match = page.matches[i];
        auto found = scored.find(match.docid);
        if (found == scored.end())
            found = scored.emplace(match.docid, scorer.score(match.docid)).first;
        SearchHit hit =
            make_hit(match, found->second, request, ranked, highlighter, scorer, actors, words);
        hit.rank = static_cast<unsigned>(i) + 1;
        result.hits.push_back(std::move(hit));
    }
    result.facets = counter->results(request.facet_limit, actor_type);
    for (Facet& facet : result.facets) {
        if (facet.name != "actor")
            continue;
        for (FacetValue& value : facet.values)
            value.known = gazetteer.resolve(value.value) != nullptr;
    }
    return result;
}

void check_index(const fs::path& index_directory) {
    open_index(index_directory);
}

SearchService::SearchService(const fs::path& index_directory, SearchLimits limits)
    : impl_(std::make_unique<Impl>(index_directory, limits)) {}
SearchService::~SearchService() = default;
SearchService::SearchService(SearchService&&) noexcept = default;
SearchService& SearchService::operator=(SearchService&&) noexcept = default;

SearchResult SearchService::search(const SearchRequest& request) {
    return impl_->with_retry([&] { return impl_->search(request); });
}

std::optional<PassageInContext> SearchService::passage(const std::string& passage_id,
                                                       unsigned neighbours) {
    return impl_->with_retry([&]() -> std::optional<PassageInContext> {
        std::string article_id;
        int ordinal = 0;
        if (!schema::split_passage_id(passage_id, article_id, ordinal))
            return std::nullopt;
        const std::optional<Xapian::Document> doc = impl_->article_document(article_id);
        if (!doc)
            return std::nullopt;
        const StoredArticle stored = read_stored_article(*doc, impl_->records);
        if (ordinal < 0 || static_cast<std::size_t>(ordinal) >= stored.passages.size())
            return std::nullopt;
        PassageInContext view;
        view.article = stored.article;
        view.passage = passage_hit(stored.article, stored.passages[ordinal]);
        const int reach = static_cast<int>(neighbours);
        for (int i = std::max(0, ordinal - reach); i < ordinal; ++i)
            view.before.push_back(passage_hit(stored.article, stored.passages[i]));
        for (int i = ordinal + 1;
             i <= ordinal + reach && static_cast<std::size_t>(i) < stored.passages.size(); ++i)
            view.after.push_back(passage_hit(stored.article, stored.passages[i]));
        return view;
    });
}

std::optional<ArticleView> SearchService::article(const std::string& article_id) {
    return impl_->with_retry([&]() -> std::optional<ArticleView> {
        const std::optional<Xapian::Document> doc = impl_->article_document(article_id);
        if (!doc)
            return std::nullopt;
        StoredArticle stored = read_stored_article(*doc, impl_->records);
        ArticleView view;
        view.article = stored.article;
        view.actor_weights = actor_weights(stored);
        view.actors = std::move(stored.actors);
        for (const StoredPassage& sp : stored.passages)
            view.passages.push_back(passage_hit(stored.article, sp));
        return view;
    });
}

std::optional<StoryView> SearchService::story(const std::string& article_id) {
    return impl_->with_retry([&]() -> std::optional<StoryView> {
        const std::string term = schema::article_term(article_id);
        auto posting = impl_->db.postlist_begin(term);
        if (posting == impl_->db.postlist_end(term))
            return std::nullopt;
        const Xapian::docid docid = *posting;
        const Xapian::Document doc = impl_->db.get_document(docid);
        StoryView view;
        view.story =
            impl_->story_of(docid, article_id, doc.get_value(schema::kSlotStory), 0, &view.copies);
        if (view.copies.empty()) {  // a story of one
            StoryCopy self{read_stored_article(doc, impl_->records).article,
                           impl_->db.get_doclength(docid)};
            view.story.newest_id = self.article.date ? self.article.id : std::string();
            view.story.longest_id = self.article.id;
            view.copies.push_back(std::move(self));
        }
        return view;
    });
}

IndexStats SearchService::stats() {
    return impl_->with_retry([&] {
        IndexStats stats;
        Xapian::Database& db = impl_->db;
        stats.articles = db.get_doccount();
        stats.passages = metadata_number(db, schema::kMetaPassages);
        stats.shards = static_cast<unsigned>(db.size());
        const std::string actor_prefix(schema::kActorPrefix);
        for (auto it = db.allterms_begin(actor_prefix); it != db.allterms_end(actor_prefix); ++it)
            ++stats.actors;
        std::error_code ec;
        for (const auto& entry : fs::recursive_directory_iterator(impl_->directory, ec)) {
            if (entry.is_regular_file(ec))
                stats.size_bytes += entry.file_size(ec);
        }
        stats.last_update = db.get_metadata(std::string(schema::kMetaLastUpdate));
        return stats;
    });
}

void SearchService::reopen() {
    impl_->reopen();
}

}  // namespace dossier
