#include "query/search/search_service.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "common/schema.h"
#include "common/stored_article.h"
#include "common/text.h"
#include "corpus_index.h"
#include "indexer/index_writer.h"
#include "query/search/query_builder.h"
#include "query/search/snippet.h"
#include "search_hits.h"

namespace dossier {
namespace {

using testing::CorpusIndex;

SearchResult run(const SearchRequest& request) {
    SearchService service(CorpusIndex::path());
    return service.search(request);
}

SearchRequest all_of(std::string query) {
    SearchRequest request;
    request.query = std::move(query);
    request.per_article = 0;
    request.limit = 1000;
    return request;
}

using testing::article_ids;
using testing::ranked_ids;

void index_quietly(const std::filesystem::path& index, std::vector<std::filesystem::path> inputs,
                   std::size_t commit_every_articles = IndexingOptions{}.commit_every_articles) {
    IndexingOptions options;
    options.index_directory = index;
    options.inputs = std::move(inputs);
    options.commit_every_articles = commit_every_articles;
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    run_indexing(options, quiet, messages);
}

std::string lower(std::string_view s) {
    return text::fold_case(s);
}

// The whole of an article as indexed (title and every passage), lower case.
std::string article_text(const std::string& article_id) {
    SearchService service(CorpusIndex::path());
    const std::optional<ArticleView> view = service.article(article_id);
    if (!view)
        return "";
    std::string all = view->article.title;
    for (const PassageHit& passage : view->passages)
        all += "\n" + passage.passage.passage.text;
    return lower(all);
}

TEST(SearchService, EveryHitIsAnArticleWithItsRecordAndPassagesOfItsOwn) {
    Xapian::Database db(CorpusIndex::path().string());
    ASSERT_EQ(db.get_doccount(), 4u);
    const auto result = run(all_of("the"));
    ASSERT_EQ(result.hits.size(), 4u);
    EXPECT_EQ(result.total, 4u);
    SearchService service(CorpusIndex::path());
    for (const SearchHit& hit : result.hits) {
        const auto view = service.article(hit.article.id);
        ASSERT_TRUE(view.has_value()) << hit.article.id;
        EXPECT_EQ(hit.article.title, view->article.title);
        EXPECT_FALSE(hit.article.title.empty()) << hit.article.id;
        EXPECT_FALSE(hit.article.origin_path.empty()) << hit.article.id;
        ASSERT_FALSE(hit.passages.empty()) << hit.article.id;
        EXPECT_GE(hit.matched_passages, hit.passages.size());
        for (const PassageHit& passage : hit.passages) {
            const int ordinal = passage.passage.passage.ordinal;
            EXPECT_EQ(passage.passage_id, hit.article.id + "@" + std::to_string(ordinal));
            ASSERT_LT(static_cast<std::size_t>(ordinal), view->passages.size());
            EXPECT_EQ(passage.passage.passage.text, view->passages[ordinal].passage.passage.text);
        }
    }
}

// Each passage's word positions hold its own words: the passage table and
// the positional index agree (what passage scoring rests on).
TEST(SearchService, PassagePositionsHoldThePassagesWords) {
    Xapian::Database db(CorpusIndex::path().string());
    Xapian::Stem stem("english");
    std::size_t checked = 0;
    const RecordCompressor records = record_compressor(db);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const StoredArticle stored = read_stored_article(db.get_document(*it), records);
        for (const StoredPassage& sp : stored.passages) {
            const std::string& text = sp.passage.passage.text;
            const auto words = text::find_words(text);
            ASSERT_FALSE(words.empty());
            const std::string last =
                lower(text.substr(words.back().begin, words.back().end - words.back().begin));
            const std::string term = schema::stem_term(stem(last));
            bool inside = false;
            for (auto pos = db.positionlist_begin(*it, term); pos != db.positionlist_end(*it, term);
                 ++pos)
                inside |= *pos >= sp.first_position && *pos < sp.end_position;
            EXPECT_TRUE(inside) << stored.article.id << " passage " << sp.passage.passage.ordinal
                                << " word " << last;
            EXPECT_LT(sp.first_position, sp.end_position);
            ++checked;
        }
    }
    EXPECT_EQ(checked, 57u);
}

TEST(SearchService, WordsAreStemmedAsAtIndexTime) {
    const auto singular = run(all_of("sanction"));
    const auto plural = run(all_of("sanctions"));
    ASSERT_GT(plural.total, 0u);
    EXPECT_EQ(article_ids(singular), article_ids(plural));
}

// Every word required: relaxing (below) is off, as with --all-words.
SearchRequest every_word(std::string query) {
    SearchRequest request = all_of(std::move(query));
    request.relax = false;
    return request;
}

TEST(SearchService, DefaultOperatorRequiresEveryWord) {
    const auto both = run(every_word("energy sanctions"));
    ASSERT_GT(both.total, 0u);
    for (const SearchHit& hit : both.hits) {
        EXPECT_NE(article_text(hit.article.id).find("energy"), std::string::npos);
        EXPECT_NE(article_text(hit.article.id).find("sanction"), std::string::npos);
    }
    EXPECT_LE(both.total, run(all_of("energy")).total);
}

// Two words of the seed corpus that no article has together, each in
// exactly one article, found in the index itself.
std::pair<std::string, std::string> words_never_together() {
    Xapian::Database db(CorpusIndex::path().string());
    std::map<Xapian::docid, std::string> only_word;  // article -> a word only it has
    const std::string prefix(schema::kStemPrefix);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string stem = (*it).substr(prefix.size());
        // Plain lower-case words, whose stem is the word itself.
        if (it.get_termfreq() != 1 || stem.size() < 6 || !schema::is_word_term(*it) ||
            stem.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos ||
            Xapian::Stem("english")(stem) != stem)
            continue;
        only_word.emplace(*db.postlist_begin(*it), stem);
        if (only_word.size() == 2)
            break;
    }
    EXPECT_EQ(only_word.size(), 2u);
    return {only_word.begin()->second, std::next(only_word.begin())->second};
}

TEST(SearchService, WordsNoArticleHasTogetherRelaxToArticlesWithMostOfThem) {
    const auto [first, second] = words_never_together();
    const std::string query = "the " + first + " of " + second;
    EXPECT_EQ(run(every_word(query)).total, 0u);

    const SearchResult relaxed = run(all_of(query));
    EXPECT_TRUE(relaxed.relaxed);
    EXPECT_EQ(relaxed.relaxed_words, 2u);
    EXPECT_EQ(relaxed.total, 2u);  // each word's one article
    EXPECT_EQ(relaxed.dropped_words, (std::vector<std::string>{"the", "of"}));
    for (const SearchHit& hit : relaxed.hits) {
        const std::string text = lower(article_text(hit.article.id));
        EXPECT_TRUE(text.find(first) != std::string::npos || text.find(second) != std::string::npos)
            << hit.article.id;
        ASSERT_FALSE(hit.passages.empty());
        EXPECT_FALSE(hit.passages[0].snippet.highlights.empty()) << hit.article.id;
    }
    // The JSON says so, for scripts.
    const nlohmann::json json = to_json(relaxed);
    EXPECT_EQ(json["relaxed"], true);
    EXPECT_EQ(json["relaxed_words"], 2);
    EXPECT_EQ(json["dropped_words"], (nlohmann::json{"the", "of"}));
}

TEST(SearchService, QueriesWithOperatorsAreNotRelaxed) {
    const auto [first, second] = words_never_together();
    for (const std::string& query : {first + " AND " + second, "+" + first + " +" + second}) {
        const SearchResult result = run(all_of(query));
        EXPECT_FALSE(result.relaxed) << query;
        EXPECT_EQ(result.total, 0u) << query;
    }
    // Parentheses only group: prose with an abbreviation is still words.
    EXPECT_TRUE(run(all_of(first + " (" + second + ")")).relaxed);
}

