// Hostile inputs to dossier-index, one case each: every one is reported with
// its documented message (docs/indexing.md, "Updates, errors, exit status"),
// or read as documented, and the good article beside it is indexed all the
// same. docs/reliability.md counts these cases.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>
#include <zlib.h>

#include <sstream>

#include "common/schema.h"
#include "common/stored_article.h"
#include "indexer/indexing_run.h"
#include "test_support.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::corpus_dir;
using testing::TempDir;
using testing::write_file;

// The good article every case is indexed beside.
constexpr const char* kGoodPage = "002_5bee35d626bb8c1b.txt";

struct Outcome {
    IndexingSummary summary;
    std::string messages;
    // Titles of the articles in the index, sorted.
    std::vector<std::string> titles;
};

// Indexes `in` (which already holds the hostile input) with the good page beside it.
Outcome index_with_good_page(const TempDir& dir, const fs::path& in) {
    fs::create_directories(in);
    fs::copy_file(corpus_dir() / kGoodPage, in / "good.txt", fs::copy_options::skip_existing);
    IndexingOptions options;
    options.index_directory = dir / "index";
    options.inputs = {in};
    options.threads = 2;
    options.today = CivilDate{2026, 11, 23};
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    Outcome out;
    out.summary = run_indexing(options, quiet, messages);
    out.messages = messages.str();
    Xapian::Database db((dir / "index").string());
    const RecordCompressor records = record_compressor(db);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
        out.titles.push_back(read_stored_article(db.get_document(*it), records).article.title);
    std::sort(out.titles.begin(), out.titles.end());
    return out;
}

bool has_good_article(const Outcome& out) {
    return std::find(out.titles.begin(), out.titles.end(),
                     "China & Russia Seek Closer Security Cooperation Amidst Growing American "
                     "Influence") != out.titles.end();
}

#define EXPECT_SAYS(outcome, text) \
    EXPECT_NE((outcome).messages.find(text), std::string::npos) << (outcome).messages

