#include "common/gazetteer.h"

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

// A small gazetteer in the format of corpus/actors.json, so that each matching
// rule is tested independently of what the real data file holds.
constexpr std::string_view kFixture = R"json({
  "version": 1,
  "person_titles": ["President", "Prime Minister", "Foreign Minister", "Minister", "professor",
                    "Professor", "Director", "PM", "Mr.", "Secretary of State"],
  "not_actors": ["South China Sea", "Indo-Pacific"],
  "actors": [
    {"name": "Vladimir Putin", "type": "person", "aliases": ["Putin"]},
    {"name": "Xi Jinping", "type": "person", "aliases": ["Xi"]},
    {"name": "Wang Yi", "type": "person", "aliases": []},
    {"name": "Sergey Lavrov", "type": "person", "aliases": ["Lavrov", "Sergei Lavrov"]},
    {"name": "Joe Biden", "type": "person", "aliases": ["Biden", "Joseph R. Biden"]},
    {"name": "Johnson & Johnson", "type": "organisation", "aliases": []},
    {"name": "Kurdistan Workers' Party", "type": "organisation", "aliases": ["PKK"]},
    {"name": "Russia", "type": "country", "aliases": ["Russian", "Moscow", "Kremlin"]},
    {"name": "China", "type": "country", "aliases": ["Chinese", "Beijing", "PRC"],
     "prefixes": ["Sino"]},
    {"name": "India", "type": "country", "aliases": ["Indian"], "prefixes": ["Indo"]},
    {"name": "United States", "type": "country",
     "aliases": ["U.S.", "US", "USA", "America", "Washington"]},
    {"name": "North Atlantic Treaty Organization", "type": "organisation", "aliases": ["NATO"]},
    {"name": "Organization for Security and Co-operation in Europe", "type": "organisation",
     "aliases": ["OSCE"]}
  ]
})json";

constexpr const char* kUnitedStates = "United States";
constexpr const char* kNato = "North Atlantic Treaty Organization";

ActorGazetteer fixture() {
    return ActorGazetteer::from_json(nlohmann::json::parse(kFixture), "fixture.json");
}

std::vector<std::string> names(const std::vector<ActorMatch>& matches) {
    std::vector<std::string> out;
    for (const ActorMatch& match : matches)
        out.push_back(match.actor.name);
    return out;
}

std::vector<std::string> names_in(const ActorGazetteer& gazetteer, std::string_view text) {
    return names(gazetteer.match(text));
}

// The bytes of `text` each match covers.
std::vector<std::string> slices_in(const ActorGazetteer& gazetteer, std::string_view text) {
    std::vector<std::string> out;
    for (const ActorMatch& match : gazetteer.match(text)) {
        out.emplace_back(text.substr(match.begin, match.end - match.begin));
    }
    return out;
}

using Names = std::vector<std::string>;

// The message of the GazetteerError that `load` throws, or "" when none.
template <class Load>
std::string error_of(Load load) {
    try {
        load();
    } catch (const GazetteerError& error) {
        return error.what();
    }
    return "";
}

std::string error_of_json(std::string_view json) {
    return error_of([&] { ActorGazetteer::from_json(nlohmann::json::parse(json), "bad.json"); });
}

// ---- Matching ---------------------------------------------------------------

TEST(Gazetteer, MatchesCanonicalNamesAndAliases) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "Putin met Vladimir Putin, and Moscow said no."),
              (Names{"Vladimir Putin", "Vladimir Putin", "Russia"}));
    EXPECT_EQ(names_in(gazetteer, "NATO and the North Atlantic Treaty Organization"),
              (Names{kNato, kNato}));
}

TEST(Gazetteer, PrefersLongestMatch) {
    const ActorGazetteer gazetteer = fixture();
    const auto matches = gazetteer.match("Vladimir Putin spoke");
    ASSERT_EQ(matches.size(), 1U);
    EXPECT_EQ(matches[0].begin, 0U);
    EXPECT_EQ(matches[0].end, 14U);

    const std::string osce = "the Organization for Security and Co-operation in Europe met";
    EXPECT_EQ(slices_in(gazetteer, osce),
              (Names{"Organization for Security and Co-operation in Europe"}));
}

TEST(Gazetteer, MatchesAliasesCaseSensitivelySoPronounUsIsNotTheUnitedStates) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(slices_in(gazetteer, "Tell us what US officials told us. Us too."), (Names{"US"}));
    EXPECT_EQ(names_in(gazetteer, "china and putin"), Names{});
}

TEST(Gazetteer, MatchesAllCapsFormOfAliasWithLowerCaseLetters) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "VLADIMIR PUTIN WARNS CHINESE AND NATO"),
              (Names{"Vladimir Putin", "China", kNato}));
}

TEST(Gazetteer, MatchesEveryUnitedStatesAlias) {
    const ActorGazetteer gazetteer = fixture();
    for (const std::string alias : {"U.S.", "US", "USA", "America", "Washington"}) {
        const std::string text = "talks with " + alias + " officials";
        EXPECT_EQ(names_in(gazetteer, text), Names{kUnitedStates}) << text;
        EXPECT_EQ(slices_in(gazetteer, text), Names{alias}) << text;
    }
}

