#include "indexer/dateline.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/default_gazetteer.h"

namespace dossier {
namespace {

const ActorGazetteer& gazetteer() {
    static const ActorGazetteer g = default_gazetteer();
    return g;
}

std::string country_of(std::string_view dateline, std::optional<CivilDate> date = std::nullopt) {
    const Actor* actor = dateline_country(dateline, gazetteer(), date);
    return actor ? actor->name : "";
}

TEST(Dateline, IsReadFromTheOpeningOfAWireStory) {
    EXPECT_EQ(dateline_of_text("NEW YORK (Reuters) - Credit card company American Express said"),
              "NEW YORK");
    EXPECT_EQ(dateline_of_text("TOKYO, March 3 - The yen rose."), "TOKYO, March 3");
    EXPECT_EQ(dateline_of_text("TORRANCE, Calif., March 3 - International Technology said"),
              "TORRANCE, Calif., March 3");
    EXPECT_EQ(dateline_of_text("ST. LOUIS (AP) \u2014 Shares rose."), "ST. LOUIS");
}

TEST(Dateline, OrdinaryOpeningsHaveNone) {
    EXPECT_EQ(dateline_of_text("Oper shr 17 cts vs 25 cts"), "");
    EXPECT_EQ(dateline_of_text("The bank - which said nothing - rose."), "");
    EXPECT_EQ(dateline_of_text("US-China trade - a primer"), "");  // "US-China" then lower case
    EXPECT_EQ(dateline_of_text("NATO, the alliance - founded in 1949 - met."), "");  // no date
    EXPECT_EQ(dateline_of_text(""), "");
}

TEST(Dateline, CountryComesFromRegionPlaceOrAStandaloneCity) {
    EXPECT_EQ(country_of("TORRANCE, Calif, March 3"), "United States");  // a state
    EXPECT_EQ(country_of("SPOKANE, Wash., March 9"), "United States");
    EXPECT_EQ(country_of("HALIFAX, N.S., March 2"), "Canada");  // a province
    EXPECT_EQ(country_of("TOKYO, March 3"), "Japan");           // a capital
    EXPECT_EQ(country_of("WASHINGTON, March 2"), "United States");
    EXPECT_EQ(country_of("NEW YORK"), "United States");  // AP's standalone cities
    EXPECT_EQ(country_of("LOS ANGELES, March 2"), "United States");
    EXPECT_EQ(country_of("SOMEWHERE, March 2"), "");  // unknown: no guess
    EXPECT_EQ(country_of(""), "");
}

TEST(Dateline, StateThePlaceWasInOnTheStorysDayComesFirst) {
    EXPECT_EQ(country_of("MOSCOW, March 3", CivilDate{1987, 3, 3}), "Soviet Union");
    EXPECT_EQ(country_of("MOSCOW, March 3", CivilDate{1991, 12, 25}), "Soviet Union");
    EXPECT_EQ(country_of("MOSCOW, March 3", CivilDate{1991, 12, 26}), "Russia");
    EXPECT_EQ(country_of("FRANKFURT, June 2", CivilDate{1987, 6, 2}), "West Germany");
    EXPECT_EQ(country_of("FRANKFURT, June 2", CivilDate{1990, 10, 3}), "Germany");
    EXPECT_EQ(country_of("FRANKFURT", CivilDate{1990, 0, 0}), "Germany");  // the year cannot tell
    EXPECT_EQ(country_of("ZAGREB", CivilDate{1991, 5, 1}), "Yugoslavia");
    EXPECT_EQ(country_of("BRATISLAVA", CivilDate{1992, 12, 31}), "Czechoslovakia");
    EXPECT_EQ(country_of("TOKYO", CivilDate{1987, 3, 3}), "Japan");  // no former state
    EXPECT_EQ(country_of("MOSCOW"), "Russia");                       // no date: today's
}

TEST(Dateline, AnyLargeCityGivesItsCountry) {
    EXPECT_EQ(country_of("TORONTO, March 3"), "Canada");
    EXPECT_EQ(country_of("FRANKFURT, March 3"), "Germany");  // GeoNames: "Frankfurt am Main"
    EXPECT_EQ(country_of("SYDNEY"), "Australia");            // the most populous of several Sydneys
    EXPECT_EQ(country_of("Rio de Janeiro, March 3"), "Brazil");
}

}  // namespace
}  // namespace dossier