TEST(SearchService, EnoughArticlesWithEveryWordAreNotRelaxed) {
    testing::TempDir dir;
    std::string lines;
    for (int i = 0; i < 12; ++i) {
        lines += nlohmann::json{{"id", "n" + std::to_string(i)},
                                {"title", "Report " + std::to_string(i)},
                                {"text", "Soybean exports rose at the ports."}}
                     .dump() +
                 "\n";
    }
    lines += nlohmann::json{{"id", "other"}, {"title", "Other"}, {"text", "Soybean prices fell."}}
                 .dump() +
             "\n";
    testing::write_file(dir / "feed.jsonl", lines);
    index_quietly(dir / "ix", {dir / "feed.jsonl"});
    SearchService service(dir / "ix");
    SearchRequest request;
    request.query = "soybean exports";
    request.copies = true;  // the twelve reports are copies of one story
    const SearchResult result = service.search(request);
    EXPECT_FALSE(result.relaxed);
    EXPECT_EQ(result.total, 12u);  // "other" lacks "exports"
}

TEST(SearchService, AHeadlineOnlyArticleIsFoundByItsTitleAndShownWithoutPassages) {
    testing::TempDir dir;
    testing::write_file(
        dir / "feed.jsonl",
        nlohmann::json{{"id", "h"}, {"title", "Zebracorn exports halted"}}.dump() + "\n" +
            nlohmann::json{{"id", "b"},
                           {"title", "Trade"},
                           {"text", "Exports of zebracorn fell. Zebracorn exports were halted."}}
                .dump() +
            "\n");
    index_quietly(dir / "ix", {dir / "feed.jsonl"});
    SearchService service(dir / "ix");
    SearchRequest request;
    request.query = "zebracorn exports halted";
    request.explain = true;
    const SearchResult result = service.search(request);
    ASSERT_EQ(result.total, 2u);
    const auto headline = std::find_if(result.hits.begin(), result.hits.end(),
                                       [](const SearchHit& h) { return h.article.id == "h"; });
    ASSERT_NE(headline, result.hits.end());
    EXPECT_TRUE(headline->passages.empty());
    EXPECT_EQ(headline->matched_passages, 0u);
    EXPECT_GT(headline->score, 0.0);
    EXPECT_TRUE(service.article("h").has_value());
}

TEST(SearchService, AQueryInCapitalsIsReadAsWordsNotOperators) {
    // NOT and AND are words of the title, not operators.
    const SearchResult result = run(all_of("CHINA AND RUSSIA: NOT ALONE IN THE WORLD"));
    EXPECT_TRUE(result.read_as_words);
    EXPECT_EQ(result.why_words, "typed in capitals");
    EXPECT_GT(result.total, 0u);
    EXPECT_EQ(result.parsed_query.find("AND_NOT"), std::string::npos) << result.parsed_query;
}

TEST(SearchService, AQueryThatDoesNotParseIsReadAsPlainWords) {
    const SearchResult result = run(all_of("AND sanctions"));
    EXPECT_TRUE(result.read_as_words);
    EXPECT_FALSE(result.why_words.empty());
    EXPECT_EQ(result.total, run(all_of("sanctions")).total);
}

TEST(SearchService, StopWordsDoNotCountExceptInPhrases) {
    const SearchResult words = run(all_of("the sanctions of the west"));
    EXPECT_EQ(words.parsed_query.find("Zthe"), std::string::npos) << words.parsed_query;
    EXPECT_EQ(words.total, run(all_of("sanctions west")).total);
    const SearchResult phrase = run(all_of("\"sanctions of\""));
    EXPECT_NE(phrase.parsed_query.find("Zof"), std::string::npos) << phrase.parsed_query;
    EXPECT_TRUE(phrase.dropped_words.empty());
}

TEST(SearchService, PhraseMatchesOnlyAdjacentWords) {
    const auto phrase = run(all_of("\"security consultation\""));
    const auto words = run(all_of("security consultation"));
    ASSERT_GT(phrase.total, 0u);
    EXPECT_LE(phrase.total, words.total);
    for (const SearchHit& hit : phrase.hits) {
        EXPECT_NE(article_text(hit.article.id).find("security consultation"), std::string::npos)
            << hit.article.id;
        // The passage shown first holds the phrase's words.
        EXPECT_NE(lower(hit.passages.at(0).passage.passage.text).find("consultation"),
                  std::string::npos)
            << hit.passages[0].passage_id;
    }
    for (const SearchHit& hit : words.hits) {
        if (article_text(hit.article.id).find("security consultation") == std::string::npos) {
            EXPECT_EQ(article_ids(phrase).count(hit.article.id), 0u) << hit.article.id;
        }
    }
}

TEST(SearchService, OrWidensAndNotExcludes) {
    const auto taiwan = run(all_of("taiwan"));
    const auto syria = run(all_of("syria"));
    const auto either = run(all_of("taiwan OR syria"));
    EXPECT_GE(either.total, std::max(taiwan.total, syria.total));
    auto merged = article_ids(taiwan);
    for (const auto& id : article_ids(syria))
        merged.insert(id);
    EXPECT_EQ(article_ids(either), merged);
    const auto without = run(all_of("china NOT taiwan"));
    for (const auto& id : article_ids(without)) {
        EXPECT_EQ(article_ids(taiwan).count(id), 0u) << id;
        EXPECT_EQ(article_text(id).find("taiwan"), std::string::npos) << id;
    }
    EXPECT_EQ(article_ids(without).size() + article_ids(taiwan).size(),
              article_ids(run(all_of("china"))).size());
    const auto minus = run(all_of("china -taiwan"));
    EXPECT_EQ(article_ids(minus), article_ids(without));
}

TEST(SearchService, ParenthesesGroup) {
    const auto grouped = run(all_of("(taiwan OR syria) AND russia"));
    for (const SearchHit& hit : grouped.hits) {
        const std::string text = article_text(hit.article.id);
        EXPECT_TRUE(text.find("taiwan") != std::string::npos ||
                    text.find("syria") != std::string::npos);
        EXPECT_NE(text.find("russia"), std::string::npos);
    }
    EXPECT_GT(grouped.total, 0u);
}

TEST(SearchService, NearAndAdjRequireProximity) {
    const auto near = run(all_of("china NEAR/2 russia"));
    const auto both = run(all_of("china russia"));
    ASSERT_GT(near.total, 0u);
    EXPECT_LE(near.total, both.total);
    const auto adj = run(all_of("security ADJ/1 consultation"));
    EXPECT_GT(adj.total, 0u);
    EXPECT_LE(adj.total, run(all_of("security NEAR/1 consultation")).total);
}

TEST(SearchService, TrailingWildcardExpandsOverStems) {
    const auto wildcard = run(all_of("sanct*"));
    EXPECT_GT(wildcard.total, 0u);
    const auto sanctions = article_ids(run(all_of("sanctions")));
    for (const auto& id : sanctions)
        EXPECT_EQ(article_ids(wildcard).count(id), 1u) << id;
    // Inside a phrase a star is not a wildcard, and title: wildcards search titles.
    const auto title = run(all_of("title:allie*"));
    ASSERT_GT(title.total, 0u);
    for (const SearchHit& hit : title.hits)
        EXPECT_EQ(hit.article.id, "003_a9a4a9c0d7962cea");
}

TEST(SearchService, TitleFieldSearchesTitlesOnly) {
    const auto result = run(all_of("title:alone"));
    ASSERT_GT(result.total, 0u);
    for (const SearchHit& hit : result.hits)
        EXPECT_EQ(hit.article.id, "003_a9a4a9c0d7962cea");
}

