#include "indexer/indexing_run.h"

#include <gtest/gtest.h>
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "common/schema.h"
#include "common/stored_article.h"
#include "common/text.h"
#include "indexer/index_writer.h"
#include "test_support.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::corpus_dir;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

IndexingOptions options_for(const fs::path& index, std::vector<fs::path> inputs) {
    IndexingOptions options;
    options.index_directory = index;
    options.inputs = std::move(inputs);
    options.threads = 2;
    options.today = CivilDate{2026, 11, 23};
    return options;
}

IndexingSummary index(const IndexingOptions& options, std::string* diagnostics = nullptr) {
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    IndexingSummary summary = run_indexing(options, quiet, messages);
    if (diagnostics)
        *diagnostics = messages.str();
    return summary;
}

// A passage as the index stores it, with its article: every passage of every
// article document, in docid order.
struct IndexedPassage {
    Article article;
    std::string passage_id;
    AnnotatedPassage passage;
};

std::vector<IndexedPassage> all_passages(const fs::path& index_dir) {
    Xapian::Database db(index_dir.string());
    const RecordCompressor records = record_compressor(db);
    std::vector<IndexedPassage> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const StoredArticle stored = read_stored_article(db.get_document(*it), records);
        for (const StoredPassage& sp : stored.passages) {
            out.push_back({stored.article,
                           schema::passage_id(stored.article.id, sp.passage.passage.ordinal),
                           sp.passage});
        }
    }
    return out;
}

Xapian::doccount count_term(const fs::path& index_dir, std::string_view prefix,
                            std::string_view value) {
    const std::string term = prefix == schema::kArticleIdPrefix
                                 ? schema::article_term(value)
                                 : schema::boolean_term(prefix, value);
    return Xapian::Database(index_dir.string()).get_termfreq(term);
}

void copy_corpus_pages(const fs::path& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(corpus_dir())) {
        if (entry.path().extension() == ".txt")
            fs::copy_file(entry.path(), to / entry.path().filename());
    }
}

TEST(IndexingRun, EveryCorpusPassageLocationHoldsExactlyItsText) {
    TempDir dir;
    const IndexingSummary summary = index(options_for(dir / "index", {corpus_dir()}));
    EXPECT_EQ(summary.articles, 4u);
    EXPECT_TRUE(summary.skipped.empty());
    const auto passages = all_passages(dir / "index");
    ASSERT_EQ(passages.size(), summary.passages);
    ASSERT_GE(passages.size(), 20u);
    for (const IndexedPassage& p : passages) {
        const std::string file = read_file(corpus_dir() / p.article.origin_path);
        const Passage& passage = p.passage.passage;
        ASSERT_LE(passage.byte_end, file.size()) << p.passage_id;
        EXPECT_EQ(file.substr(passage.byte_begin, passage.byte_end - passage.byte_begin),
                  passage.text)
            << p.passage_id;
        const text::LineIndex lines(file);
        EXPECT_EQ(lines.line_of(passage.byte_begin), passage.line_first) << p.passage_id;
        EXPECT_EQ(lines.line_of(passage.byte_end - 1), passage.line_last) << p.passage_id;
    }
}

TEST(IndexingRun, StoresArticleMetadataAndFacetTerms) {
    TempDir dir;
    index(options_for(dir / "index", {corpus_dir()}));
    EXPECT_GT(count_term(dir / "index", schema::kDatePrefix, "20241210"), 0u);
    EXPECT_GT(count_term(dir / "index", schema::kYearPrefix, "2024"), 0u);
    EXPECT_GT(count_term(dir / "index", schema::kActorPrefix, "china"), 0u);
    EXPECT_GT(count_term(dir / "index", schema::kMentionedYearPrefix, "2020"), 0u);
    Xapian::Database db((dir / "index").string());
    EXPECT_FALSE(db.get_metadata(std::string(schema::kMetaGazetteer)).empty());
    EXPECT_EQ(db.get_metadata(std::string(schema::kMetaSchemaVersion)),
              std::to_string(schema::kSchemaVersion));
    // The words are stemmed with positions: a phrase query over stems matches.
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    Xapian::Enquire enquire(db);
    enquire.set_query(parser.parse_query("\"strategic security consultations\""));
    EXPECT_GT(enquire.get_mset(0, 10).size(), 0u);
}

TEST(IndexingRun, RerunOnTheSameInputChangesNothing) {
    TempDir dir;
    const auto first = index(options_for(dir / "index", {corpus_dir()}));
    const auto before = all_passages(dir / "index");
    const auto second = index(options_for(dir / "index", {corpus_dir()}));
    EXPECT_EQ(second.files_unchanged, 4u);
    EXPECT_EQ(second.articles, 0u);
    EXPECT_EQ(second.index_passages, first.index_passages);
    const auto after = all_passages(dir / "index");
    ASSERT_EQ(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i)
        EXPECT_EQ(after[i].passage_id, before[i].passage_id);
}

