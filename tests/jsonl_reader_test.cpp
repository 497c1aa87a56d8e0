#include "indexer/jsonl_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "test_support.h"

namespace dossier {
namespace {

using testing::TempDir;
using testing::write_file;

TEST(JsonlReader, ReadsLinesWithNumbersAndWithoutTerminators) {
    TempDir dir;
    write_file(dir / "a.jsonl", "{\"text\":\"one\"}\r\n\n{\"text\":\"three\"}");
    auto opened = JsonlReader::open(dir / "a.jsonl", 1024);
    ASSERT_TRUE(opened);
    JsonlReader& reader = **opened;
    std::string line;
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(line, "{\"text\":\"one\"}");
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(line, "");
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(line, "{\"text\":\"three\"}");
    EXPECT_EQ(reader.line_number(), 3);
    EXPECT_EQ(reader.next(line), JsonlReader::Status::end);
}

TEST(JsonlReader, SkipsAnOverlongLineWholeAndGoesOn) {
    TempDir dir;
    const std::string huge(1 << 20, 'x');  // longer than the buffer chunk and the limit
    write_file(dir / "a.jsonl", "{\"text\":\"a\"}\n" + huge + "\n{\"text\":\"c\"}\n");
    auto opened = JsonlReader::open(dir / "a.jsonl", 4096);
    ASSERT_TRUE(opened);
    JsonlReader& reader = **opened;
    std::string line;
    EXPECT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(reader.next(line), JsonlReader::Status::problem);
    EXPECT_EQ(reader.problem().reason, "line is over the limit of 4096 bytes (--max-line-mb)");
    EXPECT_EQ(reader.problem().line, 2);
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(line, "{\"text\":\"c\"}");
    EXPECT_EQ(reader.line_number(), 3);
}

TEST(JsonlReader, LinesAcrossReadChunkBoundariesComeBackWhole) {
    TempDir dir;
    std::string content;
    for (int i = 0; i < 40000; ++i)
        content += "{\"id\":\"" + std::to_string(i) + "\",\"text\":\"some text here\"}\n";
    ASSERT_GT(content.size(), 3u * (1u << 18));
    write_file(dir / "a.jsonl", content);
    auto opened = JsonlReader::open(dir / "a.jsonl", 4096);
    ASSERT_TRUE(opened);
    JsonlReader& reader = **opened;
    std::string line;
    int count = 0;
    while (reader.next(line) == JsonlReader::Status::line) {
        ASSERT_EQ(line, "{\"id\":\"" + std::to_string(count) + "\",\"text\":\"some text here\"}");
        ++count;
    }
    EXPECT_EQ(count, 40000);
}

TEST(JsonlReader, ReadsGzipCompressedFiles) {
    TempDir dir;
    const auto path = dir / "a.jsonl.gz";
    gzFile out = gzopen(path.c_str(), "wb");
    const std::string content = "{\"text\":\"first\"}\n{\"text\":\"second\"}\n";
    gzwrite(out, content.data(), static_cast<unsigned>(content.size()));
    gzclose(out);
    auto opened = JsonlReader::open(path, 1024);
    ASSERT_TRUE(opened);
    JsonlReader& reader = **opened;
    std::string line;
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(line, "{\"text\":\"second\"}");
    EXPECT_EQ(reader.next(line), JsonlReader::Status::end);
}

TEST(JsonlReader, AMissingFileIsAProblemOfTheWholeFile) {
    const auto opened = JsonlReader::open("/nonexistent/x.jsonl", 10);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.problem().reason, "cannot open: No such file or directory");
    EXPECT_EQ(opened.problem().location("/nonexistent/x.jsonl"), "/nonexistent/x.jsonl");
}

TEST(JsonlReader, AReadErrorIsAProblemOnTheLineBeingReadAndEndsTheFile) {
    TempDir dir;
    const auto path = dir / "a.jsonl.gz";
    gzFile out = gzopen(path.c_str(), "wb");
    const std::string first = "{\"text\":\"first\"}\n";
    gzwrite(out, first.data(), static_cast<unsigned>(first.size()));
    gzflush(out, Z_FULL_FLUSH);
    const std::string rest(100000, 'r');
    gzwrite(out, rest.data(), static_cast<unsigned>(rest.size()));
    gzclose(out);
    std::string bytes = testing::read_file(path);
    write_file(path, bytes.substr(0, bytes.size() - 20));  // the end of the stream is gone
    auto opened = JsonlReader::open(path, 1 << 20);
    ASSERT_TRUE(opened);
    JsonlReader& reader = **opened;
    std::string line;
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    ASSERT_EQ(reader.next(line), JsonlReader::Status::problem);
    EXPECT_EQ(reader.problem().line, 2);
    EXPECT_EQ(reader.problem().reason,
              "read error: the compressed data ends early (a truncated file); the rest of the "
              "file is skipped");
    EXPECT_EQ(reader.next(line), JsonlReader::Status::end);
}

TEST(JsonlRecord, TakesKnownFieldsAndKeepsUnknownOnes) {
    const auto parsed = parse_jsonl_record(
        R"({"id":"r1","title":"T","date":"2006-10-23T18:42:00-04:00","source":"Reuters",)"
        R"("author":"Jane Roe","url":"http://x","text":"Body.","dateline":"NEW YORK","authors":["Jane Roe"]})",
        "fin.jsonl", 7);
    ASSERT_TRUE(parsed);
    const JsonlRecord& r = (*parsed);
    EXPECT_EQ(r.article.id, "r1");
    EXPECT_EQ(r.article.title, "T");
    EXPECT_EQ(r.article.source, "Reuters");
    EXPECT_EQ(r.article.author, "Jane Roe");
    ASSERT_TRUE(r.article.date.has_value());
    EXPECT_EQ(r.article.date->iso(), "2006-10-23");
    EXPECT_EQ(r.article.date_origin, DateOrigin::json);
    EXPECT_EQ(r.article.origin_line, 7);
    EXPECT_EQ(r.text, "Body.");
    EXPECT_EQ(r.article.dateline, "NEW YORK");
    EXPECT_FALSE(r.article.extra.contains("dateline"));
    EXPECT_TRUE(r.article.extra.contains("authors"));
    EXPECT_FALSE(r.article.extra.contains("title"));
}

TEST(JsonlRecord, WithoutIdUsesPathAndLine) {
    const auto parsed = parse_jsonl_record(R"({"text":"Body."})", "dir/a.jsonl", 12);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->article.id, "dir/a.jsonl:12");
    EXPECT_FALSE(parsed->article.date.has_value());
}