TEST(Gazetteer, MatchesDottedAbbreviationAtSentenceEnd) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(slices_in(gazetteer, "They blamed the U.S."), Names{"U.S."});
    EXPECT_EQ(slices_in(gazetteer, "They blamed the U.S. Then they left."), Names{"U.S."});
    EXPECT_EQ(slices_in(gazetteer, "What it means for the U.S?"), Names{"U.S"});
    EXPECT_EQ(names_in(gazetteer, "What it means for the U.S?"), Names{kUnitedStates});
}

TEST(Gazetteer, SplitsHyphenatedCompounds) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "China-Russia talks"), (Names{"China", "Russia"}));
    EXPECT_EQ(names_in(gazetteer, "the US-China-Russia triangle"),
              (Names{kUnitedStates, "China", "Russia"}));
    EXPECT_EQ(slices_in(gazetteer, "the U.S.-led order"), Names{"U.S."});
}

TEST(Gazetteer, MatchesPossessives) {
    const ActorGazetteer gazetteer = fixture();
    const std::string text =
        "China\u2019s and China's allies, NATO\u2019s reach, the U.S.\u2019s role";
    EXPECT_EQ(names_in(gazetteer, text), (Names{"China", "China", kNato, kUnitedStates}));
    EXPECT_EQ(slices_in(gazetteer, text), (Names{"China", "China", "NATO", "U.S."}));
}

TEST(Gazetteer, CountsPrefixOnlyDirectlyBeforeHyphen) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "the Sino-Russian alliance"), (Names{"China", "Russia"}));
    EXPECT_EQ(slices_in(gazetteer, "the Sino-Russian alliance"), (Names{"Sino", "Russian"}));
    EXPECT_EQ(names_in(gazetteer, "the Sino Russian alliance"), Names{"Russia"});
    EXPECT_EQ(names_in(gazetteer, "Sino"), Names{});
    EXPECT_EQ(names_in(gazetteer, "a Sino- or anti-Sino stance"), Names{});
}

TEST(Gazetteer, ExclusionPhraseSwallowsTheActorsInIt) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "claims in the South China Sea"), Names{});
    EXPECT_EQ(names_in(gazetteer, "the Indo-Pacific region"), Names{});
    EXPECT_EQ(names_in(gazetteer, "Indo-Chinese tensions"), (Names{"India", "China"}));
}

TEST(Gazetteer, MultiWordAliasDoesNotCrossPunctuation) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(slices_in(gazetteer, "Vladimir. Putin"), Names{"Putin"});
    EXPECT_EQ(slices_in(gazetteer, "Vladimir\n\nPutin"), Names{"Putin"});
    EXPECT_EQ(slices_in(gazetteer, "Vladimir\nPutin"), Names{"Vladimir\nPutin"});
}

TEST(Gazetteer, MatchesAliasWithInnerPunctuationOnlyWhereTextHasIt) {
    const ActorGazetteer gazetteer = fixture();
    const std::string text =
        "Joseph R. Biden met Johnson & Johnson and the Kurdistan Workers\u2019 Party";
    EXPECT_EQ(slices_in(gazetteer, text),
              (Names{"Joseph R. Biden", "Johnson & Johnson", "Kurdistan Workers\u2019 Party"}));
    EXPECT_EQ(names_in(gazetteer, "Johnson and Johnson, Joseph R Biden"), Names{"Joe Biden"});
}

TEST(Gazetteer, ReportsByteOffsetsIntoTheText) {
    const ActorGazetteer gazetteer = fixture();
    const std::string text = "\u201CChinese\u201D \u2013 and Russian";
    const auto matches = gazetteer.match(text);
    ASSERT_EQ(matches.size(), 2U);
    EXPECT_EQ(matches[0].begin, 3U);
    EXPECT_EQ(matches[0].end, 10U);
    EXPECT_EQ(text.substr(matches[1].begin, matches[1].end - matches[1].begin), "Russian");
    EXPECT_EQ(matches[1].end, text.size());
}

// ---- Titles -----------------------------------------------------------------

TEST(Gazetteer, TitleBeforeKnownPersonResolvesToThatPerson) {
    const ActorGazetteer gazetteer = fixture();
    const auto matches = gazetteer.match("President Xi Jinping and Minister Lavrov");
    EXPECT_EQ(names(matches), (Names{"Xi Jinping", "Sergey Lavrov"}));
    for (const ActorMatch& match : matches)
        EXPECT_TRUE(match.actor.known);
}

TEST(Gazetteer, TitleBeforeUnknownCapitalisedWordsDetectsPerson) {
    const ActorGazetteer gazetteer = fixture();
    const std::string text = "according to professor John Mearsheimer.";
    const auto matches = gazetteer.match(text);
    ASSERT_EQ(matches.size(), 1U);
    EXPECT_EQ(matches[0].actor, (ActorRef{"John Mearsheimer", ActorType::person, false}));
    EXPECT_EQ(text.substr(matches[0].begin, matches[0].end - matches[0].begin), "John Mearsheimer");

    EXPECT_EQ(names_in(gazetteer, "Director Jane Roe said"), Names{"Jane Roe"});
}

TEST(Gazetteer, DetectedNameStopsAtLowerCaseWordPunctuationOrTitle) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "the former Director for China"), Names{"China"});
    EXPECT_EQ(names_in(gazetteer, "Director Jane Roe, Professor Richard Roe"),
              (Names{"Jane Roe", "Richard Roe"}));
    EXPECT_EQ(names_in(gazetteer, "Director Jane Professor Roe"), (Names{"Jane", "Roe"}));
    // Past a full stop no title applies, and "Hashan" is in no given-name list
    // (common/data/first-names.tsv), so nothing names a person.
    EXPECT_EQ(names_in(gazetteer, "the Director. Hashan Tillakaratne said"), Names{});
}

