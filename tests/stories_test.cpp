// Stories (docs/copies.md): copies found at indexing, one hit and one count
// per story at search time, and stories kept right across runs, shards,
// deletions and replacements.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>

#include "indexer/index_writer.h"
#include "indexer/indexing_run.h"
#include "query/search/search_service.h"
#include "test_support.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::corpus_dir;
using testing::TempDir;
using testing::write_file;

// Paragraphs of made-up words, each starting with "harbour" so that one
// query finds every article; `seed` makes the text.
std::string paragraphs(unsigned seed, int count, int words = 60) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<unsigned> pick(0, 4000);
    std::string text;
    for (int p = 0; p < count; ++p) {
        text += p == 0 ? "" : "\n\n";
        text += "harbour";
        for (int w = 0; w < words; ++w)
            text += " w" + std::to_string(pick(random));
        text += ".";
    }
    return text;
}

std::string record(const std::string& id, const std::string& title, const std::string& source,
                   const std::string& date, const std::string& text) {
    return nlohmann::json{
               {"id", id}, {"title", title}, {"source", source}, {"date", date}, {"text", text}}
               .dump() +
           "\n";
}

IndexingSummary build(const fs::path& index, const std::vector<fs::path>& inputs,
                      bool prune = false, unsigned shards = 2, unsigned threads = 2) {
    IndexingOptions options;
    options.index_directory = index;
    options.inputs = inputs;
    options.threads = threads;
    options.shards = shards;
    options.prune = prune;
    options.today = CivilDate{2026, 12, 7};
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    return run_indexing(options, quiet, messages);
}

SearchRequest everything(bool copies = false) {
    SearchRequest request;
    request.query = "harbour";
    request.copies = copies;
    request.limit = 50;
    return request;
}

// The story size of each hit, by article id.
std::map<std::string, unsigned> story_sizes(const SearchResult& result) {
    std::map<std::string, unsigned> sizes;
    for (const SearchHit& hit : result.hits)
        sizes[hit.article.id] = hit.story.size;
    return sizes;
}

// A wire story, its repost on another site and its update with two more
// paragraphs; and two articles of their own.
class StoriesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const std::string wire = paragraphs(1, 5);
        write_file(dir / "in" / "news.jsonl",
                   record("wire-1", "Harbour closed", "Wire", "2024-03-01", wire) +
                       record("site-1", "Harbour closed (repost)", "Site", "2024-03-02", wire) +
                       record("wire-1-update", "UPDATE 1-Harbour closed", "Wire", "2024-03-03",
                              wire + "\n\n" + paragraphs(2, 2)) +
                       record("solo-1", "Another story", "Wire", "2024-03-05", paragraphs(3, 4)) +
                       record("solo-2", "A third story", "Site", "2025-01-06", paragraphs(4, 4)));
        summary = build(dir / "index", {dir / "in"});
    }

    TempDir dir;
    IndexingSummary summary;
};

TEST_F(StoriesTest, TheIndexerCountsTheStoryAndItsCopies) {
    EXPECT_EQ(summary.stories, 1u);
    EXPECT_EQ(summary.articles_in_stories, 3u);
}

TEST_F(StoriesTest, ACopiedStoryIsOneHitWithItsCopiesOldestFirst) {
    SearchService service(dir / "index");
    const SearchResult result = service.search(everything());
    EXPECT_TRUE(result.stories);
    EXPECT_EQ(result.total, 3u);
    EXPECT_TRUE(result.total_exact);
    ASSERT_EQ(result.hits.size(), 3u);
    const auto story = std::find_if(result.hits.begin(), result.hits.end(),
                                    [](const SearchHit& hit) { return hit.story.size > 1; });
    ASSERT_NE(story, result.hits.end());
    EXPECT_EQ(story->story.size, 3u);
    ASSERT_EQ(story->story.copies.size(), 2u);
    EXPECT_LE(*story->story.copies[0].article.date, *story->story.copies[1].article.date);
    for (const StoryCopy& copy : story->story.copies)
        EXPECT_NE(copy.article.id, story->article.id);
    EXPECT_EQ(story->story.newest_id, "wire-1-update");
    EXPECT_EQ(story->story.longest_id, "wire-1-update");
    EXPECT_EQ(story_sizes(result).count("solo-1"), 1u);
}

