#include "query/search_service.h"

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/gazetteer.h"
#include "common/schema.h"
#include "common/stored_record.h"
#include "common/text.h"
#include "query/facet_counter.h"
#include "query/facet_table.h"
#include "query/query_builder.h"
#include "query/snippet.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

// Enough for every hit of a large page; a bound, so memory stays flat.
constexpr std::size_t kArticleCacheSize = 4096;

Xapian::Database open_index(const fs::path& directory) {
    const std::string how_to_build =
        " (build one with: dossier-index --index " + directory.string() + " PATH...)";
    std::error_code ec;
    if (!fs::exists(directory, ec))
        throw IndexUnavailable("no index at " + directory.string() + how_to_build);
    try {
        Xapian::Database db(directory.string());
        if (db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty()) {
            throw IndexUnavailable(directory.string() +
                                   " is a Xapian database but not a Dossier index" + how_to_build);
        }
        return db;
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexUnavailable("cannot open the index at " + directory.string() + ": " +
                               e.get_msg() + how_to_build);
    }
}

// A stub file (a regular file, not a database directory) with a `remote`
// line: some shard is behind xapian-tcpsrv, where only stock match spies run.
bool has_remote_shards(const fs::path& index) {
    std::error_code ec;
    if (!fs::is_regular_file(index, ec))
        return false;
    std::ifstream stub(index);
    std::string line;
    while (std::getline(stub, line)) {
        std::istringstream words(line);
        std::string first;
        if (words >> first && first == "remote")
            return true;
    }
    return false;
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
        const std::string term = *it;
        if (!term.empty() && term[0] == 'Z')
            return true;  // stems, of text or title
    }
    return query.get_description().find("WILDCARD") != std::string::npos;
}

}  // namespace

struct SearchService::Impl {
    fs::path directory;
    SearchLimits limits;
    Xapian::Database db;
    ActorGazetteer gazetteer;
    std::unique_ptr<QueryBuilder> builder;
    bool remote_shards = false;
    // Of db's current revision; made when a request first asks for facets.
    std::unique_ptr<FacetTable> facet_table;

    Impl(const fs::path& dir, SearchLimits l)
        : directory(dir), limits(l), remote_shards(has_remote_shards(dir)) {
        open();
    }

    // What is read from one revision of the index and must go with it.
    void forget_revision() {
        facet_table.reset();
        articles.clear();
    }

    void open() {
        forget_revision();
        db = open_index(directory);
        gazetteer = stored_gazetteer(db);
        builder = std::make_unique<QueryBuilder>(db, gazetteer);
    }

    // Article records by id, from their first passages (common/stored_record.h).
    std::unordered_map<std::string, Article> articles;

    // dossier-index replaces the index with a compacted database in the same
    // place after a first build or a large update (indexer/index_writer.h).
    // Xapian's reopen() compares revision numbers only, and would read the
    // new version file with the old tables; a new UUID means opening afresh,
    // which also picks up the gazetteer that run stored. Remote shards are
    // swapped on their servers, not here.
    void reopen() {
        if (!remote_shards) {
            std::string on_disk;
            try {
                on_disk = Xapian::Database(directory.string()).get_uuid();
            } catch (const Xapian::Error&) {
                return;  // between the replacement's two renames: keep this one
            }
            if (on_disk != db.get_uuid()) {
                open();
                return;
            }
        }
        if (db.reopen())
            forget_revision();
    }

