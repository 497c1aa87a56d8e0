// Ranking evidence beyond article BM25: the best passage's MinCover
// proximity and pseudo-relevance feedback (query/search/search_service.cpp,
// query/search/passage_scorer.h, query/search/relevance_feedback.h), on small generated
// indexes.
#include <gtest/gtest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "common/schema.h"
#include "indexer/indexing_run.h"
#include "query/search/relevance_feedback.h"
#include "query/search/search_service.h"
#include "query/search/stop_words.h"
#include "test_support.h"

namespace dossier {
namespace {

void index_quietly(const std::filesystem::path& index, const std::filesystem::path& input) {
    IndexingOptions options;
    options.index_directory = index;
    options.inputs = {input};
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    run_indexing(options, quiet, messages);
}

std::string article(const std::string& id, const std::string& title, const std::string& text) {
    return nlohmann::json{{"id", id}, {"title", title}, {"source", "Gazette"}, {"text", text}}
               .dump() +
           "\n";
}

// Unrelated articles, so that the words of the tests are rare.
std::string fillers(int count) {
    static const char* const kTopics[] = {"weather", "football", "concert", "election",
                                          "traffic", "museum",   "harvest", "ferry"};
    std::string lines;
    for (int i = 0; i < count; ++i) {
        const std::string topic = kTopics[i % 8];
        lines += article("filler-" + std::to_string(i), "Notes on " + topic,
                         "The " + topic + " was discussed by the council on Monday, and " +
                             "the minutes of the " + topic + " meeting were published later " +
                             "that week for everyone to read at the town hall.");
    }
    return lines;
}

const SearchHit* hit_of(const SearchResult& result, const std::string& id) {
    for (const SearchHit& hit : result.hits) {
        if (hit.article.id == id)
            return &hit;
    }
    return nullptr;
}

SearchRequest ranked(const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.limit = 100;
    request.per_article = 0;
    // The made-up articles repeat one another's sentences: ranking is of
    // articles here, not of stories (docs/copies.md).
    request.copies = true;
    return request;
}

TEST(RankingProximity, AdjacentQueryWordsOutrankTheSameWordsFarApart) {
    testing::TempDir dir;
    // The same words, counts and length: equal BM25 for article and passage.
    const std::string between =
        "the committee met on a quiet morning to discuss budgets staff plans and the "
        "long list of repairs that the old building needed before winter";
    const std::string near_text = "A quillwort marsh was found " + between + " today.";
    const std::string far_text = "A quillwort " + between + " marsh was found today.";
    ASSERT_EQ(near_text.size(), far_text.size());
    testing::write_file(dir / "feed.jsonl", article("far", "Survey notes", far_text) +
                                                article("near", "Survey notes", near_text) +
                                                fillers(12));
    index_quietly(dir / "index", dir / "feed.jsonl");
    SearchService service(dir / "index");

    const SearchResult result = service.search(ranked("quillwort OR marsh"));
    ASSERT_EQ(result.hits.size(), 2u);
    EXPECT_EQ(result.hits[0].article.id, "near");
    EXPECT_GT(result.hits[0].score, result.hits[1].score)
        << "equal BM25; only the proximity of the words tells them apart";

    // Plain BM25 (passage weight 0) ties them: the evidence is the reranking's.
    SearchRequest plain = ranked("quillwort OR marsh");
    plain.passage_weight = 0;
    const SearchResult bm25 = service.search(plain);
    ASSERT_EQ(bm25.hits.size(), 2u);
    EXPECT_DOUBLE_EQ(bm25.hits[0].score, bm25.hits[1].score);
}

// Four articles about zebracorns share a vocabulary; "cousin" shares it too
// and mentions a report, but never the rare query word; "plain" mentions a
// report in other words, as often and at the same length; "outsider" shares
// the vocabulary but no query word at all.
class RankingFeedback : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir;
        std::string lines;
        for (int i = 0; i < 4; ++i) {
            lines += article("zebracorn-" + std::to_string(i), "Field diary " + std::to_string(i),
                             "The zebracorn herd grazed the upland meadow while herders "
                             "followed the seasonal migration, counting stripes and foals "
                             "near the river ford at dusk, day " +
                                 std::to_string(i) + ".");
        }
        lines += article("cousin", "Field diary",
                         "A report says the herd grazed the upland meadow while herders "
                         "followed the seasonal migration, counting stripes and foals.");
        lines += article("plain", "Field diary",
                         "A report says the city council approved the budget while clerks "
                         "recorded the annual figures, counting taxes and fees.");
        lines += article("outsider", "Field diary",
                         "The herd grazed the upland meadow while herders followed the "
                         "seasonal migration, counting stripes and foals.");
        lines += fillers(16);
        testing::write_file(*dir_ / "feed.jsonl", lines);
        index_quietly(*dir_ / "index", *dir_ / "feed.jsonl");
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::filesystem::path index() { return *dir_ / "index"; }