TEST(SearchService, TitlePhraseFindsTheHeadlineThatHasItInOrder) {
    // Title terms have no positions of their own (docs/schema.md): a title
    // phrase is checked on the article's positions, where the title comes first.
    const auto phrase = run(all_of("title:\"security talks\""));
    ASSERT_EQ(phrase.total, 1u);
    EXPECT_NE(lower(phrase.hits[0].article.title).find("security talks"), std::string::npos);
    EXPECT_EQ(run(all_of("title:\"talks security\"")).total, 0u);
    // Alongside other words and operators, each phrase keeps its own meaning.
    const auto either = run(all_of("title:\"races to find\" OR title:\"security talks\""));
    EXPECT_EQ(either.total, 2u);
    const auto with_word = run(every_word("title:\"security talks\" russia"));
    EXPECT_EQ(article_ids(with_word), article_ids(phrase));
}

TEST(SearchService, ActorAliasesReachTheSameActor) {
    const auto surname = run(all_of("actor:lavrov"));
    const auto full = run(all_of("actor:\"Sergey Lavrov\""));
    ASSERT_GT(surname.total, 0u);
    EXPECT_EQ(article_ids(surname), article_ids(full));
    SearchRequest flag = all_of("");
    flag.actors = {"Lavrov"};
    EXPECT_EQ(article_ids(run(flag)), article_ids(surname));
    EXPECT_EQ(article_ids(run(all_of("actor:kremlin"))), article_ids(run(all_of("actor:Russia"))));
    EXPECT_EQ(article_ids(run(all_of("actor:putin"))),
              article_ids(run(all_of("actor:\"Vladimir Putin\""))));
}

TEST(SearchService, RepeatedActorFlagsMustAllMatch) {
    SearchRequest request = all_of("");
    request.actors = {"NATO", "China"};
    const auto both = run(request);
    ASSERT_GT(both.total, 0u);
    SearchService service(CorpusIndex::path());
    for (const SearchHit& hit : both.hits) {
        std::set<std::string> names;
        const std::optional<ArticleView> view = service.article(hit.article.id);
        ASSERT_TRUE(view.has_value());
        for (const ActorRef& a : view->actors)
            names.insert(a.name);
        EXPECT_EQ(names.count("China"), 1u) << hit.article.id;
        EXPECT_EQ(names.count("North Atlantic Treaty Organization"), 1u) << hit.article.id;
        // Filtered by actors alone, the passages shown are ones that name them.
        ASSERT_FALSE(hit.passages.empty());
        for (const PassageHit& passage : hit.passages) {
            bool names_one = false;
            for (const ActorRef& a : passage.passage.actors)
                names_one |= a.name == "China" || a.name == "North Atlantic Treaty Organization";
            EXPECT_TRUE(names_one) << passage.passage_id;
            EXPECT_GT(passage.score, 0);
        }
    }
}

TEST(SearchService, RepeatedActorFieldsMustAllMatchButRepeatedSourcesAreAlternatives) {
    const auto both = run(all_of("actor:nato actor:china"));
    ASSERT_GT(both.total, 0u);
    EXPECT_LT(both.total, run(all_of("actor:china")).total);
    SearchRequest flags = all_of("");
    flags.actors = {"NATO", "China"};
    EXPECT_EQ(article_ids(both), article_ids(run(flags)));
    const auto sources = run(all_of("source:\"global village space\" source:nowhere"));
    EXPECT_EQ(article_ids(sources), article_ids(run(all_of("source:\"Global Village Space\""))));
    EXPECT_GT(sources.total, 0u);
}

TEST(SearchService, DateRangesFilterByPublicationDate) {
    const auto july = run(all_of("date:2024-07..2024-07"));
    ASSERT_GT(july.total, 0u);
    for (const SearchHit& hit : july.hits)
        EXPECT_EQ(hit.article.date->iso(), "2024-07-21");
    const auto open_end = run(all_of("date:2024-12-01.."));
    for (const SearchHit& hit : open_end.hits)
        EXPECT_GE(hit.article.date->iso(), "2024-12-01");
    SearchRequest flags = all_of("");
    flags.from = "2024-07";
    flags.to = "2024-07-31";
    EXPECT_EQ(article_ids(run(flags)), article_ids(july));
}

TEST(SearchService, DateRangesMatchExactlyTheArticlesDatedInsideThem) {
    // Articles on days spread over 2011-2013, so that ranges cut years,
    // months and days; a range is a union of year, month and day terms.
    testing::TempDir dir;
    std::string lines;
    std::vector<std::string> dates;
    for (int i = 0; i < 120; ++i) {
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2011 + i % 3, 1 + (i * 7) % 12,
                      1 + (i * 11) % 28);
        dates.push_back(date);
        lines += R"({"id":"d)" + std::to_string(i) + R"(","date":")" + date +
                 R"(","text":"Harbour report )" + std::to_string(i) + R"( on freight."})" + "\n";
    }
    testing::write_file(dir / "dated.jsonl", lines);
    index_quietly(dir / "index", {dir / "dated.jsonl"});
    SearchService service(dir / "index");
    const std::vector<std::pair<std::string, std::string>> ranges = {{"2012", "2012"},
                                                                     {"2011-03", "2012-02"},
                                                                     {"2011-03-15", "2011-11-02"},
                                                                     {"2012-02-29", "2013-01-01"},
                                                                     {"", "2011-06-10"},
                                                                     {"2013-05", ""},
                                                                     {"2011-02-01", "2011-02-28"},
                                                                     {"2014", ""}};
    for (const auto& [from, to] : ranges) {
        SearchRequest request = all_of("");
        request.from = from;
        request.to = to;
        std::set<std::string> expected;
        for (std::size_t i = 0; i < dates.size(); ++i) {
            const std::string low = from.empty() ? "0000" : from;
            const std::string& day = dates[i];
            // A bound "YYYY" or "YYYY-MM" covers its whole year or month.
            const bool after_low = day.substr(0, low.size()) >= low;
            const bool before_high = to.empty() || day.substr(0, to.size()) <= to;
            if (after_low && before_high)
                expected.insert("d" + std::to_string(i));
        }
        EXPECT_EQ(article_ids(service.search(request)), expected) << from << ".." << to;
        SearchRequest field = all_of("date:" + from + ".." + to);
        EXPECT_EQ(article_ids(service.search(field)), expected) << "date:" << from << ".." << to;
    }
    EXPECT_EQ(article_ids(service.search(all_of("year:2012..2013"))).size(), 80u);
}

TEST(SearchService, DateRangesReachArticlesDatedToTheYearOrMonthOnlyAndWideRangesStaySmall) {
    // Dates as far apart as a bad page can make them, and articles dated to
    // the year or month only at the ends of the index's dates.
    testing::TempDir dir;
    const std::vector<std::pair<std::string, std::string>> dated = {
        {"early-year", "1201"},    {"early-day", "1201-03-04"}, {"mid-month", "2011-05"},
        {"mid-day", "2011-05-17"}, {"late-day", "2899-12-30"},  {"late-year", "2899"}};
    std::string lines;
    for (const auto& [id, date] : dated) {
        lines += R"({"id":")" + id + R"(","date":")" + date +
                 R"(","text":"Harbour report on freight."})" + "\n";
    }
    testing::write_file(dir / "dated.jsonl", lines);
    index_quietly(dir / "index", {dir / "dated.jsonl"});
    SearchService service(dir / "index");
    const auto ids_in = [&](const std::string& from, const std::string& to) {
        SearchRequest request = all_of("");
        request.from = from;
        request.to = to;
        return article_ids(service.search(request));
    };
    const std::set<std::string> all = {"early-year", "early-day", "mid-month",
                                       "mid-day",    "late-day",  "late-year"};
    EXPECT_EQ(ids_in("1000", "9999"), all);
    EXPECT_EQ(ids_in("", "2011"),
              (std::set<std::string>{"early-year", "early-day", "mid-month", "mid-day"}));
    EXPECT_EQ(ids_in("2011-05", ""),
              (std::set<std::string>{"mid-month", "mid-day", "late-day", "late-year"}));
    EXPECT_EQ(ids_in("1201-03-01", "2899-12-30"),
              (std::set<std::string>{"early-day", "mid-month", "mid-day", "late-day"}));
    EXPECT_EQ(article_ids(service.search(all_of("year:1000..9999"))), all);
    EXPECT_EQ(article_ids(service.search(all_of("year:1202..2898"))),
              (std::set<std::string>{"mid-month", "mid-day"}));
    EXPECT_EQ(article_ids(service.search(all_of("year:..1201"))),
              (std::set<std::string>{"early-year", "early-day"}));
    EXPECT_TRUE(article_ids(service.search(all_of("year:3000..9999"))).empty());

    // 1,700 years in the index: the whole ones are one range over the year
    // value, not one posting list each.
    Xapian::Database db((dir / "index").string());
    ActorGazetteer no_actors;
    QueryBuilder builder(db, no_actors);
    for (const char* query : {"year:1000..9999", "date:1000..9999", "year:1201..2899"}) {
        EXPECT_LT(builder.build(all_of(query)).query.get_length(), 70u) << query;
    }
    SearchRequest flags = all_of("");
    flags.from = "1201-03-04";
    flags.to = "2899-12-30";
    EXPECT_LT(builder.build(flags).query.get_length(), 200u);
}