    const Article* article_record(const std::string& article_id) {
        if (const auto found = articles.find(article_id); found != articles.end())
            return &found->second;
        const std::string term =
            schema::boolean_term(schema::kPassageIdPrefix, schema::passage_id(article_id, 0));
        auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term))
            return nullptr;
        StoredPassage first = parse_stored_record(db.get_document(*posting).get_data());
        if (articles.size() >= kArticleCacheSize)
            articles.clear();
        return &articles.emplace(article_id, std::move(first.article)).first->second;
    }

    SearchHit hit_from_document(const Xapian::Document& doc) {
        StoredPassage stored = parse_stored_record(doc.get_data());
        SearchHit hit;
        hit.passage_id = std::move(stored.passage_id);
        hit.article = std::move(stored.article);
        hit.passage = std::move(stored.passage);
        if (!stored.article_complete) {
            if (const Article* article = article_record(hit.article.id)) {
                // The stored "extra" fields belong with the first passage only.
                hit.article = *article;
                if (hit.passage.passage.ordinal != 0)
                    hit.article.extra = nlohmann::json::object();
            }
        }
        return hit;
    }

    // Null when facets must come from stock spies: with remote shards, and
    // with several databases, where a MatchSpy sees a document by its docid
    // in its own shard, which does not say which shard's table to look in.
    FacetTable* table_for_facets(const SearchRequest& request) {
        if (request.facets.empty() || remote_shards || db.size() != 1 || limits.stock_facet_spies)
            return nullptr;
        if (!facet_table)
            facet_table = std::make_unique<FacetTable>(db);
        return facet_table.get();
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

    std::vector<SearchHit> passages_of_article(const std::string& article_id) {
        Xapian::Enquire enquire(db);
        enquire.set_query(
            Xapian::Query(schema::boolean_term(schema::kArticleIdPrefix, article_id)));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_sort_by_value(schema::kSlotOrdinal, false);
        const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
        std::vector<SearchHit> hits;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            hits.push_back(hit_from_document(it.get_document()));
        return hits;
    }

    SearchResult search(const SearchRequest& request);

    struct RankedMatch {
        Xapian::docid docid;
        double weight;
        Xapian::doccount collapsed;  // other passages of its article not shown
    };
    struct Page {
        std::vector<RankedMatch> matches;  // the requested page, in rank order
        Xapian::doccount total = 0;
        bool total_exact = false;
    };

    // Xapian ranks, collapses and (with stock spies) counts in one match.
    Page xapian_page(const SearchRequest& request, Xapian::Enquire& enquire, FacetCounter& facets) {
        facets.attach(enquire);
        // Facets need every match seen; otherwise Xapian may stop early and estimate.
        if (request.facets.empty())
            return ranked_by_xapian(request, enquire, 0);
        // Xapian's time limit only lifts check_at_least, so it is set on a
        // match asked to see every document and nowhere else.
        if (limits.time_budget_seconds > 0)
            enquire.set_time_limit(limits.time_budget_seconds);
        return ranked_by_xapian(request, enquire, db.get_doccount());
    }

    Page ranked_by_xapian(const SearchRequest& request, Xapian::Enquire& enquire,
                          Xapian::doccount check_at_least) {
        if (request.per_article > 0)
            enquire.set_collapse_key(schema::kSlotArticle, request.per_article);
        const Xapian::MSet mset = enquire.get_mset(request.offset, request.limit, check_at_least);
        Page page;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            page.matches.push_back({*it, it.get_weight(), it.get_collapse_count()});
        // With collapsing, Xapian's estimate can be off even when every match was
        // seen; its lower bound is then the exact count of collapsed results.
        const bool saw_every_match =
            check_at_least >= db.get_doccount() ||
            (mset.size() < request.limit && mset.get_matches_lower_bound() > 0) ||
            mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        page.total =
            saw_every_match ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
        page.total_exact = saw_every_match;
        return page;
    }

    // Two matches instead of one. Xapian's collapse, asked to see every
    // match (as exact facets need), reads the collapse key of every match:
    // 160 ms for a match-all query over 429k passages, against 13 ms for
    // counting them unranked and 18 ms for ranking them uncollapsed. So the
    // first match counts facets and each article's passages, unranked; the
    // second ranks without collapsing, stopping at the page, and the page is
    // collapsed here from the in-memory article column. Same hits, order,
    // totals and collapse counts as xapian_page (tests check it).
    Page counted_page(const SearchRequest& request, const Xapian::Query& query,
                      Xapian::Enquire& ranking, FacetTable& table, FacetCounter& facets,
                      std::chrono::steady_clock::time_point search_start) {
        const unsigned keep = request.per_article;
        const FacetColumn* article_column = keep > 0 ? &table.articles() : nullptr;
        if (article_column)
            facets.count_articles(*article_column);
        Xapian::Enquire counting(db);
        counting.set_query(query);
        counting.set_weighting_scheme(Xapian::BoolWeight());
        facets.attach(counting);
        // The budget is kept by the counting spy, not by Xapian's match
        // timer: that timer's expiry thread writes into the match's stack
        // and can do so after the match has returned (Xapian 1.4's TimeOut
        // arms a SIGEV_THREAD timer), which crashed a later match about once
        // in 40 runs of HttpServer.SearchPastItsTimeBudgetIsCutAndSaysSo.
        if (limits.time_budget_seconds > 0) {
            facets.set_deadline(search_start +
                                std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(limits.time_budget_seconds)));
        }
        Xapian::MSet counted;
        try {
            counted = counting.get_mset(0, 0, db.get_doccount());
        } catch (const FacetCounter::OutOfTime&) {
            // Past the budget: the facets keep what was counted, and Xapian
            // ranks, collapses and estimates the rest as it does unasked.
            return ranked_by_xapian(request, ranking, 0);
        }

        Page page;
        page.total_exact = counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
        const std::size_t wanted = std::size_t{request.offset} + request.limit;
        if (!article_column) {
            page.total = counted.get_matches_estimated();
            const Xapian::MSet mset = ranking.get_mset(request.offset, request.limit);
            for (auto it = mset.begin(); it != mset.end(); ++it)
                page.matches.push_back({*it, it.get_weight(), 0});
            return page;
        }
        const std::vector<unsigned>& per_article = *facets.article_counts();
        for (const unsigned n : per_article)
            page.total += std::min(n, keep);
        // Most pages need a few more ranked matches than they show; an
        // article with many passages at the top needs more: fetch again, twice as many.
        std::vector<RankedMatch> kept;
        for (Xapian::doccount fetch = static_cast<Xapian::doccount>(wanted) * 3 + 10;; fetch *= 2) {
            const Xapian::MSet mset = ranking.get_mset(0, fetch);
            kept.clear();
            std::unordered_map<std::uint32_t, unsigned> shown;
            for (auto it = mset.begin(); it != mset.end() && kept.size() < wanted; ++it) {
                const std::uint32_t article = FacetTable::article_of(*article_column, *it);
                if (shown[article]++ >= keep)
                    continue;
                const unsigned n = per_article[article];
                kept.push_back({*it, it.get_weight(), n - std::min(n, keep)});
            }
            if (kept.size() >= wanted || mset.size() < fetch)
                break;
        }
        if (kept.size() > request.offset)
            page.matches.assign(kept.begin() + request.offset, kept.end());
        return page;
    }
};

