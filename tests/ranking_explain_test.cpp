// --explain says what a score is made of, as docs/ranking.md describes it:
// the parts add up to the score, each is the component the page names, and
// the page's constants are the code's.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <string>

#include "corpus_index.h"
#include "query/search/search_service.h"
#include "test_support.h"

namespace dossier {
namespace {

using testing::CorpusIndex;
using testing::read_file;

SearchRequest explained(std::string query, double passage_weight = kDefaultPassageWeight) {
    SearchRequest request;
    request.query = std::move(query);
    request.explain = true;
    request.per_article = 0;  // every matching passage, the best first
    request.passage_weight = passage_weight;
    return request;
}

std::map<std::string, double> parts_of(const SearchHit& hit) {
    std::map<std::string, double> parts;
    for (const ScorePart& part : hit.score_parts)
        parts[part.name] = part.value;
    return parts;
}

// The value of `| name | value |` in docs/ranking.md's table of constants.
double documented_constant(const std::string& name) {
    const std::string page =
        read_file(std::filesystem::path(DOSSIER_SOURCE_DIR) / "docs/ranking.md");
    const std::regex row("\\| " + name + " \\| ([0-9.]+) \\|");
    std::smatch m;
    if (!std::regex_search(page, m, row))
        return NAN;
    return std::stod(m[1].str());
}

TEST(RankingExplain, ScorePartsAddUpToTheScoreAndTheirSharesToOne) {
    SearchService service(CorpusIndex::path());
    const SearchResult result = service.search(explained("china russia security cooperation"));
    ASSERT_GE(result.hits.size(), 2u);
    for (const SearchHit& hit : result.hits) {
        SCOPED_TRACE(hit.article.id);
        ASSERT_FALSE(hit.score_parts.empty());
        double sum = 0, shares = 0;
        for (const ScorePart& part : hit.score_parts) {
            EXPECT_GE(part.value, 0.0) << part.name;
            sum += part.value;
            shares += part.share;
        }
        EXPECT_NEAR(sum, hit.score, 1e-9 * hit.score);
        EXPECT_NEAR(shares, 1.0, 1e-9);
        // The text line gives the same shares, in whole percent.
        ASSERT_FALSE(hit.explanation.empty());
        const double bm25_share = hit.score_parts.front().share;
        EXPECT_NE(hit.explanation.front().find("article_bm25 " +
                                               std::to_string(std::lround(100 * bm25_share)) + "%"),
                  std::string::npos)
            << hit.explanation.front();
    }
    // Reranked hits come in score order.
    for (std::size_t i = 1; i < result.hits.size(); ++i)
        EXPECT_GE(result.hits[i - 1].score, result.hits[i].score);
}

TEST(RankingExplain, EachPartIsTheComponentTheRankingPageNames) {
    SearchService service(CorpusIndex::path());
    const double weight = documented_constant("passage weight");
    ASSERT_EQ(weight, kDefaultPassageWeight) << "docs/ranking.md and search_request.h disagree";
    ASSERT_EQ(documented_constant("rerank depth"), kDefaultRerankDepth);

    const std::string query = "china russia security cooperation";
    const SearchResult full = service.search(explained(query));
    const SearchResult bm25_alone = service.search(explained(query, 0));
    std::map<std::string, double> bm25_of;
    for (const SearchHit& hit : bm25_alone.hits) {
        ASSERT_EQ(hit.score_parts.size(), 1u);  // article_bm25 alone, share 1
        EXPECT_EQ(hit.score_parts[0].name, "article_bm25");
        EXPECT_DOUBLE_EQ(hit.score_parts[0].share, 1.0);
        bm25_of[hit.article.id] = hit.score;
    }
    bool any_proximity = false;
    for (const SearchHit& hit : full.hits) {
        SCOPED_TRACE(hit.article.id);
        std::map<std::string, double> parts = parts_of(hit);
        // article_bm25 is Xapian's BM25 of the article: the score without passages.
        ASSERT_TRUE(bm25_of.count(hit.article.id));
        EXPECT_DOUBLE_EQ(parts["article_bm25"], bm25_of[hit.article.id]);
        // best_passage is the weight times the best passage's BM25, the
        // score the hit's first passage shows.
        ASSERT_FALSE(hit.passages.empty());
        EXPECT_NEAR(parts["best_passage"], weight * hit.passages.front().score, 1e-9);
        // proximity is the weight times the documented proximity weight times
        // the MinCover figure the text line gives.
        std::smatch m;
        const std::string& line = hit.explanation.front();
        ASSERT_TRUE(std::regex_search(line, m, std::regex("proximity ([0-9.]+) x ([0-9.e+-]+)")))
            << line;
        EXPECT_EQ(std::stod(m[1].str()), documented_constant("proximity weight"));
        EXPECT_NEAR(parts["proximity"], weight * std::stod(m[1].str()) * std::stod(m[2].str()),
                    1e-4 * hit.score);
        any_proximity = any_proximity || parts["proximity"] > 0;
        EXPECT_TRUE(parts.count("title"));
    }
    EXPECT_TRUE(any_proximity) << "four words in passages of these articles stand together";
}

}  // namespace
}  // namespace dossier