TEST(IndexingRun, AChangedFileReplacesItsArticle) {
    TempDir dir;
    copy_corpus_pages(dir / "pages");
    index(options_for(dir / "index", {dir / "pages"}));
    const auto article = "002_5bee35d626bb8c1b";
    ASSERT_EQ(count_term(dir / "index", schema::kArticleIdPrefix, article), 1u);
    std::size_t passages_before = 0;
    for (const IndexedPassage& p : all_passages(dir / "index"))
        passages_before += p.article.id == article;
    const fs::path page = dir / "pages" / "002_5bee35d626bb8c1b.txt";
    write_file(page, read_file(page) +
                         "\nA new closing paragraph mentions the zyzzyva, a weevil, so that the "
                         "changed article can be found by a word it did not have before. It runs "
                         "long enough to stand as a passage of its own in the index.\n");
    const auto summary = index(options_for(dir / "index", {dir / "pages"}));
    EXPECT_EQ(summary.files_indexed, 1u);
    EXPECT_EQ(summary.files_unchanged, 3u);
    EXPECT_EQ(summary.articles_removed, 1u);
    EXPECT_EQ(count_term(dir / "index", schema::kArticleIdPrefix, article), 1u);
    std::size_t passages_after = 0;
    for (const IndexedPassage& p : all_passages(dir / "index"))
        passages_after += p.article.id == article;
    EXPECT_EQ(passages_after, summary.passages);
    EXPECT_GT(passages_after, passages_before);
    Xapian::Database db((dir / "index").string());
    EXPECT_EQ(db.get_termfreq("Zzyzzyva"), 1u);
}

TEST(IndexingRun, PruneRemovesArticlesWhoseFilesAreGone) {
    TempDir dir;
    copy_corpus_pages(dir / "pages");
    index(options_for(dir / "index", {dir / "pages"}));
    fs::remove(dir / "pages" / "003_a9a4a9c0d7962cea.txt");
    auto without_prune = index(options_for(dir / "index", {dir / "pages"}));
    EXPECT_EQ(count_term(dir / "index", schema::kArticleIdPrefix, "003_a9a4a9c0d7962cea"), 1u);
    auto options = options_for(dir / "index", {dir / "pages"});
    options.prune = true;
    const auto pruned = index(options);
    EXPECT_EQ(pruned.files_pruned, 1u);
    EXPECT_EQ(count_term(dir / "index", schema::kArticleIdPrefix, "003_a9a4a9c0d7962cea"), 0u);
    EXPECT_EQ(pruned.articles_removed, 1u);
    EXPECT_EQ(pruned.index_articles + 1, without_prune.index_articles);
    EXPECT_LT(pruned.index_passages, without_prune.index_passages);
}

TEST(IndexingRun, ReportsBadInputsWithPathAndLineAndIndexesTheRest) {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    fs::copy_file(corpus_dir() / "002_5bee35d626bb8c1b.txt", in / "good.txt");
    write_file(in / "binary.txt", std::string("PK\x03\x04\0\0\x01", 7));
    write_file(in / "latin1.txt", "Caf\xE9 au lait\nsecond line\n");
    write_file(in / "empty.txt", "");
    write_file(in / "notes.md", "ignored: not an input kind");
    write_file(
        in / "feed.jsonl",
        "{\"id\":\"a\",\"title\":\"Fine\",\"text\":\"NATO met in Brussels on June 24, 2020.\"}\n"
        "{\"id\":\"b\",\"text\": broken}\n"
        "{\"id\":\"c\",\"source\":\"Neither text nor title\"}\n" +
            std::string(3000, 'x') + "\n" +
            "{\"id\":\"a\",\"text\":\"A duplicate id.\"}\n"
            "{\"id\":\"e\",\"text\":\"Putin spoke.\"}\n");
    auto options = options_for(dir / "index", {in});
    options.max_line_bytes = 2048;
    std::string messages;
    const auto summary = index(options, &messages);
    EXPECT_EQ(summary.articles, 3u);  // good.txt, feed a and e
    EXPECT_EQ(summary.files_ignored, 1u);
    const std::string feed = (in / "feed.jsonl").string();
    EXPECT_NE(messages.find(feed + ":2: invalid JSON"), std::string::npos) << messages;
    EXPECT_NE(messages.find(feed + ":3: no \"text\" field and no \"title\""), std::string::npos)
        << messages;
    EXPECT_NE(messages.find(feed + ":4: line is over the limit"), std::string::npos) << messages;
    EXPECT_NE(messages.find("feed.jsonl:5: duplicate article id \"a\""), std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "binary.txt").string() + ":1: binary file"), std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "latin1.txt").string() + ":1: not valid UTF-8"),
              std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "empty.txt").string() + ": empty file"), std::string::npos)
        << messages;
    EXPECT_EQ(summary.skipped.size(), 7u);
    EXPECT_EQ(summary.skipped_by_reason.at("invalid JSON"), 1u);
}