TEST(Gazetteer, DetectsNoPersonFromHeadlineCaseOrDayAfterTitle) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "Prime Minister Says The Talks Failed"), Names{});
    EXPECT_EQ(names_in(gazetteer, "the President On Tuesday said"), Names{});
    EXPECT_EQ(names_in(gazetteer, "Director Jane Roe Says"), Names{"Jane Roe"});
}

TEST(Gazetteer, DetectedNameHasAtMostThreeWords) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "Director Ann Mary Jo Roe"), Names{"Ann Mary Jo"});
    EXPECT_EQ(names_in(gazetteer, "Director Jean-Pierre Roe"), Names{"Jean-Pierre Roe"});
    EXPECT_EQ(names_in(gazetteer, "professor John J. Mearsheimer"), Names{"John J. Mearsheimer"});
}

TEST(Gazetteer, DetectedNameKeepsParticlesBetweenCapitalisedWords) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "Economy Minister Luis de Guindos said"),
              Names{"Luis de Guindos"});
    EXPECT_EQ(names_in(gazetteer, "President Ursula von der Leyen spoke"),
              Names{"Ursula von der Leyen"});
    EXPECT_EQ(names_in(gazetteer, "Director Jane de la"), Names{"Jane"});
}

TEST(Gazetteer, MultiWordTitleIntroducesPerson) {
    const ActorGazetteer gazetteer = fixture();
    // "Secretary" alone is no title: only the three-word title finds Jane Roe.
    EXPECT_EQ(slices_in(gazetteer, "Secretary of State Jane Roe"), Names{"Jane Roe"});
    EXPECT_EQ(names_in(gazetteer, "Secretary Hashan Tillakaratne"), Names{});
    EXPECT_EQ(slices_in(gazetteer, "Prime Minister Jane Roe"), Names{"Jane Roe"});
}

TEST(Gazetteer, CapitalNamesItsCountryOnlyWhereItActs) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "a summit in Beijing and a flight to Moscow"), Names{});
    EXPECT_EQ(names_in(gazetteer, "Beijing warned and Moscow has agreed"),
              (Names{"China", "Russia"}));
    EXPECT_EQ(names_in(gazetteer, "Moscow\u2019s plan"), Names{"Russia"});
    EXPECT_EQ(names_in(gazetteer, "the Kremlin, not a city, always"), Names{"Russia"});
    EXPECT_EQ(names_in(gazetteer, "BEIJING SAYS"), Names{"China"});  // a headline acts too
}

TEST(Gazetteer, CountryBeforeACurrencyNamesTheMoneyNotTheCountry) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "150 mln U.S. dlrs, paid in Chinese yuan"), Names{});
    EXPECT_EQ(names_in(gazetteer, "the U.S. Dollar fell"), Names{});
    EXPECT_EQ(names_in(gazetteer, "Russian pounds and India won"), (Names{"Russia", "India"}));
}

TEST(Gazetteer, GivenNameStartsAPersonNoListKnows) {
    const ActorGazetteer gazetteer = fixture();
    const auto matches = gazetteer.match("AL-AIN 1996-12-06 Nadim Ladki reported.");
    ASSERT_EQ(matches.size(), 1U);
    EXPECT_EQ(matches[0].actor, (ActorRef{"Nadim Ladki", ActorType::person, false}));
    EXPECT_EQ(names_in(gazetteer, "a goal by Brian Shimer and Mary Ann Hoey"),
              (Names{"Brian Shimer", "Mary Ann Hoey"}));
}

TEST(Gazetteer, GivenNameThatIsAWordNeedsALowerCaseWordBefore) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "the letter was signed by Grant Shapps"), Names{"Grant Shapps"});
    // At a sentence's start, only before a surname that is no English word.
    EXPECT_EQ(names_in(gazetteer, "Roger Federer won."), Names{"Roger Federer"});
    EXPECT_EQ(names_in(gazetteer, "Will Power won."), Names{});
    // A rare name that is a word is the word ("Free": 132 US births).
    EXPECT_EQ(names_in(gazetteer, "the campaign to Free Mojtaba"), Names{});
    EXPECT_EQ(names_in(gazetteer, "the speech of Male MPs"), Names{});
    EXPECT_EQ(names_in(gazetteer, "Will Europe agree?"), Names{});
}

TEST(Gazetteer, SaidAgeOrRoleStartsAPersonWithoutAGivenName) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "the order was lifted, said Hashan Tillakaratne."),
              Names{"Hashan Tillakaratne"});
    EXPECT_EQ(names_in(gazetteer, "Hashan Tillakaratne, 28, scored"), Names{"Hashan Tillakaratne"});
    EXPECT_EQ(names_in(gazetteer, "Xu Kuangdi, chairman of the board"), Names{"Xu Kuangdi"});
    EXPECT_EQ(names_in(gazetteer, "Hashan Tillakaratne resigned"), Names{});  // no cue
    // A given name of 5 US births, or of faker's Czech names, is a given name.
    EXPECT_EQ(names_in(gazetteer, "Frantisek Gaulieder resigned"), Names{"Frantisek Gaulieder"});
    EXPECT_EQ(names_in(gazetteer, "Zdeněk Zeman left"), Names{"Zdeněk Zeman"});
}