TEST(HostileInput, InvalidUtf8PageIsSkippedByItsLine) {
    TempDir dir;
    write_file(dir / "in" / "latin1.txt", "A title\nCaf\xE9 au lait\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_SAYS(out, (dir / "in" / "latin1.txt").string() + ":2: not valid UTF-8");
    EXPECT_EQ(out.summary.articles, 1u);
    EXPECT_TRUE(has_good_article(out));
}

TEST(HostileInput, NulBytesMakeAPageBinaryAndAJsonLineBinaryData) {
    TempDir dir;
    write_file(dir / "in" / "nul.txt", std::string("A title\nText with a \0 inside.\n", 30));
    write_file(dir / "in" / "nul.jsonl", std::string("{\"id\":\"n\",\"text\":\"a\0b\"}\n", 24) +
                                             "{\"id\":\"ok\",\"text\":\"Fine text.\"}\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_SAYS(out, (dir / "in" / "nul.txt").string() + ":2: binary file");
    EXPECT_SAYS(out, (dir / "in" / "nul.jsonl").string() + ":1: binary data (NUL byte)");
    EXPECT_EQ(out.summary.articles, 2u) << out.messages;  // good.txt and the second JSON line
    EXPECT_TRUE(has_good_article(out));
}

TEST(HostileInput, AFiftyMegabyteLineIsSkippedWholeAndTheNextLineIsRead) {
    TempDir dir;
    fs::create_directories(dir / "in");
    std::ofstream feed(dir / "in" / "wide.jsonl", std::ios::binary);
    feed << "{\"id\":\"wide\",\"text\":\"" << std::string(50u << 20, 'w') << "\"}\n"
         << "{\"id\":\"after\",\"title\":\"After The Wide Line\",\"text\":\"Read on.\"}\n";
    feed.close();
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_SAYS(out, (dir / "in" / "wide.jsonl").string() + ":1: line is over the limit");
    EXPECT_EQ(out.summary.articles, 2u);
    EXPECT_NE(std::find(out.titles.begin(), out.titles.end(), "After The Wide Line"),
              out.titles.end());
}

TEST(HostileInput, APageOverTheFileLimitIsSkippedBeforeItIsRead) {
    TempDir dir;
    write_file(dir / "in" / "huge.txt", "Title\n" + std::string((16u << 20) + 1, 'h') + "\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_SAYS(out, (dir / "in" / "huge.txt").string() + ": file of");
    EXPECT_SAYS(out, "(--max-file-mb)");
    EXPECT_EQ(out.summary.articles, 1u);
}

TEST(HostileInput, TruncatedAndNonObjectJsonLinesAreSkippedEachByItsLine) {
    TempDir dir;
    write_file(dir / "in" / "feed.jsonl",
               "[1, 2]\n"
               "\"a string\"\n"
               "42\n"
               "null\n"
               "{\"id\":\"ok\",\"text\":\"Fine.\"}\n"
               "{\"id\":\"cut\",\"text\":\"The file ends in the mid");
    const Outcome out = index_with_good_page(dir, dir / "in");
    const std::string feed = (dir / "in" / "feed.jsonl").string();
    for (int line = 1; line <= 4; ++line)
        EXPECT_SAYS(out, feed + ":" + std::to_string(line) + ": not a JSON object");
    EXPECT_SAYS(out, feed + ":6: invalid JSON");
    EXPECT_EQ(out.summary.articles, 2u);
}

TEST(HostileInput, AWholeJsonArrayInsteadOfLinesIsOneBadLineNotACrash) {
    TempDir dir;
    write_file(dir / "in" / "array.jsonl",
               "[{\"id\":\"a\",\"text\":\"x\"},\n{\"id\":\"b\",\"text\":\"y\"}]\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    const std::string feed = (dir / "in" / "array.jsonl").string();
    EXPECT_SAYS(out, feed + ":1: invalid JSON");
    EXPECT_SAYS(out, feed + ":2: invalid JSON");
    EXPECT_EQ(out.summary.articles, 1u);
}

TEST(HostileInput, FieldsOfTheWrongTypeAreWarnedAndTheRecordIndexed) {
    TempDir dir;
    write_file(dir / "in" / "typed.jsonl",
               "{\"id\":7,\"title\":[\"Two\",\"Parts\"],\"text\":\"Text.\",\"date\":{\"y\":1}}\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    const std::string at = (dir / "in" / "typed.jsonl").string() + ":1: warning: ";
    EXPECT_SAYS(out, at + "\"id\" is a number; read as the text 7");
    EXPECT_SAYS(out, at + "\"title\" is a list of text; read joined with \", \"");
    EXPECT_SAYS(out, at + "\"date\" is an object; left out");
    EXPECT_EQ(out.summary.warnings, 3u);
    EXPECT_TRUE(out.summary.skipped.empty());
    EXPECT_NE(std::find(out.titles.begin(), out.titles.end(), "Two, Parts"), out.titles.end());
}

TEST(HostileInput, DeeplyNestedJsonIsSkippedByItsLine) {
    TempDir dir;
    write_file(dir / "in" / "deep.jsonl", "{\"text\":\"x\",\"a\":" + std::string(200000, '[') +
                                              std::string(200000, ']') + "}\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_SAYS(out,
                (dir / "in" / "deep.jsonl").string() + ":1: JSON nested deeper than 64 levels");
    EXPECT_EQ(out.summary.articles, 1u);
}

TEST(HostileInput, CrlfAndLoneCrLineEndsSplitLinesLikeNewlines) {
    TempDir dir;
    const std::string paragraph =
        "NATO leaders met in Brussels on Tuesday to discuss the war and agreed on new aid for "
        "the coming year, officials said after the meeting ended late in the evening.";
    write_file(dir / "in" / "crlf.txt",
               "Leaders Meet In Brussels On Aid\r\n\r\n" + paragraph + "\r\n");
    write_file(dir / "in" / "cr.txt", "Ministers Meet In Vienna On Gas\r\r" + paragraph + "\r");
    write_file(dir / "in" / "crlf.jsonl",
               "{\"id\":\"w\",\"title\":\"Windows Line\",\"text\":\"x\"}\r\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_TRUE(out.summary.skipped.empty()) << out.messages;
    EXPECT_EQ(out.summary.articles, 4u);
    for (const char* title :
         {"Leaders Meet In Brussels On Aid", "Ministers Meet In Vienna On Gas", "Windows Line"}) {
        EXPECT_NE(std::find(out.titles.begin(), out.titles.end(), title), out.titles.end())
            << title;
    }
}

TEST(HostileInput, SymbolicLinkLoopsEndTheWalkAndAreReportedWhenNamedLikeInputs) {
    TempDir dir;
    fs::create_directories(dir / "in" / "sub");
    fs::create_directory_symlink(dir / "in", dir / "in" / "sub" / "back-up");  // a directory loop
    fs::create_symlink(dir / "in" / "b.txt", dir / "in" / "a.txt");            // a file loop
    fs::create_symlink(dir / "in" / "a.txt", dir / "in" / "b.txt");
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_SAYS(out, (dir / "in" / "a.txt").string() + ": cannot read");
    EXPECT_SAYS(out, (dir / "in" / "b.txt").string() + ": cannot read");
    EXPECT_EQ(out.summary.articles, 1u);
    EXPECT_TRUE(has_good_article(out));
}

TEST(HostileInput, UnreadableFilesAndDirectoriesAreReportedAndTheRestIndexed) {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in / "closed");
    fs::copy_file(corpus_dir() / kGoodPage, in / "good.txt");
    fs::copy_file(corpus_dir() / "001_0c49961f96213048.txt", in / "locked.txt");
    fs::copy_file(corpus_dir() / "003_a9a4a9c0d7962cea.txt", in / "closed" / "c.txt");
    write_file(in / "locked.jsonl", "{\"id\":\"l\",\"text\":\"x\"}\n");
    testing::hand_to_unprivileged(dir.path());
    const std::string messages = testing::without_root([&] {
        fs::permissions(in / "locked.txt", fs::perms::none);
        fs::permissions(in / "locked.jsonl", fs::perms::none);
        fs::permissions(in / "closed", fs::perms::none);
        const Outcome out = index_with_good_page(dir, in);
        fs::permissions(in / "closed", fs::perms::owner_all);
        return out.messages + "articles " + std::to_string(out.summary.articles);
    });
    EXPECT_NE(messages.find((in / "locked.txt").string() + ": cannot read: Permission denied"),
              std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "locked.jsonl").string() + ": cannot open"), std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "closed").string() + ": cannot list: Permission denied"),
              std::string::npos)
        << messages;
    EXPECT_TRUE(messages.ends_with("articles 1")) << messages;
}

TEST(HostileInput, ATruncatedGzipFileIsReportedAndItsWholeLinesKept) {
    TempDir dir;
    fs::create_directories(dir / "in");
    const std::string path = (dir / "in" / "feed.jsonl.gz").string();
    gzFile gz = gzopen(path.c_str(), "wb");
    const std::string first = "{\"id\":\"g1\",\"title\":\"First Gzip Line\",\"text\":\"x\"}\n";
    gzwrite(gz, first.data(), static_cast<unsigned>(first.size()));
    gzflush(gz, Z_FULL_FLUSH);  // the first line is whole in the bytes kept below
    const std::size_t kept = testing::read_file(path).size();
    std::string rest;
    for (int i = 0; i < 2000; ++i)
        rest += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"line " +
                std::to_string(i * 7919) + "\"}\n";
    gzwrite(gz, rest.data(), static_cast<unsigned>(rest.size()));
    gzclose(gz);
    const std::string bytes = testing::read_file(path);
    write_file(path, bytes.substr(0, kept + (bytes.size() - kept) / 2));  // cut inside the rest
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_SAYS(out,
                "read error: the compressed data ends early (a truncated file); the rest "
                "of the file is skipped");
    EXPECT_NE(std::find(out.titles.begin(), out.titles.end(), "First Gzip Line"), out.titles.end());
    EXPECT_EQ(out.summary.skipped.size(), 1u) << out.messages;
}

TEST(HostileInput, AnOverlongBadJsonLineIsQuotedBrieflyInItsReason) {
    TempDir dir;
    // Unterminated: the parser quotes everything it read of the string.
    write_file(dir / "in" / "feed.jsonl", "{\"text\": \"" + std::string(100000, 'x') + "\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    ASSERT_EQ(out.summary.skipped.size(), 1u);
    EXPECT_EQ(out.summary.skipped[0].reason.rfind("invalid JSON: ", 0), 0u);
    EXPECT_LE(out.summary.skipped[0].reason.size(), 220u);
    EXPECT_TRUE(out.summary.skipped[0].reason.ends_with("...")) << out.summary.skipped[0].reason;
}

TEST(HostileInput, AByteOrderMarkIsNotPartOfAPageTitle) {
    TempDir dir;
    write_file(dir / "in" / "bom.txt",
               "\xEF\xBB\xBFWith A Byte Order Mark\n\nThe page starts with a byte order mark and "
               "then tells a story long enough to count as a paragraph of news text.\n");
    const Outcome out = index_with_good_page(dir, dir / "in");
    EXPECT_NE(std::find(out.titles.begin(), out.titles.end(), "With A Byte Order Mark"),
              out.titles.end());
}

}  // namespace
}  // namespace dossier