TEST(IndexingRun, ReportsUnreadableAndOversizedInputs) {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    fs::copy_file(corpus_dir() / "002_5bee35d626bb8c1b.txt", in / "good.txt");
    fs::create_symlink(dir / "gone.txt", in / "dangling.txt");
    fs::create_symlink(dir / "gone.jsonl", in / "dangling.jsonl");
    write_file(in / "huge.txt", std::string(5000, 'a') + "\n");
    write_file(in / "wide.txt", "Short first line.\n" + std::string(3000, 'b') + "\n");
    auto options = options_for(dir / "index", {in});
    options.max_file_bytes = 4096;
    options.max_line_bytes = 2048;
    std::string messages;
    const auto summary = index(options, &messages);
    EXPECT_EQ(summary.articles, 1u);
    EXPECT_NE(messages.find((in / "dangling.txt").string() + ": cannot read"), std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "dangling.jsonl").string() + ": cannot open"), std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "huge.txt").string() + ": file of"), std::string::npos)
        << messages;
    EXPECT_NE(messages.find((in / "wide.txt").string() + ":2: line of 3000 bytes"),
              std::string::npos)
        << messages;
}

TEST(IndexingRun, AJsonLineNestedTooDeepIsSkippedByItsLineAndTheRestIsIndexed) {
    TempDir dir;
    // 100,000 levels: parsed and stored, such a value overflowed the stack.
    const std::string deep =
        "{\"id\":\"deep\",\"text\":\"x\",\"extra\":" + std::string(100000, '[') +
        std::string(100000, ']') + "}";
    write_file(dir / "in" / "feed.jsonl",
               "{\"id\":\"a\",\"text\":\"NATO met in Brussels.\"}\n" + deep +
                   "\n{\"id\":\"b\",\"text\":\"Brackets [[[[ in text are words.\"}\n");
    std::string messages;
    const auto summary = index(options_for(dir / "index", {dir / "in"}), &messages);
    EXPECT_EQ(summary.articles, 2u);
    EXPECT_NE(messages.find("feed.jsonl:2: JSON nested deeper than 64 levels"), std::string::npos)
        << messages;
    EXPECT_EQ(count_term(dir / "index", schema::kArticleIdPrefix, "deep"), 0u);
    EXPECT_EQ(count_term(dir / "index", schema::kArticleIdPrefix, "b"), 1u);
}

TEST(IndexingRun, AnUnreadableDirectoryIsReportedAndPruneKeepsItsArticles) {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in / "open");
    fs::create_directories(in / "closed");
    fs::copy_file(corpus_dir() / "002_5bee35d626bb8c1b.txt", in / "open" / "a.txt");
    fs::copy_file(corpus_dir() / "003_a9a4a9c0d7962cea.txt", in / "closed" / "b.txt");
    testing::hand_to_unprivileged(dir.path());
    const std::string outcome = testing::without_root([&] {
        auto options = options_for(dir / "index", {in});
        const auto first = index(options);
        fs::permissions(in / "closed", fs::perms::none);
        options.prune = true;
        std::string messages;
        const auto second = index(options, &messages);
        fs::permissions(in / "closed", fs::perms::owner_all);
        return "first " + std::to_string(first.articles) + "; skipped " +
               std::to_string(second.skipped.size()) + "; pruned " +
               std::to_string(second.files_pruned) + "; documents " +
               std::to_string(Xapian::Database((dir / "index").string()).get_doccount()) +
               "; messages " + messages;
    });
    EXPECT_EQ(outcome.substr(0, outcome.find("; messages")),
              "first 2; skipped 1; pruned 0; documents 2");
    EXPECT_NE(outcome.find((in / "closed").string() + ": cannot list: Permission denied"),
              std::string::npos)
        << outcome;
}

TEST(IndexingRun, JsonlCorpusRoundTripsEveryField) {
    TempDir dir;
    const auto path = dir / "feed.jsonl.gz";
    nlohmann::json record = {{"id", "reutersfin-1"},
                             {"title", "Fed holds rates"},
                             {"date", "2008-10-23T18:42:00-04:00"},
                             {"source", "Reuters"},
                             {"author", "Jane Roe and John Doe"},
                             {"url", "http://example.com/a"},
                             {"dateline", "NEW YORK"},
                             {"topics", {"rates", "fed"}},
                             {"text", "NEW YORK (Reuters) - Ben Bernanke spoke.\n\nMarkets rose."}};
    const std::string line = record.dump() + "\n";
    gzFile out = gzopen(path.c_str(), "wb");
    gzwrite(out, line.data(), static_cast<unsigned>(line.size()));
    gzclose(out);
    index(options_for(dir / "index", {path}));
    const auto passages = all_passages(dir / "index");
    ASSERT_EQ(passages.size(), 1u);
    const IndexedPassage& p = passages[0];
    EXPECT_EQ(p.article.id, "reutersfin-1");
    EXPECT_EQ(p.article.title, "Fed holds rates");
    EXPECT_EQ(p.article.date->iso(), "2008-10-23");
    EXPECT_EQ(p.article.date_origin, DateOrigin::json);
    EXPECT_EQ(p.article.source, "Reuters");
    EXPECT_EQ(p.article.author, "Jane Roe and John Doe");
    EXPECT_EQ(p.article.url, "http://example.com/a");
    EXPECT_EQ(p.article.origin_path, "feed.jsonl.gz");
    EXPECT_EQ(p.article.origin_line, 1);
    EXPECT_EQ(p.article.dateline, "NEW YORK");
    // The dateline's country is an actor of the article, named or not.
    EXPECT_EQ(count_term(dir / "index", schema::kActorPrefix, "united states"), 1u);
    EXPECT_EQ(p.article.extra.at("topics"), (nlohmann::json{"rates", "fed"}));
    EXPECT_EQ(p.passage.passage.text, record["text"].get<std::string>());
    EXPECT_EQ(count_term(dir / "index", schema::kAuthorPrefix, "jane roe"), 1u);
    EXPECT_EQ(count_term(dir / "index", schema::kAuthorPrefix, "john doe"), 1u);
    EXPECT_EQ(count_term(dir / "index", schema::kActorPrefix, "ben bernanke"), 1u);
    EXPECT_EQ(count_term(dir / "index", schema::kSourcePrefix, "reuters"), 1u);
    EXPECT_EQ(count_term(dir / "index", schema::kDatePrefix, "20081023"), 1u);
}