SearchResult SearchService::Impl::search(const SearchRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    if (request.query.size() > limits.max_query_bytes) {
        throw BadRequest("query is " + std::to_string(request.query.size()) +
                         " bytes, more than the limit of " +
                         std::to_string(limits.max_query_bytes));
    }
    if (request.limit > limits.max_limit) {
        throw BadRequest("limit " + std::to_string(request.limit) + " is over the maximum of " +
                         std::to_string(limits.max_limit));
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

    QueryBuilder::Built built = builder->build(request);
    const bool ranked = !built.filters_only && has_free_text(built.text_query);
    FacetTable* table = table_for_facets(request);
    FacetCounter facets(db, request.facets, table);

    const SortOrder sort = request.sort.value_or(ranked ? SortOrder::relevance : SortOrder::date);
    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    if (sort == SortOrder::date) {
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
    }
    const Page page = table ? counted_page(request, built.query, enquire, *table, facets, start)
                            : xapian_page(request, enquire, facets);
    const bool time_limited =
        limits.time_budget_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
            limits.time_budget_seconds;

    SearchResult result;
    result.parsed_query = built.query.get_description();
    result.offset = request.offset;
    result.limit = request.limit;
    result.total = page.total;
    result.total_exact = page.total_exact && !time_limited;
    result.time_limited = time_limited;
    const Highlighter highlighter(built.text_query);
    for (std::size_t i = 0; i < page.matches.size(); ++i) {
        const RankedMatch& match = page.matches[i];
        const Xapian::Document doc = db.get_document(match.docid);
        SearchHit hit = hit_from_document(doc);
        hit.rank = request.offset + static_cast<unsigned>(i) + 1;
        hit.score = ranked ? match.weight : 0.0;
        hit.collapsed = match.collapsed;
        hit.snippet = highlighter.snippet(hit.passage.passage.text);
        if (request.explain) {
            hit.explanation.push_back(
                "score " + std::to_string(match.weight) + " (BM25), passage length " +
                std::to_string(db.get_doclength(match.docid)) + " terms, average " +
                std::to_string(static_cast<int>(db.get_avlength())));
            for (auto term = enquire.get_matching_terms_begin(match.docid);
                 term != enquire.get_matching_terms_end(match.docid); ++term) {
                auto in_doc = doc.termlist_begin();
                in_doc.skip_to(*term);
                const Xapian::termcount wdf =
                    (in_doc != doc.termlist_end() && *in_doc == *term) ? in_doc.get_wdf() : 0;
                hit.explanation.push_back("matched " + *term + ": " + std::to_string(wdf) +
                                          "x here, in " + std::to_string(db.get_termfreq(*term)) +
                                          " of " + std::to_string(db.get_doccount()) + " passages");
            }
        }
        result.hits.push_back(std::move(hit));
    }
    result.facets = facets.results(request.facet_limit, actor_type);
    for (Facet& facet : result.facets) {
        if (facet.name != "actor")
            continue;
        for (FacetValue& value : facet.values)
            value.known = gazetteer.resolve(value.value) != nullptr;
    }
    if (!built.corrected.empty() && built.corrected != request.query)
        result.suggestion = built.corrected;
    result.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
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
        const std::string term = schema::boolean_term(schema::kPassageIdPrefix, passage_id);
        auto posting = impl_->db.postlist_begin(term);
        if (posting == impl_->db.postlist_end(term))
            return std::nullopt;
        PassageInContext view;
        view.passage = impl_->hit_from_document(impl_->db.get_document(*posting));
        const int ordinal = view.passage.passage.passage.ordinal;
        for (SearchHit& other : impl_->passages_of_article(view.passage.article.id)) {
            const int distance = other.passage.passage.ordinal - ordinal;
            if (distance < 0 && -distance <= static_cast<int>(neighbours))
                view.before.push_back(std::move(other));
            if (distance > 0 && distance <= static_cast<int>(neighbours))
                view.after.push_back(std::move(other));
        }
        return view;
    });
}