TEST(JsonlRecord, DecodesHtmlCharacterReferencesInTitleAndText) {
    const auto parsed = parse_jsonl_record(
        R"({"id":"x","title":"Pap&#233; returns","text":"Pascal Pap&#233; of AT&amp;T &amp; R&D."})",
        "a.jsonl", 1);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->article.title, "Pap\u00e9 returns");
    EXPECT_EQ(parsed->text, "Pascal Pap\u00e9 of AT&T & R&D.");
}

TEST(JsonlRecord, ExplainsWhyALineIsRejected) {
    auto reason = [](std::string_view line) {
        const auto parsed = parse_jsonl_record(line, "a.jsonl", 1);
        return parsed ? std::string("accepted") : parsed.problem().reason;
    };
    EXPECT_EQ(reason(R"({"title":"A headline alone"})"), "accepted");
    EXPECT_EQ(reason(R"({"source":"no text"})"), "no \"text\" field and no \"title\"");
    EXPECT_EQ(reason(R"({"text":null,"title":"  "})"), "no \"text\" field and no \"title\"");
    EXPECT_EQ(reason(R"({"text":42})"), "\"text\" is not a string");
    EXPECT_EQ(reason(R"([1,2])"), "not a JSON object");
    EXPECT_EQ(reason("{\"text\":\"caf\xE9\"}").substr(0, 17), "not valid UTF-8 (");
    EXPECT_EQ(reason(R"({"text": "unterminated)").substr(0, 13), "invalid JSON:");
    // A number no double holds is an error of its own kind in the parser (found by fuzzing).
    EXPECT_EQ(reason(R"({"text":"x","n":1e999})").substr(0, 13), "invalid JSON:");
    EXPECT_EQ(reason("{\"text\":\"x\",\"a\":" + std::string(65, '[') + std::string(65, ']') + "}"),
              "JSON nested deeper than 64 levels");
    // Brackets inside strings, escaped quotes among them, are not nesting.
    EXPECT_EQ(reason("{\"text\":\"" + std::string(100, '[') + "\\\"{{\",\"a\":[[1]]}"), "accepted");
}

TEST(JsonlRecord, FieldsOfTheWrongTypeAreReadAsTextOrLeftOutAndSaidSo) {
    const auto parsed = parse_jsonl_record(
        R"({"id":42,"text":"x","author":["Ann Lee","Bo Chan"],"title":{"main":"T"},"source":true})",
        "a.jsonl", 1);
    const JsonlRecord& r = (*parsed);
    EXPECT_EQ(r.article.id, "42");
    EXPECT_EQ(r.article.author, "Ann Lee, Bo Chan");
    EXPECT_EQ(r.article.title, "");
    EXPECT_EQ(r.article.source, "true");
    EXPECT_EQ(r.warnings, (std::vector<std::string>{
                              "\"id\" is a number; read as the text 42",
                              "\"title\" is an object; left out",
                              "\"source\" is true or false; read as the text true",
                              "\"author\" is a list of text; read joined with \", \"",
                          }));
    const auto clean =
        parse_jsonl_record(R"({"id":"a","text":"x","author":"Ann Lee"})", "a.jsonl", 2);
    EXPECT_TRUE(clean->warnings.empty());
}

TEST(JsonlRecord, OtherFieldsAreKeptUpToTheirBoundAndTheRestLeftOutWithAWarning) {
    const std::string big(kMaxExtraFieldBytes, 'z');
    const auto parsed = parse_jsonl_record(
        R"({"text":"x","lang":"en","page_dump":")" + big + R"(","section":"World"})", "a.jsonl", 1);
    const JsonlRecord& r = (*parsed);
    EXPECT_EQ(r.article.extra.at("lang"), "en");
    EXPECT_EQ(r.article.extra.at("section"), "World");
    EXPECT_FALSE(r.article.extra.contains("page_dump"));
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0], "field \"page_dump\" is " + std::to_string(big.size() + 2) +
                                 " bytes; left out (other fields keep 65536 bytes at most)");
}

TEST(JsonlRecord, KeepsAnUnreadableDateAsAnExtraField) {
    const auto parsed =
        parse_jsonl_record(R"({"text":"x","date":"sometime in spring"})", "a.jsonl", 1);
    const JsonlRecord& r = (*parsed);
    EXPECT_FALSE(r.article.date.has_value());
    EXPECT_EQ(r.article.extra.at("date"), "sometime in spring");
}

}  // namespace
}  // namespace dossier