TEST(Gazetteer, OrganisationsEventsAndHeadingsAreNoPeople) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "Aston Villa won"), Names{"Aston Villa"});  // a club
    EXPECT_EQ(names_in(gazetteer, "flights from John F Kennedy International Airport"), Names{});
    EXPECT_EQ(names_in(gazetteer, "for the Victory Day parade"), Names{});
    EXPECT_EQ(names_in(gazetteer, "coal from West Virginia and oil from North Sea fields"),
              Names{});
    EXPECT_EQ(names_in(gazetteer, "banks in Sao Paulo"), Names{});  // a city, accents dropped
    EXPECT_EQ(names_in(gazetteer, "said Fernand St. Germain"), Names{});
    EXPECT_EQ(names_in(gazetteer, "PM CLOSE WAS MIXED"), Names{});  // ALL CAPS: a heading
}

TEST(Gazetteer, WordAnOrganisationEndsWithMakesAnOrganisation) {
    const ActorGazetteer gazetteer = fixture();
    const auto matches = gazetteer.match("shares of Dean Witter Reynolds Inc rose");
    ASSERT_EQ(matches.size(), 1U);
    EXPECT_EQ(matches[0].actor,
              (ActorRef{"Dean Witter Reynolds Inc", ActorType::organisation, false}));
    EXPECT_EQ(names_in(gazetteer, "bonds led by Morgan Guaranty Trust"),
              Names{"Morgan Guaranty Trust"});
    EXPECT_EQ(names_in(gazetteer, "audited by Arthur Andersen & Co"),
              Names{"Arthur Andersen & Co"});
    EXPECT_EQ(names_in(gazetteer, "Director Dean Witter Inc"), Names{"Dean Witter Inc"});
    // A title word right before the end word is the organisation's own.
    EXPECT_EQ(names_in(gazetteer, "at the Director League club"), Names{"Director League"});
    EXPECT_EQ(names_in(gazetteer, "said the Ministry of Defence"), Names{"Ministry of Defence"});
    EXPECT_EQ(names_in(gazetteer, "former skipper Gary Speed and United team-mate"),
              Names{"Gary Speed"});
    EXPECT_EQ(names_in(gazetteer, "the Department of Work and Pensions said"),
              Names{"Department of Work and Pensions"});
    EXPECT_EQ(
        names_in(gazetteer, "Director of the Office of Management and Budget James Miller said"),
        (Names{"Office of Management and Budget", "James Miller"}));
    EXPECT_EQ(names_in(gazetteer, "at Asia Pacific Economic Co-operation talks"), Names{});
    EXPECT_EQ(names_in(gazetteer, "shares of Allied Irish Banks rose"),
              Names{"Allied Irish Banks"});
    EXPECT_EQ(names_in(gazetteer, "IBM Corp and Bolton Wanderers"),
              (Names{"IBM Corp", "Bolton Wanderers"}));
}

TEST(Gazetteer, LineOfSportsResultsNamesTwoTeams) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(
        names_in(gazetteer, "Results:\nBolton 2 Chelsea 1\nInter Milan 3 Lazio 0 (halftime 1-0)"),
        (Names{"Bolton", "Chelsea", "Inter Milan", "Lazio"}));
    const auto matches = gazetteer.match("Aston Villa 2 Leeds 0");
    ASSERT_EQ(matches.size(), 2U);
    EXPECT_EQ(matches[1].actor, (ActorRef{"Leeds", ActorType::organisation, false}));
    // Known national sides stay countries; prose with numbers is no result.
    EXPECT_EQ(names_in(gazetteer, "China 2 India 1"), (Names{"China", "India"}));
    EXPECT_EQ(names_in(gazetteer, "Shares rose 2 Points 3 times"), Names{});
    EXPECT_EQ(names_in(gazetteer, "He said Bolton 2 Chelsea 1"), Names{});  // not a line's start
}

TEST(Gazetteer, OrganisationPatternsLeaveKnownNamesAndLoneWordsAlone) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "the Bank said"), Names{});        // no name before it
    EXPECT_EQ(names_in(gazetteer, "SHARES OF ACME CORP"), Names{});  // a heading
    EXPECT_EQ(names_in(gazetteer, "the Biden National Security Council"),
              (Names{"Joe Biden", "National Security Council"}));
    EXPECT_EQ(names_in(gazetteer, "the Kurdistan Workers' Party said"),
              Names{"Kurdistan Workers' Party"});  // the gazetteer's entry
}

TEST(Gazetteer, DemonymBeforeTitleAndKnownNameDetectsNoTitleAsPerson) {
    const ActorGazetteer gazetteer = fixture();
    const auto matches = gazetteer.match("Chinese Foreign Minister Wang Yi said");
    EXPECT_EQ(names(matches), (Names{"China", "Wang Yi"}));
    for (const ActorMatch& match : matches)
        EXPECT_TRUE(match.actor.known);
    EXPECT_EQ(names_in(gazetteer, "Russian Deputy Foreign Minister Jane Roe"),
              (Names{"Russia", "Jane Roe"}));
}

TEST(Gazetteer, KnownSurnameAfterTitleWinsOverDetectedFirstName) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "President Joseph Biden"), Names{"Joe Biden"});
}

TEST(Gazetteer, DottedTitleAllowsFullStopBeforeName) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(names_in(gazetteer, "Mr. John Smith said"), Names{"John Smith"});
    EXPECT_EQ(names_in(gazetteer, "Mr. Biden said"), Names{"Joe Biden"});
}