TEST(SearchService, FilterOnlyQueriesBuiltOnManyThreadsAtOnceStayIntact) {
    // Each thread has its own builder, as each server thread has its own
    // service. Xapian::Query::MatchAll is one static object whose reference
    // count is not atomic: filter-only queries built from it on several
    // threads at once corrupted the count until it was freed under a live
    // query (dossier-serve crashed in the soak test).
    const Xapian::Database db(CorpusIndex::path().string());
    const ActorGazetteer no_actors;
    SearchRequest request = all_of("");
    request.sources = {"reuters"};
    const std::string expected = QueryBuilder(db, no_actors).build(request).query.get_description();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            QueryBuilder builder(db, no_actors);
            for (int i = 0; i < 50000; ++i) {
                const Xapian::Query query = builder.build(request).query;
                if (query.get_description() != expected)
                    ++wrong;
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    EXPECT_EQ(wrong, 0);
}

TEST(SearchService, ReopenFollowsAnIndexReplacedByCompaction) {
    testing::TempDir dir;
    const auto feed = [](const std::string& word, int first, int count) {
        std::string lines;
        for (int i = first; i < first + count; ++i) {
            lines += R"({"id":"r)" + std::to_string(i) + R"(","date":"2012-05-06","text":")" +
                     word + " report " + std::to_string(i) + R"( from the port."})" + "\n";
        }
        return lines;
    };
    testing::write_file(dir / "a.jsonl", feed("harbour", 0, 10));
    index_quietly(dir / "index", {dir / "a.jsonl"});
    SearchService service(dir / "index");
    SearchRequest facets = all_of("");
    facets.facets = {"year"};
    ASSERT_EQ(service.search(all_of("harbour")).total, 10u);
    ASSERT_EQ(service.search(facets).facets[0].values[0].count, 10u);

    // A large update: the index is replaced by a compacted database.
    testing::write_file(dir / "b.jsonl", feed("quillwort", 10, 40));
    index_quietly(dir / "index", {dir / "a.jsonl", dir / "b.jsonl"}, /*commit_every_articles=*/1);

    service.reopen();
    EXPECT_EQ(service.search(all_of("quillwort")).total, 40u);
    EXPECT_EQ(service.search(all_of("harbour")).total, 10u);
    const SearchResult counted = service.search(facets);
    ASSERT_EQ(counted.facets.size(), 1u);
    ASSERT_FALSE(counted.facets[0].values.empty());
    EXPECT_EQ(counted.facets[0].values[0].count, 50u);
}

TEST(SearchService, YearFieldAndYearRange) {
    const auto year = run(all_of("year:2024"));
    const auto range = run(all_of("year:2024..2024"));
    ASSERT_GT(year.total, 0u);
    EXPECT_EQ(article_ids(year), article_ids(range));
    for (const SearchHit& hit : year.hits)
        EXPECT_EQ(hit.article.date->year, 2024);
}

TEST(SearchService, FilterOnlyQueryListsNewestFirst) {
    SearchRequest request = all_of("");
    request.actors = {"NATO"};
    const auto result = run(request);
    ASSERT_GT(result.total, 1u);
    for (std::size_t i = 1; i < result.hits.size(); ++i) {
        const auto previous = result.hits[i - 1].article.date;
        const auto current = result.hits[i].article.date;
        if (previous && current) {
            EXPECT_GE(previous->iso(), current->iso());
        }
        if (!previous) {
            EXPECT_FALSE(current.has_value()) << "undated passages sort last";
        }
    }
}

TEST(SearchService, SortByDateOrdersAWordQueryNewestFirst) {
    SearchRequest request = all_of("china");
    request.sort = SortOrder::date;
    const auto result = run(request);
    ASSERT_GT(result.hits.size(), 2u);
    for (std::size_t i = 1; i < result.hits.size(); ++i) {
        const auto previous = result.hits[i - 1].article.date;
        const auto current = result.hits[i].article.date;
        if (previous && current) {
            EXPECT_GE(previous->iso(), current->iso());
        }
    }
}

TEST(SearchService, PerArticleShowsTheBestPassagesAndCountsTheMatchingOnes) {
    SearchRequest request = all_of("sanctions");
    request.per_article = 1;
    const auto best = run(request);
    const auto every = run(all_of("sanctions"));  // per_article 0: every matching passage
    ASSERT_FALSE(best.hits.empty());
    ASSERT_EQ(ranked_ids(best), ranked_ids(every));
    std::size_t several = 0;
    for (std::size_t i = 0; i < best.hits.size(); ++i) {
        const SearchHit& one = best.hits[i];
        const SearchHit& all = every.hits[i];
        ASSERT_EQ(one.passages.size(), 1u);
        EXPECT_EQ(one.matched_passages, all.matched_passages);
        EXPECT_EQ(all.passages.size(), all.matched_passages);
        several += all.matched_passages > 1;
        // Best first: the one shown alone is the top of the full list.
        EXPECT_EQ(one.passages[0].passage_id, all.passages[0].passage_id);
        for (std::size_t p = 0; p < all.passages.size(); ++p) {
            EXPECT_NE(lower(all.passages[p].passage.passage.text).find("sanction"),
                      std::string::npos)
                << all.passages[p].passage_id;
            if (p > 0) {
                EXPECT_GE(all.passages[p - 1].score, all.passages[p].score);
            }
        }
    }
    EXPECT_GT(several, 0u) << "some article must have several passages with the word";
}

TEST(SearchService, APassageWithMoreOfTheRarerWordsScoresHigher) {
    testing::TempDir dir;
    const std::string filler =
        "The committee met again on Tuesday and discussed the usual matters of the port, "
        "its budget, its staff and its plans for the coming season in some detail.";
    std::string text;
    for (int i = 0; i < 3; ++i)
        text += filler + " " + filler + "\n\n";
    text += "Quillwort grows near the harbour wall, and the quillwort survey found it thriving. " +
            filler + "\n\n" + filler + " " + filler;
    testing::write_file(
        dir / "feed.jsonl",
        nlohmann::json{{"id", "a"}, {"title", "Port notes"}, {"text", text}}.dump() + "\n");
    index_quietly(dir / "index", {dir / "feed.jsonl"});
    SearchService service(dir / "index");
    SearchRequest request = all_of("quillwort OR committee");
    const auto result = service.search(request);
    ASSERT_EQ(result.hits.size(), 1u);
    const SearchHit& hit = result.hits[0];
    ASSERT_GT(hit.passages.size(), 2u);
    EXPECT_NE(hit.passages[0].passage.passage.text.find("Quillwort"), std::string::npos)
        << "the rare word twice outweighs the common one";
    EXPECT_EQ(hit.matched_passages, hit.passages.size());
}