TEST_F(StoriesTest, WithCopiesEveryArticleIsAHitAndACount) {
    SearchService service(dir / "index");
    const SearchResult result = service.search(everything(/*copies=*/true));
    EXPECT_FALSE(result.stories);
    EXPECT_EQ(result.total, 5u);
    EXPECT_EQ(result.hits.size(), 5u);
    // Each hit still says which story it is in.
    EXPECT_EQ(story_sizes(result).at("site-1"), 3u);
}

TEST_F(StoriesTest, FacetCountsAreStoriesAndEqualTheTotalFilteredByTheValue) {
    SearchService service(dir / "index");
    for (const bool copies : {false, true}) {
        SearchRequest request = everything(copies);
        request.facets = {"source", "year"};
        const SearchResult result = service.search(request);
        EXPECT_EQ(result.facets_count_stories, !copies);
        std::map<std::string, unsigned> sources;
        for (const FacetValue& value : result.facets.at(0).values) {
            sources[value.value] = value.count;
            SearchRequest filtered = everything(copies);
            filtered.sources = {value.value};
            filtered.facets = {"year"};
            EXPECT_EQ(service.search(filtered).total, value.count) << value.value;
        }
        // The story has copies from both sites: it counts once for each.
        EXPECT_EQ(sources.at("Wire"), copies ? 3u : 2u);
        EXPECT_EQ(sources.at("Site"), copies ? 2u : 2u);
        for (const FacetValue& value : result.facets.at(1).values) {
            SearchRequest filtered = everything(copies);
            filtered.from = filtered.to = value.value;
            EXPECT_EQ(service.search(filtered).total, value.count) << value.value;
        }
    }
}

TEST_F(StoriesTest, PagesAreOfStories) {
    SearchService service(dir / "index");
    std::set<std::string> seen;
    for (unsigned offset = 0; offset < 4; ++offset) {
        SearchRequest request = everything();
        request.offset = offset;
        request.limit = 1;
        const SearchResult page = service.search(request);
        if (offset >= 3) {
            EXPECT_TRUE(page.hits.empty());
            continue;
        }
        ASSERT_EQ(page.hits.size(), 1u);
        std::string story =
            page.hits[0].story.key.empty() ? page.hits[0].article.id : page.hits[0].story.key;
        EXPECT_TRUE(seen.insert(story).second) << "story shown twice: " << story;
    }
}

TEST_F(StoriesTest, TheStoryViewListsEveryCopyByDateWithItsSource) {
    SearchService service(dir / "index");
    const std::optional<StoryView> view = service.story("site-1");
    ASSERT_TRUE(view);
    ASSERT_EQ(view->copies.size(), 3u);
    EXPECT_EQ(view->copies[0].article.id, "wire-1");
    EXPECT_EQ(view->copies[1].article.id, "site-1");
    EXPECT_EQ(view->copies[1].article.source, "Site");
    EXPECT_EQ(view->copies[2].article.id, "wire-1-update");
    const std::optional<StoryView> alone = service.story("solo-1");
    ASSERT_TRUE(alone);
    EXPECT_EQ(alone->copies.size(), 1u);
    EXPECT_TRUE(alone->story.key.empty());
    EXPECT_FALSE(service.story("no-such-article"));
}