// ---- Resolving query names ----------------------------------------------------

TEST(Gazetteer, ResolvesNamesAndAliasesIgnoringCase) {
    const ActorGazetteer gazetteer = fixture();
    for (const char* form : {"putin", "Putin", "Vladimir Putin", "vladimir putin", "PUTIN"}) {
        const Actor* actor = gazetteer.resolve(form);
        ASSERT_NE(actor, nullptr) << form;
        EXPECT_EQ(actor->name, "Vladimir Putin") << form;
    }
    for (const char* form : {"KREMLIN", "kremlin", "Kremlin"}) {
        const Actor* actor = gazetteer.resolve(form);
        ASSERT_NE(actor, nullptr) << form;
        EXPECT_EQ(actor->name, "Russia") << form;
    }
}

TEST(Gazetteer, ResolvesAliasAndCanonicalNameToTheSameActor) {
    const ActorGazetteer gazetteer = fixture();
    const Actor* by_alias = gazetteer.resolve("lavrov");
    ASSERT_NE(by_alias, nullptr);
    EXPECT_EQ(by_alias->name, "Sergey Lavrov");
    EXPECT_EQ(gazetteer.resolve("Sergey Lavrov"), by_alias);
    EXPECT_EQ(gazetteer.resolve("sergei lavrov"), by_alias);
    EXPECT_EQ(gazetteer.resolve("u.s."), gazetteer.resolve("United States"));
}

TEST(Gazetteer, ResolveReturnsNullForUnknownNames) {
    const ActorGazetteer gazetteer = fixture();
    EXPECT_EQ(gazetteer.resolve("Jane Roe"), nullptr);
    EXPECT_EQ(gazetteer.resolve(""), nullptr);
    EXPECT_EQ(gazetteer.resolve("South China Sea"), nullptr);
    EXPECT_EQ(gazetteer.resolve("Sino"), nullptr);
}

TEST(Gazetteer, ResolvePrefersTheAliasWrittenInTheSameCase) {
    const ActorGazetteer gazetteer = ActorGazetteer::from_json(nlohmann::json::parse(R"json({
      "actors": [
        {"name": "United States", "type": "country", "aliases": ["US"]},
        {"name": "Us Weekly", "type": "organisation", "aliases": ["Us"]}
      ]})json"),
                                                               "case.json");
    ASSERT_NE(gazetteer.resolve("US"), nullptr);
    EXPECT_EQ(gazetteer.resolve("US")->name, "United States");
    ASSERT_NE(gazetteer.resolve("Us"), nullptr);
    EXPECT_EQ(gazetteer.resolve("Us")->name, "Us Weekly");
    // Matching stays exact as well: the ALL-CAPS form of "Us" does not take "US".
    EXPECT_EQ(names_in(gazetteer, "Us and US"), (Names{"Us Weekly", "United States"}));
}

// ---- Merging ----------------------------------------------------------------

ActorGazetteer fixture_with_extra() {
    ActorGazetteer gazetteer = fixture();
    gazetteer.merge(
        ActorGazetteer::load(std::filesystem::path(DOSSIER_TEST_DATA_DIR) / "actors-extra.json"));
    return gazetteer;
}

TEST(Gazetteer, MergeAddsActorsTitlesAndExclusions) {
    const ActorGazetteer gazetteer = fixture_with_extra();
    EXPECT_EQ(names_in(gazetteer, "Senator John Doe toured Russian Hill and met the SCO"),
              (Names{"John Doe", "Shanghai Cooperation Organisation"}));
    EXPECT_EQ(names_in(gazetteer, "Russian troops"), Names{"Russia"});
    const auto matches = gazetteer.match("Chancellor Jane Roe");
    ASSERT_EQ(matches.size(), 1U);
    EXPECT_EQ(matches[0].actor, (ActorRef{"Jane Roe", ActorType::person, true}));
}

TEST(Gazetteer, MergeUnitesAliasesOfActorsWithTheSameName) {
    const ActorGazetteer gazetteer = fixture_with_extra();
    const auto& actors = gazetteer.actors();
    EXPECT_EQ(std::count_if(actors.begin(), actors.end(),
                            [](const Actor& a) { return a.name == "Vladimir Putin"; }),
              1);
    const Actor* putin = gazetteer.resolve("Vladimir Putin");
    ASSERT_NE(putin, nullptr);
    EXPECT_EQ(putin->aliases, (Names{"Putin", "Vladimir Vladimirovich Putin"}));
    EXPECT_EQ(slices_in(gazetteer, "Vladimir Vladimirovich Putin and Putin"),
              (Names{"Vladimir Vladimirovich Putin", "Putin"}));
}

// An alias that two files give to different actors belongs to the later file.
TEST(Gazetteer, MergeGivesContestedAliasToTheLaterFile) {
    const ActorGazetteer gazetteer = fixture_with_extra();
    ASSERT_NE(gazetteer.resolve("Kremlin"), nullptr);
    EXPECT_EQ(gazetteer.resolve("Kremlin")->name, "Presidential Executive Office");
    EXPECT_EQ(names_in(gazetteer, "the Kremlin said"), Names{"Presidential Executive Office"});
    const Actor* russia = gazetteer.resolve("Russia");
    ASSERT_NE(russia, nullptr);
    EXPECT_EQ(std::count(russia->aliases.begin(), russia->aliases.end(), "Kremlin"), 0);
}