// Writes `records` to `path` as JSON Lines, uncompressed.
fs::path jsonl_file(const fs::path& path, std::initializer_list<nlohmann::json> records) {
    std::string lines;
    for (const nlohmann::json& record : records)
        lines += record.dump() + "\n";
    write_file(path, lines);
    return path;
}

// How often a shard's (or a stub's shards') spelling table has `word`.
Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    auto it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

TEST(IndexingRun, ALongArticleIdIsStoredWholeAndReplacedInPlaceByItsDigestTerm) {
    TempDir dir;
    const std::string long_id =
        "https://news.example.com/2008/10/23/markets/fed-holds-rates-steady-as-markets-rally";
    auto article = [&](const std::string& text) {
        return nlohmann::json{{"id", long_id}, {"title", "Fed holds rates"}, {"text", text}};
    };
    const fs::path feed = jsonl_file(dir / "feed.jsonl", {article("Markets rose on the news.")});
    index(options_for(dir / "index", {feed}));
    const std::string term = schema::article_term(long_id);
    EXPECT_LT(term.size(), 20u);
    EXPECT_EQ(Xapian::Database((dir / "index").string()).get_termfreq(term), 1u);

    jsonl_file(feed, {article("Markets fell on the news.")});
    index(options_for(dir / "index", {feed}));
    Xapian::Database db((dir / "index").string());
    ASSERT_EQ(db.get_doccount(), 1u);
    EXPECT_EQ(db.get_termfreq(term), 1u);
    const StoredArticle stored =
        read_stored_article(db.get_document(*db.postlist_begin(term)), record_compressor(db));
    EXPECT_EQ(stored.article.id, long_id);
    EXPECT_NE(stored.passages.at(0).passage.passage.text.find("fell"), std::string::npos);
}

TEST(IndexingRun, TitleFieldTermsCarryNoPositionsButTheTitleWordsDo) {
    TempDir dir;
    const fs::path feed = jsonl_file(
        dir / "feed.jsonl",
        {nlohmann::json{
            {"id", "t1"}, {"title", "Zebracorn sighting"}, {"text", "An animal was seen."}}});
    index(options_for(dir / "index", {feed}));
    Xapian::Database db((dir / "index").string());
    const Xapian::docid did = *db.postlist_begin("");
    // The title's own positions, kept by the article's words; `title:` terms
    // say only that the word is in the title (docs/schema.md).
    EXPECT_EQ(db.positionlist_begin(did, schema::stem_term("zebracorn")) ==
                  db.positionlist_end(did, schema::stem_term("zebracorn")),
              false);
    EXPECT_EQ(db.get_termfreq(schema::title_stem_term("zebracorn")), 1u);
    EXPECT_EQ(db.positionlist_begin(did, schema::title_stem_term("zebracorn")),
              db.positionlist_end(did, schema::title_stem_term("zebracorn")));
    // The body still starts after the title and its gap.
    const std::vector<Xapian::termpos> bounds =
        decode_passage_bounds(db.get_document(did).get_value(schema::kSlotPassageStarts));
    ASSERT_FALSE(bounds.empty());
    EXPECT_GT(bounds.front(), 2 + schema::kTitleGap);
}

TEST(IndexingRun, AWordEntersTheSpellingTableOnceSeenTwiceInAShard) {
    TempDir dir;
    const fs::path feed =
        jsonl_file(dir / "feed.jsonl",
                   {nlohmann::json{{"id", "a"},
                                   {"title", "Soybean harvest"},
                                   {"text", "The soybean harvest began, quixotically early."}}});
    index(options_for(dir / "index", {feed}));
    Xapian::Database db((dir / "index").string());
    EXPECT_EQ(spelling_frequency(db, "soybean"), 2u);
    EXPECT_EQ(spelling_frequency(db, "harvest"), 2u);
    EXPECT_EQ(spelling_frequency(db, "quixotically"), 0u);  // seen once: as likely a typo
}