std::optional<ArticleView> SearchService::article(const std::string& article_id) {
    return impl_->with_retry([&]() -> std::optional<ArticleView> {
        ArticleView view;
        view.passages = impl_->passages_of_article(article_id);
        if (view.passages.empty())
            return std::nullopt;
        // The article's first passage carries its full record.
        view.article = view.passages.front().article;
        return view;
    });
}

IndexStats SearchService::stats() {
    return impl_->with_retry([&] {
        IndexStats stats;
        Xapian::Database& db = impl_->db;
        stats.passages = db.get_doccount();
        const std::string article_prefix(schema::kArticleIdPrefix);
        for (auto it = db.allterms_begin(article_prefix); it != db.allterms_end(article_prefix);
             ++it)
            ++stats.articles;
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

nlohmann::json to_json(const PassageInContext& view) {
    nlohmann::json before = nlohmann::json::array();
    for (const SearchHit& hit : view.before)
        before.push_back(to_json(hit));
    nlohmann::json after = nlohmann::json::array();
    for (const SearchHit& hit : view.after)
        after.push_back(to_json(hit));
    return {{"passage", to_json(view.passage)}, {"before", before}, {"after", after}};
}

nlohmann::json to_json(const ArticleView& view) {
    nlohmann::json passages = nlohmann::json::array();
    for (const SearchHit& hit : view.passages)
        passages.push_back(to_json(hit));
    const Article& a = view.article;
    std::set<std::string> actor_names;
    nlohmann::json actors = nlohmann::json::array();
    for (const SearchHit& hit : view.passages) {
        for (const ActorRef& actor : hit.passage.actors) {
            if (actor_names.insert(actor.name).second) {
                actors.push_back({{"name", actor.name},
                                  {"type", to_string(actor.type)},
                                  {"known", actor.known}});
            }
        }
    }
    nlohmann::json article = {
        {"id", a.id},
        {"title", a.title},
        {"source", a.source},
        {"author", a.author},
        {"author_bio", a.author_bio},
        {"date", a.date ? nlohmann::json(a.date->iso()) : nlohmann::json(nullptr)},
        {"date_origin", to_string(a.date_origin)},
        {"path", a.origin_path},
        {"url", a.url},
        {"extra", a.extra}};
    return {{"article", article}, {"actors", actors}, {"passages", passages}};
}

nlohmann::json to_json(const IndexStats& stats) {
    return {{"articles", stats.articles},
            {"passages", stats.passages},
            {"actors", stats.actors},
            {"index_bytes", stats.size_bytes},
            {"last_update", stats.last_update}};
}

}  // namespace dossier