TEST_F(StoriesTest, ReplacingACopyWithOtherTextTakesItOutOfTheStory) {
    write_file(dir / "in" / "news.jsonl",
               record("wire-1", "Harbour closed", "Wire", "2024-03-01", paragraphs(1, 5)) +
                   record("site-1", "Something else", "Site", "2024-03-02", paragraphs(9, 5)) +
                   record("wire-1-update", "UPDATE 1-Harbour closed", "Wire", "2024-03-03",
                          paragraphs(1, 5) + "\n\n" + paragraphs(2, 2)) +
                   record("solo-1", "Another story", "Wire", "2024-03-05", paragraphs(3, 4)) +
                   record("solo-2", "A third story", "Site", "2025-01-06", paragraphs(4, 4)));
    build(dir / "index", {dir / "in"});
    SearchService service(dir / "index");
    const auto sizes = story_sizes(service.search(everything(/*copies=*/true)));
    EXPECT_EQ(sizes.at("site-1"), 1u);
    EXPECT_EQ(sizes.at("wire-1"), 2u);
    EXPECT_EQ(sizes.at("wire-1-update"), 2u);
}

// Two ids the index places in different shards.
std::pair<std::string, std::string> ids_in_two_shards(unsigned shards) {
    const std::string a = "first";
    for (int i = 0;; ++i) {
        const std::string b = "second-" + std::to_string(i);
        if (IndexWriter::shard_of(a, shards) != IndexWriter::shard_of(b, shards))
            return {a, b};
    }
}

TEST(Stories, AnArticleOfALaterRunJoinsTheStoryOfItsCopyInAnotherShard) {
    TempDir dir;
    const auto [first, second] = ids_in_two_shards(2);
    const std::string text = paragraphs(5, 4);
    write_file(dir / "a" / "week1.jsonl",
               record(first, "Harbour story", "Wire", "2024-05-01", text) +
                   record("other", "Other", "Wire", "2024-05-01", paragraphs(6, 3)));
    build(dir / "index", {dir / "a"});
    write_file(dir / "b" / "week2.jsonl",
               record(second, "Harbour story, reposted", "Site", "2024-05-08", text));
    const IndexingSummary later = build(dir / "index", {dir / "a", dir / "b"});
    EXPECT_EQ(later.articles, 1u);
    EXPECT_EQ(later.stories, 1u);
    SearchService service(dir / "index");
    const std::optional<StoryView> view = service.story(first);
    ASSERT_TRUE(view);
    ASSERT_EQ(view->copies.size(), 2u);
    EXPECT_EQ(view->copies[1].article.id, second);
    EXPECT_EQ(service.search(everything()).total, 2u);
}

TEST(Stories, RemovingTheArticleThatBridgedTwoStoriesSplitsThem) {
    TempDir dir;
    // The roundup holds both briefs whole; the briefs share nothing.
    const std::string left = paragraphs(7, 2);
    const std::string right = paragraphs(8, 2);
    write_file(dir / "in" / "left.jsonl", record("left", "Left", "Wire", "2024-06-01", left));
    write_file(dir / "in" / "right.jsonl", record("right", "Right", "Wire", "2024-06-01", right));
    write_file(dir / "in" / "roundup.jsonl",
               record("roundup", "Roundup", "Site", "2024-06-02", left + "\n\n" + right));
    EXPECT_EQ(build(dir / "index", {dir / "in"}).articles_in_stories, 3u);
    {
        SearchService service(dir / "index");
        EXPECT_EQ(service.search(everything()).total, 1u);
    }
    fs::remove(dir / "in" / "roundup.jsonl");
    const IndexingSummary pruned = build(dir / "index", {dir / "in"}, /*prune=*/true);
    EXPECT_EQ(pruned.articles_removed, 1u);
    EXPECT_EQ(pruned.stories, 0u);
    SearchService service(dir / "index");
    const SearchResult result = service.search(everything());
    EXPECT_EQ(result.total, 2u);
    for (const SearchHit& hit : result.hits) {
        EXPECT_EQ(hit.story.size, 1u) << hit.article.id;
        EXPECT_TRUE(hit.story.key.empty()) << hit.article.id;
    }
}

