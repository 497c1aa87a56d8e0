#include "indexer/actor_annotator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {
namespace {

ActorGazetteer fixture() {
    return ActorGazetteer::from_json(nlohmann::json::parse(R"json({
      "version": 1,
      "person_titles": ["Director", "Minister"],
      "not_actors": ["South China Sea"],
      "actors": [
        {"name": "Vladimir Putin", "type": "person", "aliases": ["Putin"]},
        {"name": "Russia", "type": "country", "aliases": ["Russian", "Moscow"]},
        {"name": "China", "type": "country", "aliases": ["Chinese", "Beijing"]},
        {"name": "North Atlantic Treaty Organization", "type": "organisation",
         "aliases": ["NATO"]}
      ]})json"),
                                     "annotator-fixture.json");
}

Passage passage(int ordinal, std::string text, std::size_t byte_begin = 0) {
    Passage p;
    p.ordinal = ordinal;
    p.byte_begin = byte_begin;
    p.byte_end = byte_begin + text.size();
    p.text = std::move(text);
    p.line_first = p.line_last = ordinal + 1;
    return p;
}

ActorRef known(const char* name, ActorType type) {
    return ActorRef{name, type, true};
}

TEST(ActorAnnotator, ListsDistinctActorsInOrderOfFirstMention) {
    const auto annotated = annotate_passages(
        {passage(0, "Russia and China met. China, Moscow and NATO; Russian and Chinese views.")},
        fixture(), std::nullopt);
    ASSERT_EQ(annotated.size(), 1U);
    EXPECT_EQ(annotated[0].actors,
              (std::vector<ActorRef>{
                  known("Russia", ActorType::country), known("China", ActorType::country),
                  known("North Atlantic Treaty Organization", ActorType::organisation)}));
}

TEST(ActorAnnotator, IncludesPeopleDetectedFromTitles) {
    const auto annotated = annotate_passages(
        {passage(0, "Director Jane Roe met Putin; later Director Jane Roe left.")}, fixture(),
        std::nullopt);
    ASSERT_EQ(annotated.size(), 1U);
    EXPECT_EQ(annotated[0].actors,
              (std::vector<ActorRef>{ActorRef{"Jane Roe", ActorType::person, false},
                                     known("Vladimir Putin", ActorType::person)}));
}

TEST(ActorAnnotator, SurnameAloneLaterNamesThePersonNamedInFull) {
    const auto annotated = annotate_passages(
        {passage(0, "Nadim Ladki reported from Al-Ain."),
         passage(1, "Putin spoke first. Ladki said the match was delayed; Director Ladki agreed.")},
        fixture(), std::nullopt);
    ASSERT_EQ(annotated.size(), 2U);
    const ActorRef ladki{"Nadim Ladki", ActorType::person, false};
    EXPECT_EQ(annotated[0].actors, std::vector<ActorRef>{ladki});
    // "Ladki" alone, and the one-word "Director Ladki", are the same person.
    EXPECT_EQ(annotated[1].actors,
              (std::vector<ActorRef>{known("Vladimir Putin", ActorType::person), ladki}));
}

TEST(ActorAnnotator, OneWordPersonAfterATitleMayBeAFirstName) {
    const auto annotated = annotate_passages(
        {passage(0, "Brian Ferguson and Mary Ann Hoey met."), passage(1, "Director Brian left.")},
        fixture(), std::nullopt);
    ASSERT_EQ(annotated.size(), 2U);
    EXPECT_EQ(annotated[1].actors,
              (std::vector<ActorRef>{ActorRef{"Brian Ferguson", ActorType::person, false}}));
}

TEST(ActorAnnotator, AcronymAnOrganisationDefinesNamesItLater) {
    const auto annotated =
        annotate_passages({passage(0, "The Football Association (FA) met."),
                           passage(1, "The FA said no; NATO and the FAB did not.")},
                          fixture(), std::nullopt);
    ASSERT_EQ(annotated.size(), 2U);
    const ActorRef fa{"Football Association", ActorType::organisation, false};
    EXPECT_EQ(annotated[0].actors, std::vector<ActorRef>{fa});
    EXPECT_EQ(annotated[1].actors,
              (std::vector<ActorRef>{
                  fa, known("North Atlantic Treaty Organization", ActorType::organisation)}));
}

TEST(ActorAnnotator, SurnameTwoPeopleShareOrAWordAtASentenceStartNamesNobody) {
    const auto annotated =
        annotate_passages({passage(0, "Brian Baker and Nadim Baker met Mary Young."),
                           passage(1, "Baker left. Young people cheered; Kitsilano Baker said.")},
                          fixture(), std::nullopt);
    ASSERT_EQ(annotated.size(), 2U);
    EXPECT_EQ(annotated[1].actors, std::vector<ActorRef>{});
}

