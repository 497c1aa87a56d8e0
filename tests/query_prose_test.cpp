// Queries typed as prose: the request's framing and the stop words come out
// before parsing (query/search/prose_query.h), and a
// request ranks as its subject alone.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/text.h"
#include "corpus_index.h"
#include "query/search/prose_query.h"
#include "query/search/search_service.h"
#include "search_hits.h"

namespace dossier {
namespace {

using Words = std::vector<std::string>;

// The words of `text`, lower-case, in order.
Words words_of(const std::string& text) {
    Words out;
    for (const text::Word& w : text::find_words(text))
        out.push_back(text::fold_case(text.substr(w.begin, w.end - w.begin)));
    return out;
}

TEST(ProseQuery, APoliteRequestForInformationLeavesItsSubject) {
    const ProseWithout r = without_request_framing(
        "PLEASE SUPPLY INFORMATION ON THE THEORY AND USE OF PARAMETRIC AMPLIFIERS");
    EXPECT_EQ(r.removed, (Words{"please", "supply", "information"}));
    EXPECT_EQ(words_of(r.text),
              (Words{"the", "theory", "and", "use", "of", "parametric", "amplifiers"}));
}

TEST(ProseQuery, FirstPersonWantingIsFraming) {
    EXPECT_EQ(
        without_request_framing("I am interested in circuitry generating narrow pulses").removed,
        (Words{"interested"}));
    EXPECT_EQ(without_request_framing("I would like details of the work done on magnetic "
                                      "amplifiers")
                  .removed,
              (Words{"like", "details"}));
    EXPECT_EQ(without_request_framing("Could you please give me articles about rectification "
                                      "using metallic devices")
                  .removed,
              (Words{"please", "give", "articles"}));
}

TEST(ProseQuery, ANounAskedForNeedsALinkToItsSubject) {
    EXPECT_EQ(without_request_framing("What references on cosmic rays").removed,
              (Words{"references"}));
    EXPECT_EQ(without_request_framing("Information on high current transistor switches").removed,
              (Words{"information"}));
    // The same nouns as subjects: no link follows them, or they do not lead.
    EXPECT_TRUE(without_request_framing("information retrieval systems").removed.empty());
    EXPECT_TRUE(without_request_framing("What is information science?").removed.empty());
    EXPECT_TRUE(without_request_framing("leaked papers of the ministry").removed.empty());
}

TEST(ProseQuery, AVerbOpensARequestOnlyWhenItCanOnlyAsk) {
    EXPECT_EQ(without_request_framing("Describe retrieval in other languages").removed,
              (Words{"describe"}));
    EXPECT_TRUE(without_request_framing("Supply chain disruptions in Asia").removed.empty());
    EXPECT_TRUE(without_request_framing("Need for information consolidation").removed.empty());
}

TEST(ProseQuery, ASentenceThatOnlyAsksGoesWhole) {
    const ProseWithout r = without_request_framing(
        "I WISH TO CALCULATE THE INDUCTANCE OF PRINTED COILS. A SUITABLE ARTICLE PLEASE");
    EXPECT_EQ(r.removed, (Words{"wish", "suitable", "article", "please"}));
    EXPECT_EQ(words_of(r.text),
              (Words{"calculate", "the", "inductance", "of", "printed", "coils"}));
}

TEST(ProseQuery, ARequestWithNothingElseIsKeptWhole) {
    const ProseWithout r = without_request_framing("Please send information");
    EXPECT_TRUE(r.removed.empty());
    EXPECT_EQ(r.text, "Please send information");
}

TEST(ProseQuery, ProseLosesStopWordsEvenWhereTheParserWouldKeepThem) {
    // Between two commas "if so" is a run of stop words alone, which
    // Xapian's parser keeps.
    const ProseWithout p =
        without_stop_words("Has retrieval been used in the humanities? If so, how?");
    EXPECT_EQ(words_of(p.text), (Words{"retrieval", "used", "humanities"}));
    EXPECT_EQ(p.removed, (Words{"has", "been", "in", "the", "if", "so", "how"}));
}

TEST(ProseQuery, WordsJoinedIntoAPhraseKeepTheirStopWords) {
    const ProseWithout p = without_stop_words("state-of-the-art filters, the best");
    EXPECT_EQ(words_of(p.text), (Words{"state", "of", "the", "art", "filters", "best"}));
    EXPECT_EQ(p.removed, (Words{"the"}));
    // A query string's pluses: the parser reads "OR" between them as an operator.
    EXPECT_EQ(without_stop_words("china+OR+russia").text, "china+OR+russia");
}

TEST(ProseQuery, ProseOfStopWordsAloneIsKept) {
    const ProseWithout p = without_stop_words("The Who");
    EXPECT_EQ(p.text, "The Who");
    EXPECT_TRUE(p.removed.empty());
}

SearchRequest request_for(std::string query) {
    SearchRequest request;
    request.query = std::move(query);
    request.limit = 20;
    return request;
}

using testing::ranked_ids;

TEST(SearchService, ARequestInProseRanksAsItsSubjectAndSaysWhatItLeftOut) {
    SearchService service(testing::CorpusIndex::path());
    const SearchResult request =
        service.search(request_for("Please send me articles about sanctions against Russia"));
    const SearchResult subject = service.search(request_for("sanctions against Russia"));
    ASSERT_GT(subject.total, 0u);
    EXPECT_EQ(request.parsed_query, subject.parsed_query);
    EXPECT_EQ(ranked_ids(request), ranked_ids(subject));
    EXPECT_EQ(request.request_words, (Words{"please", "send", "articles"}));
    EXPECT_TRUE(subject.request_words.empty());
    EXPECT_EQ(to_json(request)["request_words"], (nlohmann::json{"please", "send", "articles"}));

    // With an operator the query is not prose: every word is the user's.
    const SearchResult with_operator =
        service.search(request_for("articles about sanctions OR tariffs"));
    EXPECT_TRUE(with_operator.request_words.empty());
    EXPECT_NE(with_operator.parsed_query.find("Zarticl"), std::string::npos)
        << with_operator.parsed_query;
}

TEST(SearchService, AQuestionInProseIsRerankedWithFeedbackAndKeywordsAreNot) {
    SearchService service(testing::CorpusIndex::path());
    const SearchResult question = service.search(
        request_for("What are the prospects of security cooperation between China and Russia?"));
    EXPECT_TRUE(question.feedback);
    EXPECT_EQ(to_json(question)["feedback"], true);
    EXPECT_FALSE(service.search(request_for("security cooperation china russia")).feedback);
    EXPECT_FALSE(service.search(request_for("china AND russia AND security")).feedback);

    SearchRequest off = request_for(
        "What are the prospects of security cooperation between China "
        "and Russia?");
    off.feedback = false;
    const SearchResult without = service.search(off);
    EXPECT_FALSE(without.feedback);
    // Same matches; the feedback changes scores only.
    EXPECT_EQ(without.total, question.total);
    ASSERT_FALSE(question.hits.empty());
    double feedback_parts = 0;
    SearchRequest explained = request_for(off.query);
    explained.explain = true;
    for (const SearchHit& hit : service.search(explained).hits) {
        for (const ScorePart& part : hit.score_parts)
            feedback_parts += part.name == "feedback" ? part.value : 0.0;
    }
    EXPECT_GT(feedback_parts, 0.0) << "--explain shows what the feedback added";

    SearchRequest on = request_for("security cooperation china russia");
    on.feedback = true;
    EXPECT_TRUE(service.search(on).feedback);
}

}  // namespace
}  // namespace dossier