TEST(SearchService, AWordOnlyInTheTitleFindsTheArticleAboveOneBodyMentionInALongArticle) {
    testing::TempDir dir;
    std::string body;
    for (int i = 0; i < 40; ++i)
        body += "Markets moved sideways as traders waited for the central bank decision. ";
    const nlohmann::json long_one = {{"id", "long"},
                                     {"title", "Market wrap"},
                                     {"text", body + "One trader mentioned a zebracorn."}};
    const nlohmann::json headline = {
        {"id", "headline"},
        {"title", "Zebracorn sighting report"},
        {"text", "An animal was seen in Oslo on Sunday by two walkers, who reported it."}};
    const nlohmann::json other = {
        {"id", "other"}, {"title", "Weather"}, {"text", "Rain is expected in the north."}};
    testing::write_file(dir / "feed.jsonl",
                        long_one.dump() + "\n" + headline.dump() + "\n" + other.dump() + "\n");
    index_quietly(dir / "index", {dir / "feed.jsonl"});
    SearchService service(dir / "index");
    const auto result = service.search(all_of("zebracorn"));
    ASSERT_EQ(ranked_ids(result), (std::vector<std::string>{"headline", "long"}));
    // The headline article has no passage with the word: its lead is shown.
    ASSERT_EQ(result.hits[0].passages.size(), 1u);
    EXPECT_EQ(result.hits[0].passages[0].passage.passage.ordinal, 0);
    EXPECT_EQ(result.hits[0].matched_passages, 0u);
    EXPECT_EQ(result.hits[1].matched_passages, 1u);
    EXPECT_EQ(service.search(all_of("title:zebracorn")).total, 1u);
}

TEST(SearchService, PagesHaveNoOverlapsOrGaps) {
    // Reranking by passage evidence sees the same first articles whatever the
    // page: a depth smaller than the result set checks the seam too.
    for (const unsigned depth : {0u, 2u, 50u}) {
        SearchRequest whole = all_of("china OR russia OR sanctions");
        whole.rerank_depth = depth;
        const auto reference = run(whole);
        ASSERT_EQ(reference.hits.size(), 4u);
        std::vector<std::string> paged;
        for (unsigned offset = 0; offset < reference.hits.size(); offset += 3) {
            SearchRequest page = whole;
            page.offset = offset;
            page.limit = 3;
            const auto result = run(page);
            for (const SearchHit& hit : result.hits) {
                EXPECT_EQ(hit.rank, offset + 1 + (&hit - &result.hits[0]));
                paged.push_back(hit.article.id);
            }
        }
        EXPECT_EQ(paged, ranked_ids(reference)) << "depth " << depth;
        for (std::size_t i = 1; i < reference.hits.size() && depth >= 4; ++i)
            EXPECT_GE(reference.hits[i - 1].score, reference.hits[i].score);
    }
}

// Recounts facet values from the stored records of every matching article:
// its first 32 actors (the facet slots), date, source and mentioned years.
std::map<std::string, std::map<std::string, unsigned>> recount(const SearchRequest& request) {
    SearchRequest every = request;
    every.limit = 1000;
    every.offset = 0;
    every.facets.clear();
    SearchService service(CorpusIndex::path());
    std::map<std::string, std::map<std::string, unsigned>> counts;
    for (const SearchHit& hit : service.search(every).hits) {
        const auto view = service.article(hit.article.id);
        for (std::size_t i = 0; i < view->actors.size() && i < schema::kActorSlotCount; ++i)
            ++counts["actor"][view->actors[i].name];
        if (hit.article.date) {
            ++counts["year"][std::to_string(hit.article.date->year)];
            ++counts["month"][hit.article.date->iso().substr(0, 7)];
        }
        if (!hit.article.source.empty())
            ++counts["source"][hit.article.source];
        std::set<int> years;
        for (const PassageHit& passage : view->passages) {
            for (const DateMention& d : passage.passage.dates)
                years.insert(d.date.year);
        }
        std::size_t slot = 0;
        for (const int y : years) {
            if (slot++ < schema::kMentionedYearSlotCount)
                ++counts["mentioned_year"][std::to_string(y)];
        }
    }
    return counts;
}

TEST(SearchService, FacetCountsEqualABruteForceRecount) {
    for (const char* query :
         {"china", "sanctions OR alliance", "", "actor:nato", "date:2024-07..2024-12"}) {
        SearchRequest request = all_of(query);
        request.per_article = 2;  // facets count the whole match set, not the page
        request.limit = 3;
        request.facets = {"actor", "year", "month", "source", "mentioned_year"};
        request.facet_limit = 1000;
        const auto result = run(request);
        const auto expected = recount(request);
        ASSERT_EQ(result.facets.size(), 5u);
        for (const Facet& facet : result.facets) {
            std::map<std::string, unsigned> got;
            for (const FacetValue& v : facet.values)
                got[v.value] = v.count;
            const auto it = expected.find(facet.name);
            const std::map<std::string, unsigned> want =
                it == expected.end() ? std::map<std::string, unsigned>{} : it->second;
            EXPECT_EQ(got, want) << "facet " << facet.name << " for query \"" << query << "\"";
        }
        EXPECT_TRUE(result.total_exact);
    }
}

TEST(SearchService, FacetValuesCutToALimitAreTheFirstOfTheWholeOrderedList) {
    for (const char* query : {"china", "", "sanctions OR alliance"}) {
        SearchRequest request = all_of(query);
        request.facets = {"actor", "year", "source"};
        request.facet_limit = 1000;
        const SearchResult whole = run(request);
        ASSERT_EQ(whole.facets.size(), 3u);
        ASSERT_GT(whole.facets[0].values.size(), 5u) << query;
        for (const unsigned limit : {1u, 2u, 3u, 5u, 8u}) {
            request.facet_limit = limit;
            const SearchResult cut = run(request);
            ASSERT_EQ(cut.facets.size(), whole.facets.size());
            for (std::size_t f = 0; f < whole.facets.size(); ++f) {
                const auto& all = whole.facets[f].values;
                const auto& first = cut.facets[f].values;
                ASSERT_EQ(first.size(), std::min<std::size_t>(limit, all.size()));
                for (std::size_t i = 0; i < first.size(); ++i) {
                    EXPECT_EQ(first[i].value, all[i].value)
                        << query << " facet " << whole.facets[f].name << " limit " << limit;
                    EXPECT_EQ(first[i].count, all[i].count);
                }
            }
        }
    }
}

// The search result as JSON, without the one key that differs run to run.
nlohmann::json comparable(const SearchResult& result) {
    nlohmann::json json = to_json(result);
    json.erase("took_ms");
    return json;
}

std::vector<SearchRequest> varied_facet_requests() {
    std::vector<SearchRequest> requests;
    for (const char* query : {"china", "sanctions OR alliance", "", "actor:nato",
                              "date:2024-07..2024-12", "title:russia", "nosuchwordanywhere"}) {
        SearchRequest request = all_of(query);
        request.per_article = 2;
        request.limit = 5;
        request.facets = {"actor", "year", "month", "source", "author", "mentioned_year"};
        request.facet_limit = 1000;
        requests.push_back(request);
        request.facet_limit = 3;  // cut among tied counts
        requests.push_back(request);
        request.facets = {"actor"};
        request.actor_type = "person";
        requests.push_back(request);
    }
    SearchRequest filtered = all_of("");
    filtered.actors = {"China"};
    filtered.from = "2024-01";
    filtered.facets = {"year", "actor", "month", "actor"};  // order kept, repeat dropped
    requests.push_back(filtered);
    // Paging and collapsing: the table path collapses the ranked page itself.
    for (const char* query : {"china", "", "russia OR nato"}) {
        for (const unsigned per_article : {0u, 1u, 3u}) {
            for (const unsigned offset : {0u, 3u, 9u}) {
                SearchRequest paged = all_of(query);
                paged.per_article = per_article;
                paged.offset = offset;
                paged.limit = 4;
                paged.facets = {"year"};
                requests.push_back(paged);
            }
        }
    }
    SearchRequest by_date = all_of("sanctions");
    by_date.sort = SortOrder::date;
    by_date.per_article = 1;
    by_date.limit = 2;
    by_date.facets = {"actor"};
    requests.push_back(by_date);
    return requests;
}

