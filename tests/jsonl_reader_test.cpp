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
    JsonlReader reader(dir / "a.jsonl", 1024);
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
    JsonlReader reader(dir / "a.jsonl", 4096);
    std::string line;
    EXPECT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(reader.next(line), JsonlReader::Status::too_long);
    EXPECT_EQ(reader.line_number(), 2);
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
    JsonlReader reader(dir / "a.jsonl", 4096);
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
    JsonlReader reader(path, 1024);
    std::string line;
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    ASSERT_EQ(reader.next(line), JsonlReader::Status::line);
    EXPECT_EQ(line, "{\"text\":\"second\"}");
    EXPECT_EQ(reader.next(line), JsonlReader::Status::end);
}

TEST(JsonlReader, MissingFileThrowsWithItsPath) {
    try {
        JsonlReader reader("/nonexistent/x.jsonl", 10);
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/x.jsonl"), std::string::npos);
    }
}

TEST(JsonlRecord, TakesKnownFieldsAndKeepsUnknownOnes) {
    const auto parsed = parse_jsonl_record(
        R"({"id":"r1","title":"T","date":"2006-10-23T18:42:00-04:00","source":"Reuters",)"
        R"("author":"Jane Roe","url":"http://x","text":"Body.","dateline":"NEW YORK","authors":["Jane Roe"]})",
        "fin.jsonl", 7);
    ASSERT_TRUE(std::holds_alternative<JsonlRecord>(parsed));
    const JsonlRecord& r = std::get<JsonlRecord>(parsed);
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
    ASSERT_TRUE(std::holds_alternative<JsonlRecord>(parsed));
    EXPECT_EQ(std::get<JsonlRecord>(parsed).article.id, "dir/a.jsonl:12");
    EXPECT_FALSE(std::get<JsonlRecord>(parsed).article.date.has_value());
}

TEST(JsonlRecord, DecodesHtmlCharacterReferencesInTitleAndText) {
    const auto parsed = parse_jsonl_record(
        R"({"id":"x","title":"Pap&#233; returns","text":"Pascal Pap&#233; of AT&amp;T &amp; R&D."})",
        "a.jsonl", 1);
    ASSERT_TRUE(std::holds_alternative<JsonlRecord>(parsed));
    EXPECT_EQ(std::get<JsonlRecord>(parsed).article.title, "Pap\u00e9 returns");
    EXPECT_EQ(std::get<JsonlRecord>(parsed).text, "Pascal Pap\u00e9 of AT&T & R&D.");
}

TEST(JsonlRecord, ExplainsWhyALineIsRejected) {
    auto reason = [](std::string_view line) {
        const auto parsed = parse_jsonl_record(line, "a.jsonl", 1);
        return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed)
                                                           : "accepted";
    };
    EXPECT_EQ(reason(R"({"title":"A headline alone"})"), "accepted");
    EXPECT_EQ(reason(R"({"source":"no text"})"), "no \"text\" field and no \"title\"");
    EXPECT_EQ(reason(R"({"text":null,"title":"  "})"), "no \"text\" field and no \"title\"");
    EXPECT_EQ(reason(R"({"text":42})"), "\"text\" is not a string");
    EXPECT_EQ(reason(R"([1,2])"), "not a JSON object");
    EXPECT_EQ(reason("{\"text\":\"caf\xE9\"}").substr(0, 17), "not valid UTF-8 (");
    EXPECT_EQ(reason(R"({"text": "unterminated)").substr(0, 13), "invalid JSON:");
    EXPECT_EQ(reason("{\"text\":\"x\",\"a\":" + std::string(65, '[') + std::string(65, ']') + "}"),
              "JSON nested deeper than 64 levels");
    // Brackets inside strings, escaped quotes among them, are not nesting.
    EXPECT_EQ(reason("{\"text\":\"" + std::string(100, '[') + "\\\"{{\",\"a\":[[1]]}"), "accepted");
}

TEST(JsonlRecord, FieldsOfTheWrongTypeAreReadAsTextOrLeftOutAndSaidSo) {
    const auto parsed = parse_jsonl_record(
        R"({"id":42,"text":"x","author":["Ann Lee","Bo Chan"],"title":{"main":"T"},"source":true})",
        "a.jsonl", 1);
    const JsonlRecord& r = std::get<JsonlRecord>(parsed);
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
    EXPECT_TRUE(std::get<JsonlRecord>(clean).warnings.empty());
}

TEST(JsonlRecord, OtherFieldsAreKeptUpToTheirBoundAndTheRestLeftOutWithAWarning) {
    const std::string big(kMaxExtraFieldBytes, 'z');
    const auto parsed = parse_jsonl_record(
        R"({"text":"x","lang":"en","page_dump":")" + big + R"(","section":"World"})", "a.jsonl", 1);
    const JsonlRecord& r = std::get<JsonlRecord>(parsed);
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
    const JsonlRecord& r = std::get<JsonlRecord>(parsed);
    EXPECT_FALSE(r.article.date.has_value());
    EXPECT_EQ(r.article.extra.at("date"), "sometime in spring");
}

}  // namespace
}  // namespace dossier
