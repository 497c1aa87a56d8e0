#include "common/stored_article.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace dossier {
namespace {

StoredArticle sample_article() {
    StoredArticle stored;
    Article& a = stored.article;
    a.id = "reuters-2008-00042";
    a.title = "Zürich bank €5 bn deal";
    a.author = "A and B";
    a.author_bio = "Writes on banks.";
    a.source = "Reuters";
    a.url = "https://example.com/a";
    a.dateline = "ZURICH, March 14";
    a.date = CivilDate{2008, 3, 14};
    a.date_origin = DateOrigin::json;
    a.origin_path = "news/2008.jsonl.gz";
    a.origin_line = 4211;
    a.extra = {{"topics", {"earn", "acq"}}, {"newid", 9}};
    stored.actors = {{"Switzerland", ActorType::country, true},
                     {"Jane Roe", ActorType::person, false},
                     {"UBS", ActorType::organisation, true}};
    stored.actor_in_heading = {true, false, false};  // Switzerland: the dateline's
    StoredPassage first;
    first.passage.passage = {0, "ZURICH, March 14 - UBS said...", 0, 31, 4211, 4211};
    first.passage.actors = {stored.actors[0], stored.actors[2]};
    first.passage.dates = {{9, 17, CivilDate{2008, 3, 14}}, {20, 24, CivilDate{-44, 0, 0}}};
    first.first_position = 106;
    first.end_position = 112;
    StoredPassage second;
    second.passage.passage = {1, "Jane Roe, 45, agreed.", 40, 61, 4212, 4215};
    second.passage.actors = {stored.actors[1]};
    second.first_position = 112;
    second.end_position = 116;
    stored.passages = {first, second};
    return stored;
}

TEST(StoredArticle, RecordRoundTripsEveryField) {
    const StoredArticle original = sample_article();
    const StoredArticle read =
        parse_stored_article(encode_stored_article(original), {106, 112, 116});

    const Article& a = read.article;
    EXPECT_EQ(a.id, original.article.id);
    EXPECT_EQ(a.title, original.article.title);
    EXPECT_EQ(a.author, original.article.author);
    EXPECT_EQ(a.author_bio, original.article.author_bio);
    EXPECT_EQ(a.source, original.article.source);
    EXPECT_EQ(a.url, original.article.url);
    EXPECT_EQ(a.dateline, original.article.dateline);
    EXPECT_EQ(a.date, original.article.date);
    EXPECT_EQ(a.date_origin, DateOrigin::json);
    EXPECT_EQ(a.origin_path, original.article.origin_path);
    EXPECT_EQ(a.origin_line, 4211);
    EXPECT_EQ(a.extra, original.article.extra);
    EXPECT_EQ(read.actors, original.actors);
    EXPECT_EQ(read.actor_in_heading, original.actor_in_heading);
    ASSERT_EQ(read.passages.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const StoredPassage& got = read.passages[i];
        const StoredPassage& want = original.passages[i];
        EXPECT_EQ(got.passage.passage.ordinal, static_cast<int>(i));
        EXPECT_EQ(got.passage.passage.text, want.passage.passage.text);
        EXPECT_EQ(got.passage.passage.byte_begin, want.passage.passage.byte_begin);
        EXPECT_EQ(got.passage.passage.byte_end, want.passage.passage.byte_end);
        EXPECT_EQ(got.passage.passage.line_first, want.passage.passage.line_first);
        EXPECT_EQ(got.passage.passage.line_last, want.passage.passage.line_last);
        EXPECT_EQ(got.first_position, want.first_position);
        EXPECT_EQ(got.end_position, want.end_position);
        EXPECT_EQ(got.passage.actors, want.passage.actors);
        ASSERT_EQ(got.passage.dates.size(), want.passage.dates.size());
        for (std::size_t d = 0; d < want.passage.dates.size(); ++d) {
            EXPECT_EQ(got.passage.dates[d].begin, want.passage.dates[d].begin);
            EXPECT_EQ(got.passage.dates[d].end, want.passage.dates[d].end);
            EXPECT_EQ(got.passage.dates[d].date, want.passage.dates[d].date);
        }
    }
}

TEST(StoredArticle, TheFieldsAloneAreTheWholeRecordsArticleWithoutExtra) {
    const StoredArticle original = sample_article();
    const std::string record = encode_stored_article(original);
    const Article whole = parse_stored_article(record).article;
    const Article fields = parse_stored_article_fields(record);
    EXPECT_EQ(fields.id, whole.id);
    EXPECT_EQ(fields.title, whole.title);
    EXPECT_EQ(fields.author, whole.author);
    EXPECT_EQ(fields.source, whole.source);
    EXPECT_EQ(fields.url, whole.url);
    EXPECT_EQ(fields.dateline, whole.dateline);
    EXPECT_EQ(fields.date, whole.date);
    EXPECT_EQ(fields.origin_path, whole.origin_path);
    EXPECT_EQ(fields.origin_line, whole.origin_line);
    EXPECT_FALSE(whole.extra.empty());
    EXPECT_TRUE(fields.extra.empty());
    // Its head cut short is still rejected, not misread.
    EXPECT_THROW(parse_stored_article_fields(record.substr(0, 20)), std::runtime_error);
    EXPECT_THROW(parse_stored_article_fields("{\"id\": 1}"), std::runtime_error);
}

TEST(StoredArticle, MainActorsAreInTheHeadingTheLeadOrTwoPassages) {
    StoredArticle stored;
    const ActorRef bank{"UBS", ActorType::organisation, true};
    const ActorRef country{"Switzerland", ActorType::country, true};
    const ActorRef roe{"Jane Roe", ActorType::person, false};
    const ActorRef insurer{"Zurich Insurance", ActorType::organisation, true};
    const ActorRef canada{"Canada", ActorType::country, true};
    stored.actors = {canada, bank, roe, insurer, country};
    stored.actor_in_heading = {true, false, false, false, false};
    for (const std::vector<ActorRef>& actors :
         {std::vector<ActorRef>{bank}, {roe, insurer}, {roe}, {country}}) {
        StoredPassage sp;
        sp.passage.passage.ordinal = static_cast<int>(stored.passages.size());
        sp.passage.actors = actors;
        stored.passages.push_back(sp);
    }
    const std::vector<ActorWeight> weights = actor_weights(stored);
    ASSERT_EQ(weights.size(), 5u);
    EXPECT_TRUE(weights[0].main);  // the title's or dateline's, in no passage
    EXPECT_EQ(weights[0].passages, 0u);
    EXPECT_TRUE(weights[1].main);  // in the lead
    EXPECT_TRUE(weights[2].main);  // not in the lead, but in two passages
    EXPECT_EQ(weights[2].passages, 2u);
    EXPECT_FALSE(weights[3].main);  // once, after the lead
    EXPECT_FALSE(weights[4].main);
    EXPECT_EQ(weights[4].passages, 1u);
}

TEST(StoredArticle, PositionsComeFromTheBoundsThatFitTheRecord) {
    const std::string record = encode_stored_article(sample_article());
    // The positions live in the passage-bounds slot only; bounds for another
    // number of passages are not this record's and give no positions.
    for (const std::vector<Xapian::termpos>& wrong :
         std::vector<std::vector<Xapian::termpos>>{{}, {106, 116}, {1, 2, 3, 4}}) {
        const StoredArticle read = parse_stored_article(record, wrong);
        ASSERT_EQ(read.passages.size(), 2u);
        EXPECT_EQ(read.passages[1].first_position, 0u);
        EXPECT_EQ(read.passages[1].end_position, 0u);
    }
    const StoredArticle read =
        parse_stored_article(record, decode_passage_bounds(encode_passage_bounds({106, 112, 116})));
    EXPECT_EQ(read.passages[1].first_position, 112u);
    EXPECT_EQ(read.passages[1].end_position, 116u);
}

TEST(StoredArticle, ArticleWithoutDateOrExtraStaysWithout) {
    StoredArticle stored;
    stored.article.id = "bare";
    const StoredArticle read = parse_stored_article(encode_stored_article(stored));
    EXPECT_EQ(read.article.id, "bare");
    EXPECT_FALSE(read.article.date.has_value());
    EXPECT_EQ(read.article.date_origin, DateOrigin::none);
    EXPECT_TRUE(read.article.extra.is_object());
    EXPECT_TRUE(read.article.extra.empty());
    EXPECT_TRUE(read.passages.empty());
}

TEST(StoredArticle, EveryTruncationOfARecordIsRejectedNotMisread) {
    const std::string record = encode_stored_article(sample_article());
    for (std::size_t length = 0; length < record.size(); ++length) {
        EXPECT_THROW(parse_stored_article(std::string_view(record).substr(0, length)),
                     std::runtime_error)
            << "cut at " << length << " of " << record.size();
    }
}

TEST(StoredArticle, DataOfAnotherFormatIsRejected) {
    EXPECT_THROW(parse_stored_article(R"({"article": {}, "passages": []})"), std::runtime_error);
    EXPECT_THROW(parse_stored_article(encode_stored_article(sample_article()) + "x"),
                 std::runtime_error);
    // A count larger than the record cannot be honoured: refused, not allocated.
    // (Version, id "x", empty path, line 0, six empty fields, no date, no
    // date origin, no extra, then an actor count of 2^32 - 1.)
    const std::string huge_count =
        std::string("\x03\x01x\x00\x00", 5) + std::string(9, '\0') + "\xff\xff\xff\xff\x0f";
    try {
        parse_stored_article(huge_count);
        ADD_FAILURE() << "a count past the end was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("bad count"), std::string::npos) << e.what();
    }
}

TEST(StoredArticle, RecordIsSmallerThanItsJsonForm) {
    const StoredArticle stored = sample_article();
    std::size_t text_bytes = 0;
    for (const StoredPassage& sp : stored.passages)
        text_bytes += sp.passage.passage.text.size();
    text_bytes += stored.article.title.size() + stored.article.id.size() +
                  stored.article.origin_path.size() + stored.article.extra.dump().size() +
                  stored.article.author.size() + stored.article.author_bio.size() +
                  stored.article.source.size() + stored.article.url.size();
    for (const ActorRef& actor : stored.actors)
        text_bytes += actor.name.size();
    // The strings themselves, plus a few bytes per number: no field names.
    EXPECT_LT(encode_stored_article(stored).size(), text_bytes + 80);
}

TEST(PassageBounds, RoundTripIncludingLargeGaps) {
    const std::vector<Xapian::termpos> bounds = {101, 102, 230, 20000, 2000000};
    EXPECT_EQ(decode_passage_bounds(encode_passage_bounds(bounds)), bounds);
    EXPECT_TRUE(decode_passage_bounds("").empty());
}

}  // namespace
}  // namespace dossier