TEST(SearchService, FacetTableCountsExactlyWhatTheStockSpiesCount) {
    SearchService table(CorpusIndex::path());
    SearchLimits stock_limits;
    stock_limits.stock_facet_spies = true;
    SearchService stock(CorpusIndex::path(), stock_limits);
    for (const SearchRequest& request : varied_facet_requests()) {
        const SearchResult from_table = table.search(request);
        const SearchResult from_stock = stock.search(request);
        EXPECT_EQ(comparable(from_table), comparable(from_stock))
            << "query \"" << request.query << "\" facet limit " << request.facet_limit;
    }
    // Not vacuous: the comparison saw real counts.
    const SearchResult everything = table.search(varied_facet_requests()[0]);
    ASSERT_EQ(everything.facets.size(), 6u);
    EXPECT_GT(everything.facets[0].values.size(), 3u);
}

TEST(SearchService, FacetSearchPastItsBudgetStillRanksTheSamePageAndSaysItEstimated) {
    SearchLimits cut;
    cut.time_budget_seconds = 1e-9;  // always exceeded: the counting match stops at once
    SearchService hurried(CorpusIndex::path(), cut);
    SearchService unhurried(CorpusIndex::path());
    for (const char* query : {"china", "", "sanctions OR alliance"}) {
        SearchRequest request = all_of(query);
        request.per_article = 2;
        request.limit = 5;
        request.facets = {"actor", "year"};
        const SearchResult rushed = hurried.search(request);
        const SearchResult full = unhurried.search(request);
        EXPECT_TRUE(rushed.time_limited) << query;
        EXPECT_FALSE(rushed.total_exact) << query;
        EXPECT_TRUE(full.total_exact) << query;
        ASSERT_FALSE(full.hits.empty()) << query;
        ASSERT_EQ(rushed.hits.size(), full.hits.size()) << query;
        for (std::size_t i = 0; i < full.hits.size(); ++i)
            EXPECT_EQ(rushed.hits[i].article.id, full.hits[i].article.id) << query << " #" << i;
    }
}

TEST(SearchService, StubOfSeveralLocalDatabasesCountsFacetsLikeTheStockSpies) {
    // The same index twice behind a stub: docids interleave across the two,
    // and a facet table looked up by a spy's docid would count the wrong
    // passages, so this must count every passage of both, once.
    testing::TempDir dir;
    const std::string line = "auto " + CorpusIndex::path().string() + "\n";
    testing::write_file(dir / "twice.stub", line + line);
    SearchService table(dir / "twice.stub");
    SearchLimits stock_limits;
    stock_limits.stock_facet_spies = true;
    SearchService stock(dir / "twice.stub", stock_limits);
    SearchService single(CorpusIndex::path());
    for (const SearchRequest& request : varied_facet_requests()) {
        const SearchResult from_table = table.search(request);
        EXPECT_EQ(comparable(from_table), comparable(stock.search(request)))
            << "query \"" << request.query << "\"";
        const SearchResult once = single.search(request);
        ASSERT_EQ(from_table.facets.size(), once.facets.size());
        for (std::size_t f = 0; f < once.facets.size(); ++f) {
            ASSERT_EQ(from_table.facets[f].values.size(), once.facets[f].values.size());
            for (std::size_t v = 0; v < once.facets[f].values.size(); ++v) {
                EXPECT_EQ(from_table.facets[f].values[v].count, 2 * once.facets[f].values[v].count);
            }
        }
    }
}

TEST(SearchService, ActorFacetCountsTheFirst32ActorsOfAnArticle) {
    const std::vector<std::string> countries = {
        "France",  "Germany",  "Italy",   "Spain",    "Portugal", "Belgium",  "Austria", "Poland",
        "Hungary", "Greece",   "Turkey",  "Egypt",    "Morocco",  "Algeria",  "Tunisia", "Libya",
        "Sudan",   "Ethiopia", "Kenya",   "Nigeria",  "Ghana",    "Senegal",  "Mali",    "Chad",
        "Niger",   "Angola",   "Zambia",  "Namibia",  "Botswana", "Mongolia", "Nepal",   "Bhutan",
        "Laos",    "Cambodia", "Vietnam", "Thailand", "Malaysia", "Indonesia"};
    std::string text = "Envoys came from";
    for (const std::string& country : countries)
        text += " " + country + ",";
    text += " and nowhere else.";
    testing::TempDir dir;
    testing::write_file(dir / "feed.jsonl", R"({"id":"many","text":")" + text + "\"}\n");
    index_quietly(dir / "index", {dir / "feed.jsonl"});

    SearchRequest request = all_of("");
    request.facets = {"actor"};
    request.facet_limit = 1000;
    SearchService table(dir / "index");
    SearchLimits stock_limits;
    stock_limits.stock_facet_spies = true;
    SearchService stock(dir / "index", stock_limits);
    const SearchResult result = table.search(request);
    ASSERT_EQ(result.total, 1u);
    const std::optional<ArticleView> many = table.article("many");
    ASSERT_TRUE(many.has_value());
    const std::size_t actors = many->actors.size();
    ASSERT_GT(actors, 32u) << "the article must name more actors than there are slots";
    EXPECT_EQ(result.facets.at(0).values.size(), 32u);
    EXPECT_EQ(comparable(result), comparable(stock.search(request)));
    // Every actor is still a filter, the ones past the slots too.
    EXPECT_EQ(table.search(all_of("actor:Indonesia")).total, 1u);
}

// Xapian 1.4.22's boolean match throws DatabaseCorruptError on a merged
// (compacted) index after an update deletes and adds documents; the facet
// count must not take that path.
TEST(SearchService, FacetsCountAfterAnUpdateOfAMergedIndex) {
    testing::TempDir dir;
    std::filesystem::create_directories(dir / "pages");
    for (const auto& entry : std::filesystem::directory_iterator(testing::corpus_dir())) {
        if (entry.path().extension() == ".txt")
            std::filesystem::copy_file(entry.path(), dir / "pages" / entry.path().filename());
    }
    IndexingOptions options;
    options.index_directory = dir / "index";
    options.inputs = {dir / "pages"};
    options.shards = 2;  // merged into one below: the merge renumbers documents
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    run_indexing(options, quiet, messages);
    ASSERT_EQ(IndexWriter::merge_shards(dir / "index"), 2u);
    const auto page = dir / "pages" / "001_0c49961f96213048.txt";
    testing::write_file(page, testing::read_file(page) +
                                  "\nA closing paragraph about China and trade, long enough to "
                                  "stand as a passage of its own in the index.\n");
    index_quietly(dir / "index", {dir / "pages"});
    SearchRequest request = all_of("china");
    request.facets = {"year", "actor"};
    SearchService table(dir / "index");
    const SearchResult counted = table.search(request);
    EXPECT_EQ(counted.total, 4u);
    EXPECT_TRUE(counted.total_exact);
    SearchLimits stock_limits;
    stock_limits.stock_facet_spies = true;
    EXPECT_EQ(to_json(counted)["facets"],
              to_json(SearchService(dir / "index", stock_limits).search(request))["facets"]);
}