TEST(Stories, ExactCopiesOfAShortBriefUnderTwoIdsAreOneStory) {
    TempDir dir;
    const std::string brief = "harbour authority says port of Tema reopens after strike ends";
    write_file(dir / "in" / "a.jsonl", record("brief-a", "Tema", "Wire", "2024-07-01", brief));
    write_file(dir / "in" / "b.jsonl", record("brief-b", "Tema", "Site", "2024-07-01", brief));
    EXPECT_EQ(build(dir / "index", {dir / "in"}).stories, 1u);
}

// Article ids grouped by the story key the index gave them (an article
// without a key is a group of its own).
std::set<std::set<std::string>> stories_by_key(const fs::path& index) {
    SearchService service(index);
    SearchRequest request = everything(/*copies=*/true);
    request.limit = 500;
    std::map<std::string, std::set<std::string>> by_key;
    for (const SearchHit& hit : service.search(request).hits)
        by_key[hit.story.key.empty() ? "solo:" + hit.article.id : hit.story.key].insert(
            hit.article.id);
    std::set<std::set<std::string>> stories;
    for (auto& [key, ids] : by_key)
        stories.insert(std::move(ids));
    return stories;
}

// Writes `dir`/stories.jsonl: stories of one to four copies, short (whole
// sketches) and long (sampled), reposts as long as their original and
// updates one paragraph longer, in an order that mixes the stories.
// Returns each story's article ids.
std::set<std::set<std::string>> write_mixed_stories(const fs::path& dir) {
    std::set<std::set<std::string>> stories;
    std::vector<std::string> records;
    for (unsigned story = 0; story < 24; ++story) {
        const int length = story % 3 == 0 ? 12 : 4;
        const std::string text = paragraphs(100 + story, length);
        std::set<std::string> ids;
        for (unsigned copy = 0; copy <= story % 4; ++copy) {
            const std::string id = "story-" + std::to_string(story) + "-" + std::to_string(copy);
            const std::string body = copy == 2 ? text + "\n\n" + paragraphs(500 + story, 1) : text;
            records.push_back(record(id, "Story " + std::to_string(story), "Site",
                                     "2024-08-0" + std::to_string(1 + copy), body));
            ids.insert(id);
        }
        stories.insert(ids);
    }
    std::mt19937 random(7);
    std::shuffle(records.begin(), records.end(), random);
    std::string jsonl;
    for (const std::string& line : records)
        jsonl += line;
    write_file(dir / "stories.jsonl", jsonl);
    return stories;
}

TEST(Stories, TheStoriesFoundDoNotDependOnTheNumberOfThreads) {
    TempDir dir;
    const std::set<std::set<std::string>> expected = write_mixed_stories(dir / "in");
    for (const unsigned threads : {1u, 3u}) {
        const fs::path index = dir / ("index-" + std::to_string(threads));
        build(index, {dir / "in"}, /*prune=*/false, /*shards=*/2, threads);
        EXPECT_EQ(stories_by_key(index), expected) << threads << " threads";
    }
}