TEST(IndexingRun, AHeadlineOnlyStoryIsIndexedByItsTitle) {
    TempDir dir;
    const fs::path feed = jsonl_file(
        dir / "feed.jsonl",
        {nlohmann::json{{"id", "h1"}, {"title", "Zebracorn exports halted"}, {"text", ""}},
         nlohmann::json{{"id", "h2"}, {"title", "Zebracorn tariffs raised"}},
         nlohmann::json{{"id", "b"}, {"title", "Body"}, {"text", "Zebracorn news."}},
         nlohmann::json{{"id", "e"}, {"title", nullptr}, {"text", ""}}});
    std::string messages;
    const IndexingSummary summary = index(options_for(dir / "index", {feed}), &messages);
    // An empty record (an empty text, no title) has nothing to index and is
    // no error: counted, not skipped, so a clean corpus exits 0.
    EXPECT_TRUE(summary.skipped.empty()) << messages;
    EXPECT_EQ(summary.empty_records, 1u);
    EXPECT_EQ(summary.articles, 3u);
    Xapian::Database db((dir / "index").string());
    EXPECT_EQ(db.get_termfreq(schema::stem_term("zebracorn")), 3u);
    EXPECT_EQ(db.get_termfreq(schema::title_stem_term("export")), 1u);
    const StoredArticle stored = read_stored_article(
        db.get_document(*db.postlist_begin(schema::article_term("h1"))), record_compressor(db));
    EXPECT_EQ(stored.article.title, "Zebracorn exports halted");
    EXPECT_TRUE(stored.passages.empty());
}

TEST(IndexingRun, TheTitleNamesActorsOfTheArticleAndCapitalsGiveOnlyKnownOnes) {
    TempDir dir;
    const fs::path feed =
        jsonl_file(dir / "feed.jsonl",
                   {nlohmann::json{{"id", "t"}, {"title", "Putin visits Syria"}},
                    nlohmann::json{{"id", "c"}, {"title", "SYRIA SAYS PM CLOSE TO DEAL"}}});
    index(options_for(dir / "index", {feed}));
    Xapian::Database db((dir / "index").string());
    const RecordCompressor records = record_compressor(db);
    auto actors_of = [&](const std::string& id) {
        std::vector<std::string> names;
        const Xapian::docid did = *db.postlist_begin(schema::article_term(id));
        for (const ActorRef& actor : read_stored_article(db.get_document(did), records).actors)
            names.push_back(actor.name);
        return names;
    };
    EXPECT_EQ(actors_of("t"), (std::vector<std::string>{"Vladimir Putin", "Syria"}));
    // "PM CLOSE" in capitals is no person: only the gazetteer's Syria.
    EXPECT_EQ(actors_of("c"), (std::vector<std::string>{"Syria"}));
    EXPECT_EQ(count_term(dir / "index", schema::kActorPrefix, "syria"), 2u);
}

TEST(IndexingRun, JsonlPassagesPointAtTheirLineAndAtBytesOfTheDecodedText) {
    TempDir dir;
    const std::string first = "Paragraph one about the Kremlin and sanctions.\n\nParagraph two.";
    nlohmann::json a = {{"id", "a"}, {"title", "T"}, {"date", "2012-05-01"}, {"text", first}};
    nlohmann::json b = {{"id", "b"}, {"text", "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D text."}};
    write_file(dir / "feed.jsonl", a.dump() + "\n\n" + b.dump() + "\n");
    index(options_for(dir / "index", {dir / "feed.jsonl"}));
    const auto passages = all_passages(dir / "index");
    ASSERT_EQ(passages.size(), 2u);
    for (const IndexedPassage& p : passages) {
        const bool is_a = p.article.id == "a";
        const std::string& text = is_a ? first : b["text"].get_ref<const std::string&>();
        const Passage& passage = p.passage.passage;
        EXPECT_EQ(text.substr(passage.byte_begin, passage.byte_end - passage.byte_begin),
                  passage.text);
        EXPECT_EQ(passage.line_first, is_a ? 1 : 3);
        EXPECT_EQ(p.article.origin_line, is_a ? 1 : 3);
        EXPECT_EQ(p.article.origin_path, "feed.jsonl");
    }
}

// The shard directories the index's XAPIANDB lists, in order.
std::vector<fs::path> shard_dirs(const fs::path& index_dir) {
    std::vector<fs::path> dirs;
    std::istringstream stub(read_file(index_dir / "XAPIANDB"));
    std::string backend, name;
    while (stub >> backend >> name)
        dirs.push_back(index_dir / name);
    return dirs;
}

TEST(IndexingRun, LockedIndexIsAFatalErrorThatNamesTheDirectory) {
    TempDir dir;
    index(options_for(dir / "index", {corpus_dir()}));
    const auto shards = shard_dirs(dir / "index");
    ASSERT_FALSE(shards.empty());
    Xapian::WritableDatabase holder(shards.back().string(), Xapian::DB_OPEN);
    try {
        index(options_for(dir / "index", {corpus_dir()}));
        FAIL() << "expected a fatal error";
    } catch (const FatalIndexingError& e) {
        EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find((dir / "index").string()), std::string::npos);
    }
}

TEST(IndexingRun, AnOlderSchemaIndexIsRefusedWithHowToRebuildIt) {
    TempDir dir;
    {
        Xapian::WritableDatabase old((dir / "index").string(), Xapian::DB_CREATE);
        old.set_metadata(std::string(schema::kMetaSchemaVersion), "2");
        old.commit();
    }
    try {
        index(options_for(dir / "index", {corpus_dir()}));
        FAIL() << "expected a fatal error";
    } catch (const FatalIndexingError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("schema version 2"), std::string::npos) << message;
        EXPECT_NE(message.find("rebuild"), std::string::npos) << message;
    }
}