TEST(Gazetteer, MergeKeepsCanonicalNameWithItsActor) {
    ActorGazetteer gazetteer = fixture();
    gazetteer.merge(ActorGazetteer::from_json(nlohmann::json::parse(R"json({
      "not_actors": ["China"],
      "actors": [
        {"name": "Russian Federation", "type": "country", "aliases": ["Russia", "RF"]}
      ]})json"),
                                              "later.json"));
    ASSERT_NE(gazetteer.resolve("Russia"), nullptr);
    EXPECT_EQ(gazetteer.resolve("Russia")->name, "Russia");
    ASSERT_NE(gazetteer.resolve("RF"), nullptr);
    EXPECT_EQ(gazetteer.resolve("RF")->aliases, Names{"RF"});
    EXPECT_EQ(names_in(gazetteer, "China and Russia"), (Names{"China", "Russia"}));
    // Every form has one owner, so the merged gazetteer is valid data again.
    EXPECT_NO_THROW(ActorGazetteer::from_json(gazetteer.to_json(), "round trip"));
}

// "Russia;" and "Russia" read the same (one key): a later file's "Russia;"
// is the existing actor, not a second one that would not load again.
TEST(Gazetteer, MergeTakesANameThatReadsAsAnExistingOneForThatActor) {
    ActorGazetteer gazetteer = fixture();
    const std::size_t before = gazetteer.actors().size();
    gazetteer.merge(ActorGazetteer::from_json(nlohmann::json::parse(R"json({
      "actors": [
        {"name": "Russia;", "type": "country", "aliases": ["russia", "Rossiya"]}
      ]})json"),
                                              "later.json"));
    EXPECT_EQ(gazetteer.actors().size(), before);
    ASSERT_NE(gazetteer.resolve("Rossiya"), nullptr);
    EXPECT_EQ(gazetteer.resolve("Rossiya")->name, "Russia");
    EXPECT_EQ(names_in(gazetteer, "Rossiya and Russia"), (Names{"Russia", "Russia"}));
    EXPECT_NO_THROW(ActorGazetteer::from_json(gazetteer.to_json(), "round trip"));
}

// ---- Loading and validation ---------------------------------------------------

std::filesystem::path write_temp_file(const std::string& name, const std::string& content) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << content;
    return path;
}

TEST(Gazetteer, LoadRejectsInvalidJsonNamingFileAndLine) {
    const auto path =
        write_temp_file("dossier-gazetteer-bad.json",
                        "{\"version\": 1,\n\"actors\": [\n{\"name\": \"China\",,}\n]}");
    const std::string message = error_of([&] { ActorGazetteer::load(path); });
    EXPECT_EQ(message.rfind(path.string() + ":3: invalid JSON", 0), 0U) << message;
    std::filesystem::remove(path);
}

TEST(Gazetteer, LoadRejectsANumberNoDoubleHoldsAsInvalidJson) {
    const auto path =
        write_temp_file("dossier-gazetteer-huge.json", "{\"version\": 1e999, \"actors\": []}");
    const std::string message = error_of([&] { ActorGazetteer::load(path); });
    EXPECT_EQ(message.rfind(path.string() + ": invalid JSON", 0), 0U) << message;
    std::filesystem::remove(path);
}

TEST(Gazetteer, LoadRejectsMissingFileNamingIt) {
    const std::string message = error_of([] { ActorGazetteer::load("/nonexistent/actors.json"); });
    EXPECT_EQ(message.rfind("/nonexistent/actors.json: ", 0), 0U) << message;
}

TEST(Gazetteer, RejectsUnknownTypeNamingTheEntry) {
    const std::string message = error_of_json(R"json({"actors": [
        {"name": "China", "type": "country"},
        {"name": "Jane Roe", "type": "persn"}]})json");
    EXPECT_EQ(message.rfind("bad.json: actors[1] (\"Jane Roe\"): unknown type \"persn\"", 0), 0U)
        << message;
}

TEST(Gazetteer, RejectsActorWithoutName) {
    const std::string message = error_of_json(R"json({"actors": [
        {"name": "China", "type": "country"},
        {"type": "person", "aliases": ["Roe"]}]})json");
    EXPECT_EQ(message.rfind("bad.json: actors[1]: missing name", 0), 0U) << message;
}

TEST(Gazetteer, RejectsDuplicateNameInOneFile) {
    const std::string message = error_of_json(R"json({"actors": [
        {"name": "China", "type": "country"},
        {"name": "Russia", "type": "country"},
        {"name": "China", "type": "country", "aliases": ["PRC"]}]})json");
    EXPECT_EQ(
        message.rfind("bad.json: actors[2] (\"China\"): duplicate name, first at actors[0]", 0), 0U)
        << message;
}

TEST(Gazetteer, RejectsAliasClaimedByTwoActorsInOneFile) {
    const std::string message = error_of_json(R"json({"actors": [
        {"name": "Russia", "type": "country", "aliases": ["Kremlin"]},
        {"name": "Vladimir Putin", "type": "person", "aliases": ["Kremlin"]}]})json");
    EXPECT_EQ(message.rfind("bad.json: actors[1] (\"Vladimir Putin\"): \"Kremlin\" is already "
                            "claimed by \"Russia\"",
                            0),
              0U)
        << message;
}