TEST(SearchService, FacetCountsFollowAReopenAfterNewDocumentsAreIndexed) {
    testing::TempDir dir;
    const std::string first =
        R"({"id":"one","date":"2024-03-04","text":"Talks in Paris between France and Germany."})"
        "\n";
    const std::string second =
        R"({"id":"two","date":"2025-05-06","text":"France sent a delegation to Japan."})"
        "\n";
    testing::write_file(dir / "one.jsonl", first);
    testing::write_file(dir / "two.jsonl", second);
    auto index = [&](std::vector<std::filesystem::path> inputs) {
        index_quietly(dir / "index", std::move(inputs));
    };
    index({dir / "one.jsonl"});
    SearchRequest request = all_of("");
    request.facets = {"actor", "year"};
    auto counts = [](const SearchResult& result) {
        std::map<std::string, unsigned> by_value;
        for (const Facet& facet : result.facets) {
            for (const FacetValue& v : facet.values)
                by_value[facet.name + "=" + v.value] = v.count;
        }
        return by_value;
    };
    SearchService service(dir / "index");
    const auto before = counts(service.search(request));
    EXPECT_EQ(before.at("actor=France"), 1u);
    EXPECT_EQ(before.at("year=2024"), 1u);
    EXPECT_EQ(before.count("actor=Japan"), 0u);

    index({dir / "one.jsonl", dir / "two.jsonl"});
    service.reopen();
    const auto after = counts(service.search(request));
    EXPECT_EQ(after.at("actor=France"), 2u);
    EXPECT_EQ(after.at("actor=Japan"), 1u);
    EXPECT_EQ(after.at("year=2024"), 1u);
    EXPECT_EQ(after.at("year=2025"), 1u);
    SearchLimits stock_limits;
    stock_limits.stock_facet_spies = true;
    EXPECT_EQ(after, counts(SearchService(dir / "index", stock_limits).search(request)));
}

TEST(SearchService, ActorFacetCanBeRestrictedToAType) {
    SearchRequest request = all_of("china");
    request.facets = {"actor"};
    request.actor_type = "person";
    const auto result = run(request);
    ASSERT_FALSE(result.facets[0].values.empty());
    for (const FacetValue& v : result.facets[0].values)
        EXPECT_EQ(v.type, "person") << v.value;
}

TEST(SearchService, ActorFacetFlagsPeopleFoundByTitleAlone) {
    testing::TempDir dir;
    testing::write_file(dir / "feed.jsonl",
                        R"({"id":"a","text":"Director Jane Roe met Sergey Lavrov in Moscow."})"
                        "\n");
    index_quietly(dir / "index", {dir / "feed.jsonl"});
    SearchService service(dir / "index");
    SearchRequest request = all_of("");
    request.facets = {"actor"};
    const auto result = service.search(request);
    std::map<std::string, bool> known;
    for (const FacetValue& v : result.facets[0].values)
        known[v.value] = v.known;
    ASSERT_EQ(known.count("Sergey Lavrov"), 1u);
    EXPECT_TRUE(known["Sergey Lavrov"]);
    ASSERT_EQ(known.count("Jane Roe"), 1u);
    EXPECT_FALSE(known["Jane Roe"]);
    // And the detected person is an actor to filter on.
    EXPECT_EQ(service.search(all_of("actor:\"Jane Roe\"")).total, 1u);
}

TEST(SearchService, FacetLimitKeepsTheTopValues) {
    SearchRequest request = all_of("china");
    request.facets = {"actor"};
    request.facet_limit = 3;
    const auto result = run(request);
    ASSERT_EQ(result.facets[0].values.size(), 3u);
    EXPECT_GE(result.facets[0].values[0].count, result.facets[0].values[2].count);
}

TEST(SearchService, SnippetsMarkStemmedMatches) {
    const auto result = run(all_of("allies"));
    ASSERT_GT(result.hits.size(), 0u);
    Xapian::Stem stem("english");
    bool marked_other_form = false;
    std::size_t marked_hits = 0;
    for (const SearchHit& hit : result.hits) {
        for (const PassageHit& passage : hit.passages) {
            const Snippet& snippet = passage.snippet;
            if (!snippet.highlights.empty())
                ++marked_hits;
            for (const auto& [begin, end] : snippet.highlights) {
                const std::string word = lower(snippet.text.substr(begin, end - begin));
                EXPECT_EQ(stem(word), "alli") << word;
                marked_other_form |= word != "allies";
            }
        }
    }
    EXPECT_GE(marked_hits, 3u);
    EXPECT_TRUE(marked_other_form) << "the corpus also says \"ally\"";
}

// The highlighter stems only words whose first letter some query stem
// starts with (query/search/snippet.cpp); that rests on this.
TEST(SearchService, EveryIndexedWordStartingWithALetterKeepsItInItsStem) {
    // Every distinct word of the seed corpus's pages.
    std::set<std::string> words;
    for (const auto& entry : std::filesystem::directory_iterator(testing::corpus_dir())) {
        const std::string page = testing::read_file(entry.path());
        for (const text::Word& w : text::find_words(page))
            words.insert(text::fold_case(std::string_view(page).substr(w.begin, w.end - w.begin)));
    }
    Xapian::Stem stem("english");
    std::size_t checked = 0;
    for (const std::string& word : words) {
        if (word.empty() || word[0] < 'a' || word[0] > 'z')
            continue;
        const std::string stemmed = stem(word);
        ASSERT_FALSE(stemmed.empty()) << word;
        EXPECT_EQ(stemmed[0], word[0]) << word << " -> " << stemmed;
        EXPECT_TRUE(word.starts_with(stem_head(stemmed))) << word << " -> " << stemmed;
        ++checked;
    }
    for (const std::string exception :
         {"dying", "lying", "tying", "skies", "early", "only", "news", "yes", "happy", "hoping"}) {
        EXPECT_EQ(stem(exception)[0], exception[0]) << exception;
        EXPECT_TRUE(exception.starts_with(stem_head(stem(exception)))) << exception;
    }
    EXPECT_GT(checked, 1000u);
}

TEST(SearchService, SnippetsMarkWildcardMatches) {
    const auto wildcard = run(all_of("sanct*"));
    ASSERT_GT(wildcard.hits.size(), 0u);
    std::size_t marked = 0;
    for (const SearchHit& hit : wildcard.hits) {
        for (const PassageHit& passage : hit.passages) {
            for (const auto& [begin, end] : passage.snippet.highlights) {
                EXPECT_EQ(lower(passage.snippet.text.substr(begin, 5)), "sanct");
                ++marked;
            }
        }
    }
    EXPECT_GT(marked, 0u);
    // Passages are scored by the words the wildcard expands to in the article.
    for (const SearchHit& hit : wildcard.hits)
        EXPECT_GT(hit.matched_passages, 0u) << hit.article.id;
}

TEST(SearchService, EveryHitLocationPointsAtItsTextInTheOriginFile) {
    const auto result = run(all_of("china OR russia OR nato"));
    ASSERT_EQ(result.hits.size(), 4u);
    std::size_t checked = 0;
    for (const SearchHit& hit : result.hits) {
        const std::string file =
            testing::read_file(testing::corpus_dir() / hit.article.origin_path);
        const text::LineIndex lines(file);
        for (const PassageHit& passage : hit.passages) {
            const Passage& p = passage.passage.passage;
            EXPECT_EQ(file.substr(p.byte_begin, p.byte_end - p.byte_begin), p.text)
                << passage.passage_id;
            EXPECT_EQ(lines.line_of(p.byte_begin), p.line_first);
            ++checked;
        }
    }
    EXPECT_GT(checked, 10u);
}

TEST(SearchService, UnknownWordGetsASuggestionFromTheIndexVocabulary) {
    const auto result = run(all_of("sanctoins"));
    EXPECT_EQ(result.total, 0u);
    EXPECT_EQ(result.suggestion, "sanctions");
    EXPECT_TRUE(run(all_of("sanctions")).suggestion.empty());
}

TEST(SearchService, SuggestionComesWithAnUnknownWordEvenWhenOtherWordsMatch) {
    const auto result = run(all_of("china OR sanctoins"));
    EXPECT_GT(result.total, 0u);
    EXPECT_EQ(result.suggestion, "china OR sanctions");
}

