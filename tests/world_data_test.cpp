#include "common/world_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "common/default_gazetteer.h"
#include "common/gazetteer.h"

namespace dossier {
namespace {

TEST(WorldData, CityLookupIgnoresCaseAndKnowsOnlyLargeCities) {
    EXPECT_EQ(country_of_city("Toronto"), "Canada");
    EXPECT_EQ(country_of_city("TORONTO"), "Canada");
    EXPECT_EQ(country_of_city("Paris"), "France");     // not one of the small US Parises
    EXPECT_EQ(country_of_city("Funafuti"), "Tuvalu");  // a capital of under 100,000
    EXPECT_EQ(country_of_city("Nowhereville"), "");
    EXPECT_EQ(country_of_city(""), "");
}

// The cities file names countries as the gazetteer spells them; a renamed
// country would otherwise drop its cities from datelines without a word.
TEST(WorldData, EveryCityCountryIsADefaultGazetteerCountry) {
    const ActorGazetteer gazetteer = default_gazetteer();
    std::size_t rows = 0;
    std::string_view tsv = world_cities_tsv();
    while (!tsv.empty()) {
        const std::size_t end = std::min(tsv.find('\n'), tsv.size());
        const std::string_view line = tsv.substr(0, end);
        tsv.remove_prefix(std::min(end + 1, tsv.size()));
        if (line.empty() || line.front() == '#')
            continue;
        const std::size_t tab = line.find('\t');
        const std::string_view city = line.substr(0, tab);
        const std::string_view country = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
        const Actor* actor = gazetteer.resolve(country);
        ASSERT_NE(actor, nullptr) << city << ": " << country;
        EXPECT_EQ(actor->type, ActorType::country) << city << ": " << country;
        ++rows;
    }
    EXPECT_GT(rows, 4000u);
}

TEST(WorldData, DefaultGazetteerHasEveryCountrysPublicFormsUnderTheCuratedOnes) {
    const ActorGazetteer gazetteer = default_gazetteer();
    const auto country_of = [&](std::string_view form) {
        const Actor* actor = gazetteer.resolve(form);
        return actor && actor->type == ActorType::country ? actor->name : std::string();
    };
    EXPECT_EQ(country_of("Liechtensteiner"), "Liechtenstein");  // world-countries' demonym
    EXPECT_EQ(country_of("Kingstown"), "Saint Vincent and the Grenadines");  // its capital
    EXPECT_EQ(country_of("Congolese"), "");  // both Congos': neither's
    EXPECT_EQ(country_of("Hamilton"), "");   // Canada's Hamilton is larger than Bermuda's
    EXPECT_EQ(country_of("Britain"), "United Kingdom");  // corpus/actors.json's own forms
    EXPECT_NE(gazetteer.resolve("Vladimir Putin"), nullptr);
}

TEST(WorldData, EnglishWordsAreKnownInAnyAsciiCase) {
    EXPECT_TRUE(is_english_word("power"));
    EXPECT_TRUE(is_english_word("Power"));  // a capitalised word at a sentence's start
    EXPECT_TRUE(is_english_word("SMITH"));
    EXPECT_FALSE(is_english_word("Federer"));
    EXPECT_FALSE(is_english_word(""));
}

TEST(WorldData, GivenNamesAreSpelledAsWrittenAndFlagEnglishWords) {
    ASSERT_NE(given_name("Nadim"), nullptr);
    EXPECT_FALSE(given_name("Nadim")->is_word);
    EXPECT_GT(given_name("Brian")->births, given_name("Nadim")->births);
    ASSERT_NE(given_name("Grant"), nullptr);
    EXPECT_TRUE(given_name("Grant")->is_word);  // "a grant"
    EXPECT_EQ(given_name("NADIM"), nullptr);
    EXPECT_EQ(given_name("nadim"), nullptr);
    EXPECT_EQ(given_name("The"), nullptr);       // a word with 5 recorded births: no name
    ASSERT_NE(given_name("Grzegorz"), nullptr);  // from faker's Polish names
    ASSERT_NE(given_name("Zdenek"), nullptr);    // Czech "Zdeněk", without its accent
}

}  // namespace
}  // namespace dossier