TEST(Gazetteer, RejectsMisspelledFieldInsteadOfIgnoringIt) {
    const std::string message = error_of_json(R"json({"actors": [
        {"name": "China", "type": "country", "alias": ["PRC"]}]})json");
    EXPECT_EQ(message.rfind("bad.json: actors[0] (\"China\"): unknown field \"alias\"", 0), 0U)
        << message;
}

TEST(Gazetteer, RejectsNonObjectAndMissingActors) {
    EXPECT_EQ(error_of_json("[1, 2]").rfind("bad.json: ", 0), 0U);
    EXPECT_EQ(error_of_json(R"({"version": 1})").rfind("bad.json: actors: ", 0), 0U);
    EXPECT_EQ(error_of_json(R"({"version": 2, "actors": []})").rfind("bad.json: version: ", 0), 0U);
}

TEST(Gazetteer, ToJsonRoundTrips) {
    const ActorGazetteer original = fixture_with_extra();
    const ActorGazetteer copy = ActorGazetteer::from_json(original.to_json(), "round trip");
    ASSERT_EQ(copy.actors().size(), original.actors().size());
    for (std::size_t i = 0; i < original.actors().size(); ++i) {
        const Actor& a = original.actors()[i];
        const Actor& b = copy.actors()[i];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.type, b.type);
        EXPECT_EQ(a.aliases, b.aliases);
        EXPECT_EQ(a.prefixes, b.prefixes);
    }
    EXPECT_EQ(copy.to_json(), original.to_json());
    const std::string text =
        "Senator Jane Roe, the Kremlin and Sino-Indian ties in the South China Sea";
    EXPECT_EQ(names_in(copy, text), names_in(original, text));
}

// ---- The real gazetteer on the real corpus ------------------------------------

const std::filesystem::path kSourceDir = DOSSIER_SOURCE_DIR;

const ActorGazetteer& real_gazetteer() {
    static const ActorGazetteer gazetteer =
        ActorGazetteer::load(kSourceDir / "corpus" / "actors.json");
    return gazetteer;
}

// The text of the corpus page whose file name starts with `number` ("002").
std::string corpus_page(const std::string& number) {
    for (const auto& entry : std::filesystem::directory_iterator(kSourceDir / "corpus")) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(number + "_", 0) == 0 && entry.path().extension() == ".txt") {
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            return std::move(text).str();
        }
    }
    ADD_FAILURE() << "no corpus page " << number;
    return "";
}