TEST(SearchService, WordsThatAreAllInTheIndexGetNoSuggestion) {
    // Xapian's dictionary has near neighbours for many correct words; a
    // query whose every word matches is not offered one of them.
    Xapian::Database db(CorpusIndex::path().string());
    SearchService service(CorpusIndex::path());
    std::size_t checked = 0;
    for (auto it = db.spellings_begin(); it != db.spellings_end() && checked < 200; ++it) {
        const std::string word = *it;
        if (word.size() < 5 || db.get_spelling_suggestion(word).empty())
            continue;  // only words Xapian would "correct"
        const auto result = service.search(all_of(word));
        if (result.total == 0)
            continue;
        EXPECT_EQ(result.suggestion, "") << word;
        ++checked;
    }
    EXPECT_GT(checked, 10u);
}

TEST(SearchService, ExplainShowsMatchedTerms) {
    SearchRequest request = all_of("sanctions");
    request.explain = true;
    request.limit = 1;
    const auto result = run(request);
    ASSERT_EQ(result.hits.size(), 1u);
    ASSERT_GE(result.hits[0].explanation.size(), 3u);
    EXPECT_NE(result.hits[0].explanation[0].find("best passage"), std::string::npos);
    EXPECT_NE(result.hits[0].explanation[2].find("Zsanction"), std::string::npos);
}

TEST(SearchService, BadParametersAreBadRequestsThatSaySo) {
    auto message = [](SearchRequest request) {
        try {
            run(request);
        } catch (const BadRequest& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    SearchRequest bad_date = all_of("date:2024-13-01..");
    EXPECT_NE(message(bad_date).find("not a date"), std::string::npos);
    SearchRequest bad_from = all_of("");
    bad_from.from = "yesterday";
    EXPECT_NE(message(bad_from).find("--from \"yesterday\" is not a date"), std::string::npos);
    SearchRequest bad_facet = all_of("china");
    bad_facet.facets = {"colour"};
    EXPECT_NE(message(bad_facet).find("unknown facet \"colour\""), std::string::npos);
    SearchRequest bad_type = all_of("china");
    bad_type.actor_type = "planet";
    EXPECT_NE(message(bad_type).find("unknown actor type"), std::string::npos);
    SearchRequest too_many = all_of("china");
    too_many.limit = 100000;
    EXPECT_NE(message(too_many).find("limit"), std::string::npos);
    SearchRequest negative_weight = all_of("china");
    negative_weight.passage_weight = -1;
    EXPECT_NE(message(negative_weight).find("passage weight"), std::string::npos);
    SearchRequest deep = all_of("china");
    deep.rerank_depth = 100000;
    EXPECT_NE(message(deep).find("rerank depth"), std::string::npos);
    EXPECT_EQ(message(all_of(std::string("co\0coa", 6))), "query has a control character (byte 3)");
    EXPECT_EQ(message(all_of("china\x1b[2J")), "query has a control character (byte 6)");
    EXPECT_EQ(message(all_of("china\tnato\r\nsanctions")), "accepted");
}

TEST(SearchService, MissingIndexSaysHowToBuildOne) {
    try {
        SearchService service("/nonexistent/index");
        FAIL();
    } catch (const IndexUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("dossier-index --index /nonexistent/index"),
                  std::string::npos);
    }
}

TEST(SearchService, ShowsAPassageWithItsNeighbours) {
    SearchService service(CorpusIndex::path());
    const auto view = service.passage("000_38333822f4d6acfe@3", 1);
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->passage.passage.passage.ordinal, 3);
    ASSERT_EQ(view->before.size(), 1u);
    EXPECT_EQ(view->before[0].passage.passage.ordinal, 2);
    ASSERT_EQ(view->after.size(), 1u);
    EXPECT_EQ(view->after[0].passage.passage.ordinal, 4);
    EXPECT_EQ(view->article.id, "000_38333822f4d6acfe");
    EXPECT_FALSE(service.passage("no-such@1").has_value());
    EXPECT_FALSE(service.passage("000_38333822f4d6acfe@999").has_value());
    EXPECT_FALSE(service.passage("000_38333822f4d6acfe").has_value());
}

TEST(SearchService, ArticleListsAllItsPassagesInOrder) {
    SearchService service(CorpusIndex::path());
    const auto view = service.article("002_5bee35d626bb8c1b");
    ASSERT_TRUE(view.has_value());
    ASSERT_GT(view->passages.size(), 1u);
    for (std::size_t i = 0; i < view->passages.size(); ++i) {
        EXPECT_EQ(view->passages[i].passage.passage.ordinal, static_cast<int>(i));
    }
    EXPECT_EQ(view->article.date->iso(), "2024-04-09");
    EXPECT_FALSE(service.article("nope").has_value());
}

TEST(SearchJson, HasTheDocumentedKeysWithTheirTypes) {
    SearchRequest request = all_of("china");
    request.limit = 2;
    request.facets = {"actor"};
    const nlohmann::json json = to_json(run(request));
    EXPECT_TRUE(json["query"].is_string());
    EXPECT_TRUE(json["total"].is_number_unsigned());
    EXPECT_TRUE(json["total_exact"].is_boolean());
    EXPECT_TRUE(json["offset"].is_number());
    EXPECT_TRUE(json["limit"].is_number());
    EXPECT_TRUE(json["took_ms"].is_number());
    EXPECT_TRUE(json["facets"]["actor"].is_array());
    EXPECT_TRUE(json["facets"]["actor"][0]["value"].is_string());
    EXPECT_TRUE(json["facets"]["actor"][0]["count"].is_number());
    EXPECT_TRUE(json.contains("suggestion"));
    ASSERT_EQ(json["hits"].size(), 2u);
    const auto& hit = json["hits"][0];
    EXPECT_EQ(hit["rank"], 1);
    EXPECT_TRUE(hit["score"].is_number());
    EXPECT_TRUE(hit["matched_passages"].is_number_unsigned());
    for (const char* key : {"id", "title", "source", "author", "author_bio", "date", "date_origin",
                            "path", "line", "url", "extra"}) {
        EXPECT_TRUE(hit["article"].contains(key)) << key;
    }
    ASSERT_TRUE(hit["passages"].is_array());
    ASSERT_FALSE(hit["passages"].empty());
    const auto& passage = hit["passages"][0];
    EXPECT_TRUE(passage["passage_id"].is_string());
    EXPECT_TRUE(passage["text"].is_string());
    EXPECT_TRUE(passage["score"].is_number());
    EXPECT_TRUE(passage["snippet"]["text"].is_string());
    EXPECT_TRUE(passage["snippet"]["highlights"].is_array());
    EXPECT_TRUE(passage["actors"].is_array());
    EXPECT_TRUE(passage["dates"].is_array());
    for (const char* key : {"byte_start", "byte_end", "line_start", "line_end"}) {
        EXPECT_TRUE(passage["location"][key].is_number_unsigned()) << key;
    }
    // The article has the same shape in a hit and in the article view.
    SearchService service(CorpusIndex::path());
    const nlohmann::json view = to_json(*service.article(hit["article"]["id"]));
    EXPECT_EQ(view["article"], hit["article"]);
}

TEST(SearchService, AnIndexOfAnOlderSchemaIsRefusedWithHowToRebuildIt) {
    testing::TempDir dir;
    {
        Xapian::WritableDatabase old((dir / "old").string(), Xapian::DB_CREATE);
        old.set_metadata(std::string(schema::kMetaSchemaVersion), "2");
        old.add_document(Xapian::Document());
        old.commit();
    }
    try {
        SearchService service(dir / "old");
        FAIL() << "opened a schema 2 index";
    } catch (const IndexUnavailable& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("schema 2"), std::string::npos) << message;
        EXPECT_NE(message.find("rebuild"), std::string::npos) << message;
        EXPECT_NE(message.find("dossier-index --index " + (dir / "old").string()),
                  std::string::npos)
            << message;
    }
}

}  // namespace
}  // namespace dossier