TEST(IndexingRun, MissingInputPathIsAFatalErrorThatNamesIt) {
    TempDir dir;
    try {
        index(options_for(dir / "index", {dir / "nowhere"}));
        FAIL() << "expected a fatal error";
    } catch (const FatalIndexingError& e) {
        EXPECT_NE(std::string(e.what()).find("nowhere: no such file or directory"),
                  std::string::npos);
    }
}

TEST(IndexingRun, StockToolsAcceptTheIndexAndEveryShard) {
    TempDir dir;
    auto options = options_for(dir / "index", {corpus_dir()});
    options.shards = 3;
    const auto summary = index(options);
    EXPECT_EQ(summary.shards, 3u);
    const auto shards = shard_dirs(dir / "index");
    ASSERT_EQ(shards.size(), 3u);
    for (const fs::path& shard : shards) {
        const std::string check = "xapian-check '" + shard.string() + "' > /dev/null";
        EXPECT_EQ(std::system(check.c_str()), 0) << shard;
    }
    // The directory opens as one database, with Xapian's own tools too.
    EXPECT_EQ(Xapian::Database((dir / "index").string()).get_doccount(), 4u);
    const std::string delve = "xapian-delve '" + (dir / "index").string() + "' > /dev/null";
    EXPECT_EQ(std::system(delve.c_str()), 0);
}

TEST(IndexingRun, SingleAndMultiThreadedRunsBuildTheSameIndex) {
    TempDir dir;
    auto one = options_for(dir / "one", {corpus_dir()});
    one.threads = 1;
    one.shards = 4;
    auto four = options_for(dir / "four", {corpus_dir()});
    four.threads = 4;
    index(one);
    index(four);
    const auto a = all_passages(dir / "one");
    const auto b = all_passages(dir / "four");
    ASSERT_EQ(a.size(), b.size());
    ASSERT_GT(a.size(), 20u);
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].passage_id, b[i].passage_id);
        EXPECT_EQ(a[i].passage.passage.text, b[i].passage.passage.text);
    }
}

// A JSONL corpus of `count` short articles, each naming its number.
std::string numbered_articles(int first, int count) {
    std::string lines;
    for (int i = first; i < first + count; ++i) {
        const std::string n = std::to_string(i);
        lines += "{\"id\":\"n" + n + "\",\"title\":\"Report " + n +
                 "\",\"date\":\"2012-03-04\",\"text\":\"Report number " + n +
                 " says China and Brazil traded soybeans.\\n\\nA second paragraph of report " + n +
                 " talks about tariffs, ports and the harvest of the year.\"}\n";
    }
    return lines;
}

std::vector<std::string> article_ids_in(const fs::path& database) {
    std::vector<std::string> ids;
    Xapian::Database db(database.string());
    const RecordCompressor records = record_compressor(db);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
        ids.push_back(read_stored_article(db.get_document(*it), records).article.id);
    return ids;
}

std::vector<std::string> passage_ids_of(const fs::path& index_dir) {
    std::vector<std::string> ids;
    for (const IndexedPassage& p : all_passages(index_dir))
        ids.push_back(p.passage_id);
    return ids;
}

TEST(IndexingRun, ArticlesGoToTheShardTheirIdGivesInInputOrder) {
    TempDir dir;
    write_file(dir / "a.jsonl", numbered_articles(0, 120));
    write_file(dir / "b.jsonl", numbered_articles(120, 80));
    auto options = options_for(dir / "index", {dir / "a.jsonl", dir / "b.jsonl"});
    options.threads = 2;
    options.shards = 3;                 // a thread owns more than one shard
    options.commit_every_articles = 7;  // many checkpoints, finishing in any order
    const auto summary = index(options);
    EXPECT_EQ(summary.articles, 200u);
    EXPECT_EQ(summary.index_articles, 200u);
    EXPECT_EQ(summary.index_passages, summary.passages);
    EXPECT_GE(summary.passages, 200u);
    const auto shards = shard_dirs(dir / "index");
    ASSERT_EQ(shards.size(), 3u);
    std::size_t total = 0;
    Xapian::termcount soybeans = 0;
    for (unsigned s = 0; s < shards.size(); ++s) {
        const auto ids = article_ids_in(shards[s]);
        EXPECT_GT(ids.size(), 30u) << "shard " << s;
        int previous = -1;
        for (const std::string& id : ids) {
            EXPECT_EQ(IndexWriter::shard_of(id, 3), s) << id;
            const int number = std::stoi(id.substr(1));
            EXPECT_GT(number, previous) << "input order within shard " << s;
            previous = number;
        }
        total += ids.size();
        // Spelling is counted per shard; together every article once.
        const Xapian::Database shard(shards[s].string());
        for (auto word = shard.spellings_begin(); word != shard.spellings_end(); ++word) {
            if (*word == "soybeans")
                soybeans += word.get_termfreq();
        }
    }
    EXPECT_EQ(total, 200u);
    EXPECT_EQ(soybeans, 200u);
    // Every file is recorded: a second run has nothing to do.
    const auto again = index(options);
    EXPECT_EQ(again.files_unchanged, 2u);
    EXPECT_EQ(again.articles, 0u);
    // Nothing but the inputs and the index is left; the index holds its list and shards.
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(dir / "index"))
        left.push_back(entry.path().filename().string());
    std::sort(left.begin(), left.end());
    std::vector<std::string> expected = {"XAPIANDB"};
    for (const fs::path& shard : shards)
        expected.push_back(shard.filename().string());
    EXPECT_EQ(left, expected);
}