std::vector<std::string> corpus_pages() {
    std::vector<std::string> numbers;
    for (const auto& entry : std::filesystem::directory_iterator(kSourceDir / "corpus")) {
        if (entry.path().extension() == ".txt") {
            numbers.push_back(entry.path().filename().string().substr(0, 3));
        }
    }
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// The canonical name of `form` in the real gazetteer; records a failure when
// the data file does not know it.
std::string known_name(const std::string& form) {
    const Actor* actor = real_gazetteer().resolve(form);
    if (actor == nullptr) {
        ADD_FAILURE() << "corpus/actors.json does not know \"" << form << "\"";
        return form;
    }
    return actor->name;
}

TEST(GazetteerCorpus, FalseFriendsAreNoActors) {
    for (const char* text :
         {"a plate of French fries", "a game of Chinese checkers", "Turkish delight",
          "a round of Russian roulette", "Swiss cheese", "the South China Sea",
          "across the Indo-Pacific", "let us go", "tell us why"}) {
        std::vector<std::string> found;
        for (const ActorMatch& m : real_gazetteer().match(text))
            found.push_back(m.actor.name);
        EXPECT_TRUE(found.empty()) << text << " gave " << (found.empty() ? "" : found[0]);
    }
    // ... while the same words in earnest are actors.
    std::vector<std::string> found;
    for (const ActorMatch& m :
         real_gazetteer().match("French and Chinese officials met the US envoy")) {
        found.push_back(m.actor.name);
    }
    EXPECT_EQ(found, (std::vector<std::string>{"France", "China", "United States"}));
}

TEST(GazetteerCorpus, RealGazetteerLoads) {
    EXPECT_NO_THROW(real_gazetteer());
    EXPECT_FALSE(real_gazetteer().actors().empty());
}

// Every form the data file lists is found in a sentence as its own actor, and
// resolves to it: catches forms the tokenizer cannot match and forms that a
// longer alias or an exclusion swallows.
TEST(GazetteerCorpus, EveryRealNameAndAliasMatchesAndResolvesToItsActor) {
    for (const Actor& actor : real_gazetteer().actors()) {
        std::vector<std::string> forms{actor.name};
        forms.insert(forms.end(), actor.aliases.begin(), actor.aliases.end());
        for (const std::string& form : forms) {
            // "said": a capital names its country only where it acts.
            EXPECT_EQ(names_in(real_gazetteer(), "so " + form + " said today"), Names{actor.name})
                << form;
            const Actor* resolved = real_gazetteer().resolve(form);
            EXPECT_TRUE(resolved != nullptr && resolved->name == actor.name) << form;
        }
    }
}

TEST(GazetteerCorpus, RolesBeforeANameIntroduceAPersonWithoutAGivenName) {
    EXPECT_EQ(names_in(real_gazetteer(), "when Uzbek striker Nurlan Shkvyrin scored"),
              (Names{"Uzbekistan", "Nurlan Shkvyrin"}));
    EXPECT_EQ(names_in(real_gazetteer(), "the party leader Hashan Tillakaratne"),
              Names{"Hashan Tillakaratne"});
    EXPECT_EQ(names_in(real_gazetteer(), "the coach General Motors hired"),
              Names{"General Motors"});
}

TEST(GazetteerCorpus, Page002NamesItsPeopleAndOrganisations) {
    const std::string text = corpus_page("002");
    const auto found = names_in(real_gazetteer(), text);
    for (const char* form : {"Wang Yi", "Sergey Lavrov", "Rush Doshi", "NATO", "OSCE", "China",
                             "Russia", "United States"}) {
        EXPECT_TRUE(contains(found, known_name(form))) << form;
    }
    // Known to the gazetteer or detected from "professor", either will do.
    const Actor* mearsheimer = real_gazetteer().resolve("John Mearsheimer");
    EXPECT_TRUE(contains(found, mearsheimer ? mearsheimer->name : "John Mearsheimer"));

    // "Minister Lavrov stated": the title and the alias together.
    const std::size_t at = text.find("Minister Lavrov stated");
    ASSERT_NE(at, std::string::npos);
    const auto matches = real_gazetteer().match(text);
    const auto lavrov = std::find_if(matches.begin(), matches.end(), [&](const ActorMatch& m) {
        return m.begin == at + std::string_view("Minister ").size();
    });
    ASSERT_NE(lavrov, matches.end());
    EXPECT_EQ(lavrov->actor.name, known_name("Sergey Lavrov"));
    EXPECT_TRUE(lavrov->actor.known);
}

TEST(GazetteerCorpus, Page000NamesLeadersAndBlocs) {
    const auto found = names_in(real_gazetteer(), corpus_page("000"));
    for (const char* form :
         {"Xi Jinping", "Vladimir Putin", "SCO", "BRICS", "NATO", "United Nations"}) {
        EXPECT_TRUE(contains(found, known_name(form))) << form;
    }
}

// The corpus writes the country "US" often and the pronoun "us" never, so the
// test lower-cases every "US" of the real pages: each must stop matching.
TEST(GazetteerCorpus, LowerCaseUsIsNeverTheUnitedStates) {
    const std::string united_states = known_name("United States");
    std::size_t lowered_total = 0;
    for (const std::string& number : corpus_pages()) {
        SCOPED_TRACE(number);
        const std::string text = corpus_page(number);
        std::string lowered = text;
        std::size_t lowered_here = 0;
        for (const ActorMatch& match : real_gazetteer().match(text)) {
            if (text.compare(match.begin, match.end - match.begin, "US") == 0) {
                lowered.replace(match.begin, 2, "us");
                ++lowered_here;
            }
        }
        const auto count_us = [&](const std::string& page) {
            const auto found = names_in(real_gazetteer(), page);
            return static_cast<std::size_t>(std::count(found.begin(), found.end(), united_states));
        };
        EXPECT_EQ(count_us(lowered), count_us(text) - lowered_here);
        for (const ActorMatch& match : real_gazetteer().match(lowered)) {
            EXPECT_NE(lowered.substr(match.begin, match.end - match.begin), "us");
        }
        lowered_total += lowered_here;
    }
    EXPECT_GT(lowered_total, 10U);
}

// Every person, country and organisation a reader sees on each page, by a
// form the page uses: checks the matcher and corpus/actors.json together.
struct HandList {
    const char* page;
    std::vector<const char*> known;     // must be in the gazetteer and found
    std::vector<const char*> detected;  // in the gazetteer or detected from a title
};

TEST(GazetteerCorpus, FindsEveryHandListedActorOfEachPage) {
    const std::vector<HandList> lists = {
        {"000",
         {"China", "Russia", "U.S.", "Ukraine", "Japan", "South Korea", "United Kingdom", "UAE",
          "Wang Yi", "Xi Jinping", "Vladimir Putin", "Joe Biden", "Donald Trump", "Shoigu", "NATO",
          "United Nations", "SCO", "BRICS"},
         {}},
        {"001",
         {"China", "Russia", "US", "Ukraine", "NATO", "AUKUS", "EU", "Soviet Union", "Putin", "Xi",
          "Wang Yi", "Kremlin", "Syria", "Afghanistan", "Iran", "North Korea", "OIC"},
         {"Khan"}},
        {"002",
         {"China", "Russia", "United States", "Wang Yi", "Sergey Lavrov", "Rush Doshi", "NATO",
          "OSCE", "AIIB", "CICA", "Taiwan", "Ukraine", "Soviet Union", "Biden"},
         {"John Mearsheimer"}},
        {"003",
         {"China",  "Russia",      "United States", "Joe Biden",   "Donald Trump",
          "Japan",  "South Korea", "Australia",     "India",       "UK",
          "AUKUS",  "Pakistan",    "Iran",          "North Korea", "Egypt",
          "Brazil", "New Zealand", "Maldives",      "Taiwan",      "South Africa",
          "SCO"},
         {}},
    };
    for (const HandList& list : lists) {
        SCOPED_TRACE(list.page);
        const auto found = names_in(real_gazetteer(), corpus_page(list.page));
        for (const char* form : list.known) {
            EXPECT_TRUE(contains(found, known_name(form))) << form;
        }
        for (const char* form : list.detected) {
            const Actor* actor = real_gazetteer().resolve(form);
            EXPECT_TRUE(contains(found, actor ? actor->name : form)) << form;
        }
    }
}

}  // namespace
}  // namespace dossier