  private:
    static testing::TempDir* dir_;
};

testing::TempDir* RankingFeedback::dir_ = nullptr;

TEST_F(RankingFeedback, LiftsAnArticleWithTheTopArticlesVocabularyWithoutAddingMatches) {
    SearchService service(index());
    SearchRequest request = ranked("zebracorn OR report");
    request.facets = {"source"};
    request.feedback = true;
    const SearchResult result = service.search(request);

    // Matches, total and facets are the typed query's.
    SearchRequest plain = request;
    plain.passage_weight = 0;  // plain BM25: no reranking, no feedback
    const SearchResult bm25 = service.search(plain);
    std::set<std::string> ids, bm25_ids;
    for (const SearchHit& hit : result.hits)
        ids.insert(hit.article.id);
    for (const SearchHit& hit : bm25.hits)
        bm25_ids.insert(hit.article.id);
    EXPECT_EQ(ids, bm25_ids);
    EXPECT_EQ(result.total, 6u);
    EXPECT_EQ(ids.count("outsider"), 0u) << "feedback words never add a match";
    ASSERT_EQ(result.facets.size(), 1u);
    ASSERT_EQ(bm25.facets.size(), 1u);
    ASSERT_EQ(result.facets[0].values.size(), 1u);
    EXPECT_EQ(result.facets[0].values[0].count, bm25.facets[0].values[0].count);

    // Equal BM25 for the typed words; the cousin gains from the feedback.
    const SearchHit* cousin = hit_of(result, "cousin");
    const SearchHit* plain_hit = hit_of(result, "plain");
    ASSERT_NE(cousin, nullptr);
    ASSERT_NE(plain_hit, nullptr);
    EXPECT_DOUBLE_EQ(hit_of(bm25, "cousin")->score, hit_of(bm25, "plain")->score);
    EXPECT_GT(cousin->score, plain_hit->score);
    EXPECT_LT(cousin->rank, plain_hit->rank);
    // Without feedback (the default for a query with operators) the two tie.
    SearchRequest no_feedback = request;
    no_feedback.feedback = false;
    const SearchResult typed_only = service.search(no_feedback);
    ASSERT_NE(hit_of(typed_only, "cousin"), nullptr);
    ASSERT_NE(hit_of(typed_only, "plain"), nullptr);
    EXPECT_DOUBLE_EQ(hit_of(typed_only, "cousin")->score, hit_of(typed_only, "plain")->score);

    // Its passages are still found and scored by the typed words alone.
    ASSERT_FALSE(cousin->passages.empty());
    EXPECT_EQ(cousin->matched_passages, 1u);
    EXPECT_DOUBLE_EQ(cousin->passages[0].score, plain_hit->passages[0].score);
}

TEST_F(RankingFeedback, TheModelIsTheBestArticlesWordsNotStopWordsOrNumbers) {
    Xapian::Database db(index().string());
    std::vector<Xapian::docid> top;
    std::vector<double> scores;
    const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("Zzebracorn"),
                              Xapian::Query("Zreport"));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        top.push_back(*it);
        scores.push_back(it.get_weight());
    }
    ASSERT_EQ(top.size(), 6u);
    FeedbackOptions options;
    options.words = 30;
    const Feedback feedback = relevance_feedback(db, top, scores, options);
    ASSERT_EQ(feedback.words.size(), 30u);
    ASSERT_EQ(feedback.scores.size(), top.size());
    std::map<std::string, double> weight;
    for (std::size_t i = 0; i < feedback.words.size(); ++i) {
        const FeedbackWord& word = feedback.words[i];
        weight[word.term] = word.weight;
        EXPECT_TRUE(schema::is_word_term(word.term)) << word.term;
        EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(word.term[1]))) << word.term;
        EXPECT_FALSE(english_stop_words()(word.term.substr(1))) << word.term;
        if (i > 0) {
            EXPECT_GE(feedback.words[i - 1].weight, word.weight);
        }
    }
    // What every ranked article's title says comes first (titles count three times).
    EXPECT_EQ(feedback.words[0].term == "Zdiari" || feedback.words[0].term == "Zfield", true);
    // A query word is weighed again by what the best articles say.
    EXPECT_EQ(weight.count("Zreport"), 1u);
    // Words five of the articles share outweigh one article's own words.
    ASSERT_EQ(weight.count("Zmeadow"), 1u);
    ASSERT_EQ(weight.count("Zcouncil"), 1u);
    EXPECT_GT(weight["Zmeadow"], weight["Zcouncil"]);
    for (double gained : feedback.scores)
        EXPECT_GT(gained, 0.0) << "every ranked article has some of the model's words";
}

}  // namespace
}  // namespace dossier