TEST(IndexingRun, AnyShardCountFindsTheSameArticles) {
    TempDir dir;
    write_file(dir / "a.jsonl", numbered_articles(0, 50));
    auto one = options_for(dir / "one", {dir / "a.jsonl"});
    one.shards = 1;
    auto five = options_for(dir / "five", {dir / "a.jsonl"});
    five.shards = 5;
    index(one);
    index(five);
    auto a = passage_ids_of(dir / "one");
    auto b = passage_ids_of(dir / "five");
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b);
    EXPECT_GE(a.size(), 50u);
    EXPECT_EQ(shard_dirs(dir / "five").size(), 5u);
}

TEST(IndexingRun, AShardCountForAnExistingIndexIsReportedAndTheIndexKeepsItsOwn) {
    TempDir dir;
    write_file(dir / "a.jsonl", numbered_articles(0, 20));
    auto options = options_for(dir / "index", {dir / "a.jsonl"});
    options.shards = 2;
    std::string diagnostics;
    index(options, &diagnostics);
    EXPECT_EQ(diagnostics.find("--shards"), std::string::npos) << diagnostics;
    write_file(dir / "b.jsonl", numbered_articles(20, 5));
    options.inputs = {dir / "a.jsonl", dir / "b.jsonl"};
    options.shards = 3;
    const auto summary = index(options, &diagnostics);
    EXPECT_NE(diagnostics.find("the index has 2 shards; --shards 3 applies to a new index only"),
              std::string::npos)
        << diagnostics;
    EXPECT_EQ(summary.shards, 2u);
    EXPECT_EQ(summary.articles, 5u);
    EXPECT_EQ(shard_dirs(dir / "index").size(), 2u);
}

// A JSONL corpus of `count` articles of varied news-like sentences (a fixed
// pseudo-random choice of words), enough for a record dictionary to learn from.
std::string varied_articles(int first, int count) {
    static const char* const words[] = {
        "markets",  "rallied", "after",  "the",    "central", "bank",    "said",      "it",
        "would",    "keep",    "rates",  "steady", "while",   "oil",     "prices",    "fell",
        "on",       "worries", "about",  "demand", "from",    "China",   "and",       "Europe",
        "shares",   "of",      "banks",  "rose",   "percent", "in",      "early",     "trading",
        "analysts", "expect",  "growth", "to",     "slow",    "next",    "year",      "as",
        "exports",  "weaken",  "policy", "makers", "meet",    "Tuesday", "officials", "warned"};
    std::uint32_t state = 12345;
    std::string lines;
    for (int i = first; i < first + count; ++i) {
        std::string text;
        for (int w = 0; w < 120; ++w) {
            state = state * 1664525u + 1013904223u;
            text += words[(state >> 16) % std::size(words)];
            text += (w % 17 == 16) ? ".\\n\\n" : " ";
        }
        const std::string n = std::to_string(i);
        lines += "{\"id\":\"v" + n + "\",\"title\":\"Markets report " + n +
                 "\",\"date\":\"2012-03-04\",\"url\":\"https://example.com/news/" + n +
                 "\",\"text\":\"" + text + "\"}\n";
    }
    return lines;
}

std::size_t compressed_records(const fs::path& index_dir) {
    Xapian::Database db(index_dir.string());
    std::size_t compressed = 0;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
        compressed += db.get_document(*it).get_data().front() == '\x7f';
    return compressed;
}

TEST(IndexingRun, AFirstBuildLearnsARecordDictionaryAndCompressesItsRecords) {
    TempDir dir;
    write_file(dir / "news.jsonl", varied_articles(0, 300));
    const auto summary = index(options_for(dir / "index", {dir / "news.jsonl"}));
    ASSERT_EQ(summary.articles, 300u);
    Xapian::Database db((dir / "index").string());
    const std::string dictionary = db.get_metadata(std::string(schema::kMetaRecordDictionary));
    ASSERT_FALSE(dictionary.empty());
    for (const fs::path& shard : shard_dirs(dir / "index")) {
        EXPECT_EQ(Xapian::Database(shard.string())
                      .get_metadata(std::string(schema::kMetaRecordDictionary)),
                  dictionary)
            << "every shard carries the dictionary: " << shard;
    }
    EXPECT_EQ(compressed_records(dir / "index"), 300u);
    std::size_t stored = 0;
    std::size_t plain = 0;
    const RecordCompressor records = record_compressor(db);
    std::set<std::string> ids;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const StoredArticle article = read_stored_article(doc, records);
        ids.insert(article.article.id);
        stored += doc.get_data().size();
        plain += encode_stored_article(article).size();
    }
    EXPECT_EQ(ids.size(), 300u);
    EXPECT_LT(stored * 2, plain) << "compressed records are less than half their plain size";
}

