// The two command-line tools as a user runs them: exit codes, messages, JSON.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>

#include "corpus_index.h"

namespace dossier {
namespace {

using testing::corpus_dir;
using testing::TempDir;
using testing::write_file;

struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

Outcome run_command(const std::string& command) {
    TempDir dir;
    const std::string err_file = (dir / "stderr").string();
    Outcome outcome;
    FILE* pipe = ::popen((command + " 2>'" + err_file + "'").c_str(), "r");
    std::array<char, 4096> buffer{};
    std::size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        outcome.out.append(buffer.data(), got);
    const int raw = ::pclose(pipe);
    outcome.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    outcome.err = testing::read_file(err_file);
    return outcome;
}

std::string quoted(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

const std::string kIndexer = DOSSIER_INDEX_BIN;
const std::string kSearch = DOSSIER_SEARCH_BIN;

TEST(IndexerCli, IndexesTheCorpusAndExitsZero) {
    TempDir dir;
    const auto outcome = run_command(kIndexer + " --quiet --json --index " + quoted(dir / "ix") +
                                     " " + quoted(corpus_dir()));
    ASSERT_EQ(outcome.status, 0) << outcome.err;
    const auto summary = nlohmann::json::parse(outcome.out);
    EXPECT_EQ(summary["articles"], 4);
    EXPECT_GT(summary["passages"].get<int>(), 20);
    EXPECT_EQ(summary["skipped"]["count"], 0);
    EXPECT_TRUE(summary["mb_per_second"].is_number());
}

TEST(IndexerCli, SkippedInputsGiveExitOneAndPathLineReasons) {
    TempDir dir;
    write_file(dir / "in" / "feed.jsonl", "{\"text\":\"Fine text about NATO.\"}\n{oops\n");
    const auto outcome =
        run_command(kIndexer + " --quiet --index " + quoted(dir / "ix") + " " + quoted(dir / "in"));
    EXPECT_EQ(outcome.status, 1);
    EXPECT_NE(outcome.err.find((dir / "in" / "feed.jsonl").string() + ":2: invalid JSON"),
              std::string::npos)
        << outcome.err;
}

TEST(IndexerCli, FatalErrorsGiveExitTwo) {
    TempDir dir;
    const auto missing = run_command(kIndexer + " --quiet --index " + quoted(dir / "ix") + " " +
                                     quoted(dir / "nothing"));
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("no such file or directory"), std::string::npos) << missing.err;
    const auto bad_flag = run_command(kIndexer + " --index " + quoted(dir / "ix") +
                                      " --threads 0 " + quoted(corpus_dir()));
    EXPECT_EQ(bad_flag.status, 2);
    write_file(dir / "not-a-dir", "x");
    const auto unwritable = run_command(kIndexer + " --quiet --index " + quoted(dir / "not-a-dir") +
                                        " " + quoted(corpus_dir()));
    EXPECT_EQ(unwritable.status, 2);
    EXPECT_NE(unwritable.err.find("not-a-dir"), std::string::npos) << unwritable.err;
}

TEST(IndexerCli, AKilledRunLeavesAReadableIndexThatTheNextRunCompletes) {
    TempDir dir;
    // A corpus large enough that the run is still going when it is killed.
    std::string lines;
    for (int i = 0; i < 20000; ++i) {
        lines +=
            "{\"id\":\"a" + std::to_string(i) + "\",\"title\":\"Story " + std::to_string(i) +
            "\",\"text\":\"NATO and Russia held talks on June 24, 2020 in Moscow about sanctions. "
            "The meeting number " +
            std::to_string(i) + " ended without an agreement.\"}\n";
    }
    write_file(dir / "big.jsonl", lines);
    const std::string index_run = kIndexer + " --quiet --commit-every 2000 --index " +
                                  quoted(dir / "ix") + " " + quoted(dir / "big.jsonl");
    // Killed early, but not before it wrote its shard list: later on a slow
    // machine (a sanitizer build under load needs more than a second to get
    // there), rather than a test that kills a run which had not begun.
    for (const char* after : {"0.7", "2", "5"}) {
        run_command(std::string("timeout -s KILL ") + after + " " + index_run);
        if (std::filesystem::exists(dir / "ix" / "XAPIANDB"))
            break;
    }
    // Whatever was committed is a valid database.
    std::istringstream stub(testing::read_file(dir / "ix" / "XAPIANDB"));
    std::string backend, shard;
    std::size_t checked = 0;
    while (stub >> backend >> shard) {
        EXPECT_EQ(std::system(
                      ("xapian-check " + quoted(dir / "ix" / shard) + " >/dev/null 2>&1").c_str()),
                  0)
            << shard;
        ++checked;
    }
    EXPECT_GT(checked, 0u) << "the shard list is written before any article";
    const auto rerun = run_command(index_run + " --json");
    ASSERT_EQ(rerun.status, 0) << rerun.err;
    EXPECT_EQ(nlohmann::json::parse(rerun.out)["index_articles"], 20000);
    EXPECT_EQ(nlohmann::json::parse(rerun.out)["index_passages"], 20000);
}

class SearchCli : public ::testing::Test {
  protected:
    std::string search(const std::string& args) {
        return kSearch + " --index " + quoted(testing::CorpusIndex::path()) + " " + args;
    }
};

TEST_F(SearchCli, ExitCodesFollowGrep) {
    EXPECT_EQ(run_command(search("sanctions")).status, 0);
    EXPECT_EQ(run_command(search("zzzunknownword")).status, 1);
    const auto bad = run_command(search("--facets colour china"));
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("unknown facet \"colour\""), std::string::npos);
    const auto bad_date = run_command(search("--from 2024-02-30x china"));
    EXPECT_EQ(bad_date.status, 2);
    EXPECT_NE(bad_date.err.find("--from"), std::string::npos);
    const auto no_index = run_command(kSearch + " --index /nonexistent china");
    EXPECT_EQ(no_index.status, 2);
    EXPECT_NE(no_index.err.find("dossier-index --index /nonexistent"), std::string::npos);
}

TEST_F(SearchCli, ARelaxedSearchSaysSoAndExitsZero) {
    // "zebracornish" is in no article: no article has all three words.
    const auto relaxed = run_command(search("sanctions navy zebracornish"));
    EXPECT_EQ(relaxed.status, 0) << relaxed.err;
    EXPECT_NE(relaxed.out.find("No article has all 3 words; showing stories with any of them"),
              std::string::npos)
        << relaxed.out;
    // One article names Shoigu, every article China: it says how many have both.
    const auto few = run_command(search("China Shoigu"));
    EXPECT_NE(few.out.find("Only 1 story has all 2 words; showing stories with any of them"),
              std::string::npos)
        << few.out;
    EXPECT_EQ(run_command(search("--all-words sanctions navy zebracornish")).status, 1);
}

TEST_F(SearchCli, JsonIsOneObjectAndJsonlOneHitPerLine) {
    const auto json = run_command(search("--json --limit 3 china"));
    ASSERT_EQ(json.status, 0);
    const auto parsed = nlohmann::json::parse(json.out);
    EXPECT_EQ(parsed["hits"].size(), 3u);
    const auto jsonl = run_command(search("--jsonl --limit 3 china"));
    std::size_t lines = 0;
    std::size_t start = 0;
    while (start < jsonl.out.size()) {
        const std::size_t end = jsonl.out.find('\n', start);
        const auto hit = nlohmann::json::parse(jsonl.out.substr(start, end - start));
        EXPECT_EQ(hit["article"]["id"], parsed["hits"][lines]["article"]["id"]);
        EXPECT_EQ(hit["passages"], parsed["hits"][lines]["passages"]);
        EXPECT_FALSE(hit["passages"].empty());
        ++lines;
        start = end + 1;
    }
    EXPECT_EQ(lines, 3u);
}

TEST_F(SearchCli, HumanOutputShowsAttributionWithoutColourWhenPiped) {
    const auto outcome = run_command(search("--limit 2 lavrov"));
    ASSERT_EQ(outcome.status, 0);
    EXPECT_NE(outcome.out.find("002_5bee35d626bb8c1b.txt:"), std::string::npos) << outcome.out;
    EXPECT_EQ(outcome.out.find("\x1b["), std::string::npos);
    EXPECT_NE(run_command(search("--color always --limit 2 lavrov")).out.find("\x1b[1m"),
              std::string::npos);
}

TEST_F(SearchCli, ShowAndArticlePrintPassagesAndTellUnknownIds) {
    const auto shown = run_command(search("--show 002_5bee35d626bb8c1b@1"));
    EXPECT_EQ(shown.status, 0);
    EXPECT_NE(shown.out.find("002_5bee35d626bb8c1b.txt"), std::string::npos);
    const auto unknown = run_command(search("--show nope@1"));
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.err.find("no passage with id"), std::string::npos);
    const auto article = run_command(search("--json --article 003_a9a4a9c0d7962cea"));
    ASSERT_EQ(article.status, 0);
    EXPECT_GT(nlohmann::json::parse(article.out)["passages"].size(), 3u);
}