// A page is collapsed from the story table, without facets and with them,
// and by Xapian on the story slot with stock spies: the same stories in the
// same order. With facets the total is exact; without, it is exact or a
// lower bound, and the estimate lies between the bound and the articles.
TEST(Stories, APageCollapsesAlikeFromTheTableAndByXapian) {
    TempDir dir;
    const std::size_t story_count = write_mixed_stories(dir / "in").size();
    build(dir / "index", {dir / "in"});
    SearchService service(dir / "index");
    SearchService stock(dir / "index", SearchLimits{.stock_facet_spies = true});
    const auto story_of_hit = [](const SearchHit& hit) {
        return hit.story.key.empty() ? hit.article.id : hit.story.key;
    };
    for (const unsigned offset : {0u, 5u, 20u}) {
        SearchRequest request = everything();
        request.limit = 5;
        request.offset = offset;
        const SearchResult by_table = service.search(request);
        const SearchResult by_xapian = stock.search(request);
        request.facets = {"year"};
        const SearchResult counted = service.search(request);
        EXPECT_TRUE(counted.facets_count_stories);
        EXPECT_EQ(counted.total, story_count) << offset;
        EXPECT_TRUE(counted.total_exact) << offset;
        for (const SearchResult* result : {&by_table, &by_xapian}) {
            EXPECT_LE(result->total, story_count) << offset;
            if (result->total_exact) {
                EXPECT_EQ(result->total, story_count) << offset;
            }
            EXPECT_GE(result->total_estimate, result->total) << offset;
            EXPECT_LE(result->total_estimate, 60u) << offset;  // the articles
        }
        ASSERT_EQ(by_table.hits.size(), counted.hits.size()) << offset;
        ASSERT_EQ(by_xapian.hits.size(), counted.hits.size()) << offset;
        for (std::size_t i = 0; i < counted.hits.size(); ++i) {
            EXPECT_EQ(story_of_hit(by_table.hits[i]), story_of_hit(counted.hits[i])) << offset;
            EXPECT_EQ(story_of_hit(by_xapian.hits[i]), story_of_hit(counted.hits[i])) << offset;
            EXPECT_EQ(by_table.hits[i].article.id, counted.hits[i].article.id) << offset;
        }
    }
}

// Word-for-word copies score alike: the newest of them is the hit, with
// facets or without, on one shard or several, whatever the order indexed.
TEST(Stories, OfCopiesThatTieTheNewestShows) {
    TempDir dir;
    const std::string text = paragraphs(42, 3);
    write_file(dir / "in" / "news.jsonl",
               record("first", "Harbour strike", "Wire", "2024-05-01", text) +
                   record("latest", "Harbour strike", "Site", "2024-05-03", text) +
                   record("middle", "Harbour strike", "Blog", "2024-05-02", text) +
                   record("undated", "Harbour strike", "Feed", "", text) +
                   record("other", "Another story", "Wire", "2024-05-09", paragraphs(43, 3)));
    for (const unsigned shards : {1u, 2u}) {
        const fs::path index = dir / ("index-" + std::to_string(shards));
        build(index, {dir / "in"}, /*prune=*/false, shards);
        SearchService service(index);
        for (const bool facets : {false, true}) {
            SearchRequest request = everything();
            if (facets)
                request.facets = {"source"};
            const SearchResult result = service.search(request);
            ASSERT_EQ(result.total, 2u) << shards << " shards, facets " << facets;
            const auto hit = std::find_if(result.hits.begin(), result.hits.end(),
                                          [](const SearchHit& h) { return h.story.size == 4; });
            ASSERT_NE(hit, result.hits.end());
            EXPECT_EQ(hit->article.id, "latest") << shards << " shards, facets " << facets;
            EXPECT_EQ(hit->story.newest_id, "latest");
        }
    }
}

TEST(Stories, TheSeedCorpusHasNoCopies) {
    TempDir dir;
    const IndexingSummary summary = build(dir / "index", {corpus_dir()});
    EXPECT_EQ(summary.stories, 0u);
    SearchService service(dir / "index");
    SearchRequest request;
    request.query = "sanctions";
    request.limit = 50;
    const SearchResult stories = service.search(request);
    request.copies = true;
    const SearchResult articles = service.search(request);
    EXPECT_EQ(stories.total, articles.total);
    ASSERT_EQ(stories.hits.size(), articles.hits.size());
    for (std::size_t i = 0; i < stories.hits.size(); ++i) {
        EXPECT_EQ(stories.hits[i].article.id, articles.hits[i].article.id);
        EXPECT_EQ(stories.hits[i].story.size, 1u);
    }
}

}  // namespace
}  // namespace dossier