TEST(IndexingRun, AnIndexTooSmallForADictionaryLearnsOneLaterAndKeepsItsPlainRecords) {
    TempDir dir;
    auto options = options_for(dir / "index", {corpus_dir()});
    index(options);
    EXPECT_TRUE(Xapian::Database((dir / "index").string())
                    .get_metadata(std::string(schema::kMetaRecordDictionary))
                    .empty())
        << "four articles teach no dictionary";
    EXPECT_EQ(compressed_records(dir / "index"), 0u);
    const auto before = passage_ids_of(dir / "index");

    write_file(dir / "news.jsonl", varied_articles(0, 300));
    options.inputs = {corpus_dir(), dir / "news.jsonl"};
    index(options);
    EXPECT_FALSE(Xapian::Database((dir / "index").string())
                     .get_metadata(std::string(schema::kMetaRecordDictionary))
                     .empty());
    EXPECT_EQ(compressed_records(dir / "index"), 300u);
    const auto after = passage_ids_of(dir / "index");
    for (const std::string& id : before)
        EXPECT_NE(std::find(after.begin(), after.end(), id), after.end()) << id;
}

TEST(IndexingRun, AnUpdateAddsToTheShardsAndKeepsWhatWasIndexed) {
    TempDir dir;
    write_file(dir / "a.jsonl", numbered_articles(0, 40));
    auto options = options_for(dir / "index", {dir / "a.jsonl"});
    const auto first = index(options);
    EXPECT_GT(first.compact_seconds, 0.0) << "a first build compacts its shards";
    const auto before = passage_ids_of(dir / "index");
    write_file(dir / "b.jsonl", numbered_articles(40, 60));
    options.inputs = {dir / "a.jsonl", dir / "b.jsonl"};
    const auto second = index(options);
    EXPECT_EQ(second.files_unchanged, 1u);
    EXPECT_EQ(second.articles, 60u);
    EXPECT_EQ(second.compact_seconds, 0.0);
    EXPECT_EQ(second.index_passages, first.passages + second.passages);
    const auto after = passage_ids_of(dir / "index");
    ASSERT_EQ(after.size(), before.size() + second.passages);
    for (const std::string& id : before)
        EXPECT_NE(std::find(after.begin(), after.end(), id), after.end()) << id;
    const auto third = index(options);
    EXPECT_EQ(third.files_unchanged, 2u);
    EXPECT_EQ(third.articles, 0u);
    for (const fs::path& shard : shard_dirs(dir / "index"))
        EXPECT_EQ(std::system(("xapian-check " + shard.string() + " >/dev/null").c_str()), 0);
}

TEST(IndexingRun, WhatAKilledCompactionLeftBesideTheShardsIsCleanedUp) {
    TempDir dir;
    write_file(dir / "a.jsonl", numbered_articles(0, 10));
    const auto first = index(options_for(dir / "index", {dir / "a.jsonl"}));
    // A compaction killed before its one rename: new shards and list beside the old.
    fs::create_directories(dir / "index" / "shard-9-000");
    write_file(dir / "index" / "shard-9-000" / "junk", "half-written");
    write_file(dir / "index" / "XAPIANDB.next", "glass shard-9-000\n");
    const auto second = index(options_for(dir / "index", {dir / "a.jsonl"}));
    EXPECT_EQ(second.files_unchanged, 1u);
    EXPECT_EQ(second.index_articles, first.index_articles);
    EXPECT_FALSE(fs::exists(dir / "index" / "shard-9-000"));
    EXPECT_FALSE(fs::exists(dir / "index" / "XAPIANDB.next"));
}

TEST(IndexingRun, AFirstRunKilledBeforeItsShardListStartsAfresh) {
    TempDir dir;
    fs::create_directories(dir / "index" / "shard-0-000");
    write_file(dir / "index" / "shard-0-000" / "junk", "half-written");
    write_file(dir / "a.jsonl", numbered_articles(0, 10));
    const auto summary = index(options_for(dir / "index", {dir / "a.jsonl"}));
    EXPECT_EQ(summary.index_articles, 10u);
}

TEST(IndexingRun, MergingTheShardsKeepsEveryArticleAndTheRecordedFiles) {
    TempDir dir;
    write_file(dir / "a.jsonl", numbered_articles(0, 30));
    auto options = options_for(dir / "index", {dir / "a.jsonl"});
    options.shards = 3;
    index(options);
    auto before = passage_ids_of(dir / "index");
    EXPECT_EQ(IndexWriter::merge_shards(dir / "index"), 3u);
    ASSERT_EQ(shard_dirs(dir / "index").size(), 1u);
    auto after = passage_ids_of(dir / "index");
    std::sort(before.begin(), before.end());
    std::sort(after.begin(), after.end());
    EXPECT_EQ(after, before);
    const auto again = index(options);
    EXPECT_EQ(again.files_unchanged, 1u);
    EXPECT_EQ(again.shards, 1u) << "a merged index keeps its one shard";
}

}  // namespace
}  // namespace dossier