// The three-copy story of the HTTP fixtures, indexed on its own.
TEST(SearchCliStories, AStoryPrintsItsCopiesAndTheirSourcesOldestFirst) {
    TempDir dir;
    const std::filesystem::path fixture =
        std::filesystem::path(DOSSIER_SOURCE_DIR) / "tests" / "data" / "http" / "copies.jsonl";
    ASSERT_EQ(
        run_command(kIndexer + " --quiet --index " + quoted(dir / "ix") + " " + quoted(fixture))
            .status,
        0);
    const std::string search = kSearch + " --index " + quoted(dir / "ix") + " ";
    const auto hits = run_command(search + "tugboatmen");
    ASSERT_EQ(hits.status, 0) << hits.err;
    EXPECT_EQ(hits.out.rfind("1 story", 0), 0u) << hits.out;
    // Under the hit, the sources of its two other copies, each once.
    const std::size_t copies = hits.out.find("and 2 copies (");
    ASSERT_NE(copies, std::string::npos) << hits.out;
    const std::string line = hits.out.substr(copies, hits.out.find('\n', copies) - copies);
    EXPECT_NE(line.find("Harbour Wire"), std::string::npos) << line;
    EXPECT_EQ(line.find("Harbour Wire"), line.rfind("Harbour Wire")) << line;
    const auto articles = run_command(search + "--copies --json tugboatmen");
    ASSERT_EQ(articles.status, 0);
    const auto json = nlohmann::json::parse(articles.out);
    EXPECT_EQ(json["total"], 3);
    EXPECT_EQ(json["counts"], "articles");
    const auto story = run_command(search + "--story ferry-repost");
    ASSERT_EQ(story.status, 0) << story.err;
    const std::size_t wire = story.out.find("ferry-wire");
    const std::size_t update = story.out.find("ferry-update");
    ASSERT_NE(wire, std::string::npos) << story.out;
    ASSERT_NE(update, std::string::npos) << story.out;
    EXPECT_LT(wire, update) << "oldest first";
    EXPECT_NE(story.out.find("newest"), std::string::npos);
    const auto unknown = run_command(search + "--story no-such-article");
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.err.find("no article with id"), std::string::npos);
}

}  // namespace
}  // namespace dossier
