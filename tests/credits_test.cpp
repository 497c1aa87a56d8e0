// Credits name an article's makers and agency, not what it is about
// (indexer/credits.h): no actor inside them, the people credited as authors.
#include "indexer/credits.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "common/default_gazetteer.h"
#include "indexer/actor_annotator.h"
#include "indexer/indexing_run.h"
#include "query/search/search_service.h"
#include "test_support.h"

namespace dossier {
namespace {

using Names = std::vector<std::string>;

std::string covered(std::string_view text, const Credits& credits) {
    std::string out;
    for (const Credits::Span& span : credits.spans)
        out += "[" + std::string(text.substr(span.begin, span.end - span.begin)) + "]";
    return out;
}

TEST(Credits, ACreditLineNamesEveryPersonOfItsParts) {
    const std::string text =
        "The bank had sought a buyer for weeks. (Reporting by Jonathan Stempel and Dan "
        "Wilchins in New York; Additional reporting by Svea Herbst-Bayliss in Boston; Editing "
        "by Gary Hill)";
    const Credits credits = find_credits(text);
    EXPECT_EQ(credits.people,
              (Names{"Jonathan Stempel", "Dan Wilchins", "Svea Herbst-Bayliss", "Gary Hill"}));
    EXPECT_EQ(covered(text, credits),
              "[(Reporting by Jonathan Stempel and Dan Wilchins in New York; Additional reporting "
              "by Svea Herbst-Bayliss in Boston; Editing by Gary Hill)]");
}

TEST(Credits, ACreditOnALineOfItsOwnEndsWithTheLine) {
    const std::string text = "Shares fell.\nWriting by Anna Smith; editing by Tom Brown\nMore.";
    const Credits credits = find_credits(text);
    EXPECT_EQ(credits.people, (Names{"Anna Smith", "Tom Brown"}));
    EXPECT_EQ(covered(text, credits), "[Writing by Anna Smith; editing by Tom Brown]");
}

TEST(Credits, ByInTheStoryIsNoCredit) {
    EXPECT_TRUE(find_credits("The deal was approved by Gary Hill on Monday.").spans.empty());
    EXPECT_TRUE(find_credits("Losses reported by Lehman Brothers rose.").spans.empty());
    EXPECT_TRUE(find_credits("He was editing by hand, Reporting by phone.").people.empty());
}

TEST(Credits, TheAgencyOfADatelineIsACreditButNotTheSameNameInTheStory) {
    const std::string dateline = "NEW YORK (Reuters) - Lehman Brothers filed for bankruptcy.";
    EXPECT_EQ(covered(dateline, find_credits(dateline)), "[(Reuters)]");
    const std::string em_dash = "PARIS (AFP) \xE2\x80\x94 Ministers met.";
    EXPECT_EQ(covered(em_dash, find_credits(em_dash)), "[(AFP)]");
    EXPECT_TRUE(
        find_credits("Reuters reported that Thomson Reuters (TRI) shares rose.").spans.empty());
    EXPECT_TRUE(find_credits("The minister (Mr Lavrov) said talks went well.").spans.empty());
}

TEST(Credits, TheDatelineMayFollowAHeadingLine) {
    const std::string text = "Lehman files\nTORONTO (Reuters) - Insurers said.";
    const Credits credits = find_credits(text);
    EXPECT_EQ(covered(text, credits), "[(Reuters)]");
    EXPECT_EQ(credits.agency, "Reuters");
}

TEST(Credits, TheStorysOwnAgencyAsItsInterlocutorIsACredit) {
    const std::string text = "a source told Reuters on Sunday, in an interview with Reuters. "
                             "Reuters reported that shares rose; Thomson Reuters fell.";
    EXPECT_EQ(covered(text, find_credits(text, "Reuters")), "[Reuters][Reuters]");
    EXPECT_TRUE(find_credits(text).spans.empty()) << "no agency, no self-reference";
}

TEST(ActorAnnotator, PeopleAndAgenciesInCreditsAreNoActors) {
    Passage lead;
    lead.text =
        "NEW YORK (Reuters) - Treasury Secretary Henry Paulson said Lehman Brothers "
        "would not be rescued. (Reporting by Jonathan Stempel; Editing by Gary Hill)";
    Names credited;
    const std::vector<AnnotatedPassage> annotated =
        annotate_passages({lead}, default_gazetteer(), 2008, &credited);
    ASSERT_EQ(annotated.size(), 1u);
    Names actors;
    for (const ActorRef& actor : annotated[0].actors)
        actors.push_back(actor.name);
    EXPECT_NE(std::find(actors.begin(), actors.end(), "Henry Paulson"), actors.end());
    EXPECT_NE(std::find(actors.begin(), actors.end(), "Lehman Brothers"), actors.end());
    for (const char* not_actor : {"Reuters", "Jonathan Stempel", "Gary Hill"})
        EXPECT_EQ(std::find(actors.begin(), actors.end(), not_actor), actors.end()) << not_actor;
    EXPECT_EQ(credited, (Names{"Jonathan Stempel", "Gary Hill"}));

    // The agency the dateline names, told something later, is no actor
    // either; a story about it still names it.
    Passage told;
    told.text = "Lehman Brothers was in talks, a source told Reuters.";
    Passage about;
    about.text = "Reuters reported that Lehman Brothers shares fell.";
    const std::vector<AnnotatedPassage> more =
        annotate_passages({lead, told, about}, default_gazetteer(), 2008);
    ASSERT_EQ(more.size(), 3u);
    const auto names_reuters = [](const AnnotatedPassage& p) {
        return std::any_of(p.actors.begin(), p.actors.end(),
                           [](const ActorRef& a) { return a.name == "Reuters"; });
    };
    EXPECT_FALSE(names_reuters(more[1]));
    EXPECT_TRUE(names_reuters(more[2]));
}

TEST(Credits, CreditedPeopleAreTheArticlesAuthorsAndSearchableAsSuch) {
    testing::TempDir dir;
    const std::string article =
        nlohmann::json{{"id", "lehman"},
                       {"title", "Lehman files for bankruptcy"},
                       {"source", "Reuters"},
                       {"author", "Jonathan Stempel"},
                       {"date", "2008-09-15"},
                       {"text",
                        "NEW YORK (Reuters) - Lehman Brothers filed for bankruptcy on Monday.\n\n"
                        "(Reporting by Jonathan Stempel and Dan Wilchins; Editing by Gary Hill)"}}
            .dump() +
        "\n";
    testing::write_file(dir / "in.jsonl", article);
    IndexingOptions options;
    options.index_directory = dir / "index";
    options.inputs = {dir / "in.jsonl"};
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    run_indexing(options, quiet, messages);

    SearchService service(dir / "index");
    SearchRequest request;
    request.query = "bankruptcy";
    request.authors = {"Gary Hill"};
    request.facets = {"actor", "author"};
    const SearchResult result = service.search(request);
    ASSERT_EQ(result.hits.size(), 1u);
    // The byline's author first, once; then the credit's others.
    EXPECT_EQ(result.hits[0].article.author, "Jonathan Stempel, Dan Wilchins, Gary Hill");
    for (const Facet& facet : result.facets) {
        for (const FacetValue& value : facet.values) {
            if (facet.name == "actor") {
                EXPECT_NE(value.value, "Jonathan Stempel");
                EXPECT_NE(value.value, "Reuters");
            }
        }
    }
}

}  // namespace
}  // namespace dossier