TEST(ActorAnnotator, AnnotatesEachPassageOnItsOwnAndKeepsIt) {
    const auto annotated = annotate_passages(
        {passage(0, "Beijing spoke.", 100), passage(1, "Then NATO. Then nobody.", 115),
         passage(2, "Islands in the South China Sea.", 140)},
        fixture(), std::nullopt);
    ASSERT_EQ(annotated.size(), 3U);
    EXPECT_EQ(annotated[0].actors, (std::vector<ActorRef>{known("China", ActorType::country)}));
    EXPECT_EQ(annotated[1].actors,
              (std::vector<ActorRef>{
                  known("North Atlantic Treaty Organization", ActorType::organisation)}));
    EXPECT_TRUE(annotated[2].actors.empty());
    EXPECT_EQ(annotated[1].passage.ordinal, 1);
    EXPECT_EQ(annotated[1].passage.text, "Then NATO. Then nobody.");
    EXPECT_EQ(annotated[1].passage.byte_begin, 115U);
    EXPECT_EQ(annotated[1].passage.line_first, 2);
}

TEST(ActorAnnotator, ReturnsNothingForNoPassages) {
    EXPECT_TRUE(annotate_passages({}, fixture(), 2024).empty());
}

// A real caption from corpus/003: offsets of dates are relative to the passage.
TEST(ActorAnnotator, FindsDatesWithOffsetsRelativeToThePassage) {
    const std::string text =
        "Chinese soldiers take part in the Victory Parade to mark the Victory Day of the Great "
        "Patriotic War at Red Square in Moscow, Russia on June 24, 2020.";
    const auto annotated = annotate_passages({passage(3, text, 5000)}, fixture(), std::nullopt);
    ASSERT_EQ(annotated.size(), 1U);
    EXPECT_EQ(annotated[0].actors, (std::vector<ActorRef>{known("China", ActorType::country),
                                                          known("Russia", ActorType::country)}));
    ASSERT_EQ(annotated[0].dates.size(), 1U);
    const DateMention& date = annotated[0].dates[0];
    EXPECT_EQ(date.date, (CivilDate{2020, 6, 24}));
    EXPECT_EQ(date.begin, text.find("June 24, 2020"));
    EXPECT_EQ(date.end, text.find("June 24, 2020") + std::string_view("June 24, 2020").size());
}

TEST(ActorAnnotator, CompletesDatesWithoutYearFromTheArticleYear) {
    const std::string text = "Beijing said on June 24 that talks went well.";
    const auto with_year = annotate_passages({passage(0, text)}, fixture(), 2021);
    ASSERT_EQ(with_year[0].dates.size(), 1U);
    EXPECT_EQ(with_year[0].dates[0].date, (CivilDate{2021, 6, 24}));
    const auto without_year = annotate_passages({passage(0, text)}, fixture(), std::nullopt);
    EXPECT_TRUE(without_year[0].dates.empty());
}

// The lead paragraph of corpus/002 with the real gazetteer.
TEST(ActorAnnotator, AnnotatesRealCorpusPassageWithRealGazetteer) {
    const std::filesystem::path corpus = std::filesystem::path(DOSSIER_SOURCE_DIR) / "corpus";
    std::string line;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        if (entry.path().filename().string().rfind("002_", 0) != 0)
            continue;
        std::ifstream in(entry.path());
        while (std::getline(in, line) && line.find("Wang Yi hosted") == std::string::npos) {
        }
    }
    ASSERT_NE(line.find("Wang Yi hosted"), std::string::npos);
    const ActorGazetteer gazetteer = ActorGazetteer::load(corpus / "actors.json");
    const auto annotated = annotate_passages({passage(0, line)}, gazetteer, 2024);
    ASSERT_EQ(annotated.size(), 1U);
    std::vector<std::string> names;
    for (const ActorRef& actor : annotated[0].actors)
        names.push_back(actor.name);
    for (const char* form : {"Chinese", "Wang Yi", "Russian", "Sergey Lavrov", "Beijing",
                             "United States", "NATO", "OSCE"}) {
        const Actor* actor = gazetteer.resolve(form);
        ASSERT_NE(actor, nullptr) << form;
        EXPECT_NE(std::find(names.begin(), names.end(), actor->name), names.end()) << form;
    }
    // Distinct: "Lavrov" is named twice, China three times.
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
    // "Wang Yi" comes first among the people, as in the text.
    EXPECT_LT(std::find(names.begin(), names.end(), gazetteer.resolve("Wang Yi")->name),
              std::find(names.begin(), names.end(), gazetteer.resolve("Sergey Lavrov")->name));
}

}  // namespace
}  // namespace dossier
