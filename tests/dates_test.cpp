#include "common/dates.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {
namespace {

using std::chrono::Monday;
using std::chrono::Saturday;
using std::chrono::Thursday;
using std::chrono::Tuesday;
using std::chrono::Wednesday;

constexpr CivilDate kToday{2026, 11, 23};  // a Monday

// The text each mention claims, so a test can check the offsets point at it.
std::vector<std::string> mentioned_texts(std::string_view text,
                                         std::optional<int> context_year = std::nullopt) {
    std::vector<std::string> texts;
    for (const DateMention& mention : find_date_mentions(text, context_year)) {
        texts.emplace_back(text.substr(mention.begin, mention.end - mention.begin));
    }
    return texts;
}

std::vector<CivilDate> mentioned_dates(std::string_view text,
                                       std::optional<int> context_year = std::nullopt) {
    std::vector<CivilDate> dates;
    for (const DateMention& mention : find_date_mentions(text, context_year)) {
        dates.push_back(mention.date);
    }
    return dates;
}

TEST(Dates, FormatsCivilDateAsIsoAtItsPrecision) {
    EXPECT_EQ((CivilDate{2024, 12, 10}.iso()), "2024-12-10");
    EXPECT_EQ((CivilDate{2024, 3, 0}.iso()), "2024-03");
    EXPECT_EQ((CivilDate{2024, 0, 0}.iso()), "2024");
}

TEST(Dates, FormatsOnlyFullDatesAsYyyymmdd) {
    EXPECT_EQ((CivilDate{2024, 4, 9}.yyyymmdd()), "20240409");
    EXPECT_EQ((CivilDate{2024, 4, 0}.yyyymmdd()), "");
    EXPECT_EQ((CivilDate{2024, 0, 0}.yyyymmdd()), "");
}

TEST(Dates, ParsesHeaderDateWithWeekday) {
    EXPECT_EQ(parse_header_date("Tuesday, December 10, 2024"), (CivilDate{2024, 12, 10}));
    EXPECT_EQ(parse_header_date("Sunday, July 21, 2024"), (CivilDate{2024, 7, 21}));
    EXPECT_EQ(parse_header_date("TUESDAY, DECEMBER 10, 2024"), (CivilDate{2024, 12, 10}));
    EXPECT_EQ(parse_header_date("Tue 10 Dec 2024"), (CivilDate{2024, 12, 10}));
}

TEST(Dates, ParsesHeaderDateInEveryCommonOrder) {
    EXPECT_EQ(parse_header_date("December 10, 2024"), (CivilDate{2024, 12, 10}));
    EXPECT_EQ(parse_header_date("10 December 2024"), (CivilDate{2024, 12, 10}));
    EXPECT_EQ(parse_header_date("10th of December, 2024"), (CivilDate{2024, 12, 10}));
    EXPECT_EQ(parse_header_date("Dec. 10, 2024"), (CivilDate{2024, 12, 10}));
    EXPECT_EQ(parse_header_date("Sept. 5, 2024"), (CivilDate{2024, 9, 5}));
    EXPECT_EQ(parse_header_date("2024-12-10"), (CivilDate{2024, 12, 10}));
}

TEST(Dates, ParsesHeaderDateFramedByPunctuationAndBlanks) {
    EXPECT_EQ(parse_header_date("| Sunday, July 21, 2024 |"), (CivilDate{2024, 7, 21}));
    EXPECT_EQ(parse_header_date("\xC2\xA0 December 10, 2024\r"), (CivilDate{2024, 12, 10}));
}

TEST(Dates, RejectsHeaderDateWhoseWeekdayContradictsIt) {
    EXPECT_EQ(parse_header_date("Monday, December 10, 2024"), std::nullopt);
}

TEST(Dates, RejectsHeaderLineThatHoldsMoreThanADate) {
    EXPECT_EQ(parse_header_date("December 10, 2024 was a Tuesday"), std::nullopt);
    EXPECT_EQ(parse_header_date("Published December 10, 2024"), std::nullopt);
    EXPECT_EQ(parse_header_date("December 2024"), std::nullopt);
    EXPECT_EQ(parse_header_date("Date:"), std::nullopt);
    EXPECT_EQ(parse_header_date(""), std::nullopt);
}

TEST(Dates, RejectsDayThatDoesNotExist) {
    EXPECT_EQ(parse_header_date("February 30, 2024"), std::nullopt);
    EXPECT_EQ(parse_header_date("April 31, 2024"), std::nullopt);
    EXPECT_EQ(parse_header_date("2023-02-29"), std::nullopt);
    EXPECT_EQ(parse_header_date("Thursday, February 29, 2024"), (CivilDate{2024, 2, 29}));
}

TEST(Dates, ParsesIsoDateFieldsAtTheirPrecision) {
    EXPECT_EQ(parse_iso_date("2006-10-23T18:42:00-04:00"), (CivilDate{2006, 10, 23}));
    EXPECT_EQ(parse_iso_date("1987-02-26T15:01:01"), (CivilDate{1987, 2, 26}));
    EXPECT_EQ(parse_iso_date("2024-12-10"), (CivilDate{2024, 12, 10}));
    EXPECT_EQ(parse_iso_date("2024-12"), (CivilDate{2024, 12, 0}));
    EXPECT_EQ(parse_iso_date("2024"), (CivilDate{2024, 0, 0}));
}

TEST(Dates, KeepsIsoCalendarDayAsWrittenWhateverTheZone) {
    // 23:30 at UTC-4 is already the next day in UTC; the article's own day counts.
    EXPECT_EQ(parse_iso_date("2006-10-23T23:30:00-04:00"), (CivilDate{2006, 10, 23}));
}

TEST(Dates, RejectsMalformedIsoDates) {
    EXPECT_EQ(parse_iso_date("2024-13-01"), std::nullopt);
    EXPECT_EQ(parse_iso_date("2023-02-29"), std::nullopt);
    EXPECT_EQ(parse_iso_date("2024-12-10Tnoon"), std::nullopt);
    EXPECT_EQ(parse_iso_date("December 10, 2024"), std::nullopt);
    EXPECT_EQ(parse_iso_date(""), std::nullopt);
}

TEST(Dates, FindsLeadDateWithWeekdayAndNoYear) {
    const auto lead = find_lead_date("On Tuesday, April 9, Chinese State Official Wang Yi hosted");
    ASSERT_TRUE(lead.has_value());
    EXPECT_EQ(lead->weekday, Tuesday);
    EXPECT_EQ(lead->month, 4u);
    EXPECT_EQ(lead->day, 9u);
    EXPECT_EQ(lead->year, std::nullopt);
}

TEST(Dates, FindsLeadDateWithYearOrInParentheses) {
    const auto with_year = find_lead_date("On April 9, 2024, the ministers met in Beijing.");
    ASSERT_TRUE(with_year.has_value());
    EXPECT_EQ(with_year->weekday, std::nullopt);
    EXPECT_EQ(with_year->year, 2024);
    EXPECT_EQ(with_year->month, 4u);

    const auto bracketed = find_lead_date("Tuesday (April 9) the ministers met in Beijing.");
    ASSERT_TRUE(bracketed.has_value());
    EXPECT_EQ(bracketed->weekday, Tuesday);
    EXPECT_EQ(bracketed->day, 9u);
}

TEST(Dates, RejectsLeadDateWhoseWeekdayContradictsItsYear) {
    EXPECT_TRUE(find_lead_date("On Tuesday, April 9, 2024, they met.").has_value());
    EXPECT_FALSE(find_lead_date("On Wednesday, April 9, 2024, they met.").has_value());
}

TEST(Dates, FindsNoLeadDateInSentenceThatDoesNotOpenWithOne) {
    EXPECT_FALSE(find_lead_date("The ministers met on April 9 in Beijing.").has_value());
    EXPECT_FALSE(find_lead_date("On Tuesday the ministers met in Beijing.").has_value());
    EXPECT_FALSE(find_lead_date("On April 31, they met.").has_value());
    EXPECT_FALSE(find_lead_date("").has_value());
}

TEST(Dates, ResolvesWeekdayWithoutYearToMostRecentMatchingYear) {
    // April 9 fell on a Tuesday in 2024 and 2019; 2030 is after today.
    EXPECT_EQ(resolve_weekday_year(4, 9, Tuesday, kToday, {}), 2024);
}

TEST(Dates, ResolvesWeekdayToLatestNamedYearThatFits) {
    // 2014-04-09 was a Wednesday, 2013 and 2019 Tuesdays: the article's own
    // years win over the more recent 2024.
    EXPECT_EQ(resolve_weekday_year(4, 9, Tuesday, kToday, {2013, 2014, 2019}), 2019);
    EXPECT_EQ(resolve_weekday_year(4, 9, Wednesday, kToday, {2013, 2014, 2019}), 2014);
}

TEST(Dates, ResolvesWeekdayIgnoringNamedYearsThatDoNotFit) {
    // 2030-04-09 is a Tuesday but after today; 2014-04-09 is not a Tuesday.
    EXPECT_EQ(resolve_weekday_year(4, 9, Tuesday, kToday, {2014, 2030}), 2024);
}

TEST(Dates, ResolvesWeekdayNeverAfterTodayButTodayItself) {
    EXPECT_EQ(resolve_weekday_year(11, 23, Monday, kToday, {}), 2026);
    // November 24, 2026 is a Tuesday, but tomorrow: the previous Tuesday one is 2020.
    EXPECT_EQ(resolve_weekday_year(11, 24, Tuesday, kToday, {2026}), 2020);
}

TEST(Dates, ResolvesLeapDayWeekday) {
    EXPECT_EQ(resolve_weekday_year(2, 29, Thursday, kToday, {}), 2024);
    EXPECT_EQ(resolve_weekday_year(2, 29, Saturday, kToday, {}), 2020);
    // 2028-02-29 is a Tuesday but in the future; the one before is 2000.
    EXPECT_EQ(resolve_weekday_year(2, 29, Tuesday, kToday, {}), 2000);
}

TEST(Dates, ResolvesNoYearForDayThatDoesNotExist) {
    EXPECT_EQ(resolve_weekday_year(4, 31, Tuesday, kToday, {}), std::nullopt);
    EXPECT_EQ(resolve_weekday_year(2, 30, Tuesday, kToday, {}), std::nullopt);
    EXPECT_EQ(resolve_weekday_year(13, 1, Tuesday, kToday, {}), std::nullopt);
    EXPECT_EQ(resolve_weekday_year(0, 1, Tuesday, kToday, {}), std::nullopt);
}

TEST(Dates, FindsFullDateMentionsInBothOrders) {
    const std::string_view text = "in Moscow on June 24, 2020, and again on 24 June 2021.";
    EXPECT_EQ(mentioned_texts(text), (std::vector<std::string>{"June 24, 2020", "24 June 2021"}));
    EXPECT_EQ(mentioned_dates(text),
              (std::vector<CivilDate>{CivilDate{2020, 6, 24}, CivilDate{2021, 6, 24}}));
}

TEST(Dates, FindsMonthAndYearMention) {
    const std::string_view text = "Talks stalled in June 2020 and resumed in Sept. 2021.";
    EXPECT_EQ(mentioned_texts(text), (std::vector<std::string>{"June 2020", "Sept. 2021"}));
    EXPECT_EQ(mentioned_dates(text),
              (std::vector<CivilDate>{CivilDate{2020, 6, 0}, CivilDate{2021, 9, 0}}));
}

TEST(Dates, FindsBareYearsStandingAsWords) {
    const std::string_view text = "Since 2012, the 2014 sanctions (2024) and mid-2020 plans";
    EXPECT_EQ(mentioned_texts(text), (std::vector<std::string>{"2012", "2014", "2024", "2020"}));
    EXPECT_EQ(mentioned_dates(text)[1], (CivilDate{2014, 0, 0}));
}

TEST(Dates, FindsBothYearsOfARange) {
    const std::string_view text =
        "He served 2006-2012 and 1998\xE2\x80\x93"
        "2001.";
    const auto mentions = find_date_mentions(text);
    ASSERT_EQ(mentions.size(), 4u);
    EXPECT_EQ(mentions[0].begin, 10u);
    EXPECT_EQ(mentions[0].end, 14u);
    EXPECT_EQ(mentions[1].begin, 15u);
    EXPECT_EQ(mentions[1].date.year, 2012);
    EXPECT_EQ(mentioned_texts(text), (std::vector<std::string>{"2006", "2012", "1998", "2001"}));
}

TEST(Dates, IgnoresNumbersThatAreNotYears) {
    EXPECT_TRUE(find_date_mentions("a budget of $2024 million").empty());
    EXPECT_TRUE(find_date_mentions("a budget of 2024 million dollars").empty());
    EXPECT_TRUE(find_date_mentions("about 2,000 troops and 1500 soldiers").empty());
    EXPECT_TRUE(find_date_mentions("a rate of 2024.5 and 2050%").empty());
    EXPECT_TRUE(find_date_mentions("the Su-57 and the A2024 model").empty());
    EXPECT_TRUE(find_date_mentions("call 555-2024 or +1 202 555 2024").empty());
    EXPECT_TRUE(find_date_mentions("case 10-2024 and code 2024-5555").empty());
    EXPECT_TRUE(find_date_mentions("\xE2\x82\xAC"
                                   "2024 and \xC2\xA3 1999")
                    .empty());
    EXPECT_TRUE(find_date_mentions("the numbers 12345 and 20240").empty());
}

TEST(Dates, SkipsDecadesWhichAreNotOneYear) {
    // A CivilDate cannot say "1990-1999"; reporting 1990 would claim a year
    // the text does not name.
    EXPECT_TRUE(find_date_mentions("in the 1990s and the 2010s").empty());
}

TEST(Dates, ReadsMonthNamesInRunningTextOnlyWhenCapitalised) {
    // "may" and "march" are verbs more often than months; the year still counts.
    EXPECT_EQ(mentioned_texts("they may 2020 march"), (std::vector<std::string>{"2020"}));
    EXPECT_EQ(mentioned_texts("in May 2020"), (std::vector<std::string>{"May 2020"}));
}

TEST(Dates, GivesMonthAndDayWithoutYearTheContextYear) {
    EXPECT_TRUE(find_date_mentions("On April 9, they met.").empty());
    const std::string_view text = "On April 9, they met; on 12 May they parted.";
    EXPECT_EQ(mentioned_texts(text, 2024), (std::vector<std::string>{"April 9", "12 May"}));
    EXPECT_EQ(mentioned_dates(text, 2024),
              (std::vector<CivilDate>{CivilDate{2024, 4, 9}, CivilDate{2024, 5, 12}}));
}

TEST(Dates, DropsContextYearWhenTheDayDoesNotExistThatYear) {
    EXPECT_TRUE(find_date_mentions("on February 29 they met", 2023).empty());
    EXPECT_EQ(mentioned_dates("on February 29 they met", 2024),
              (std::vector<CivilDate>{CivilDate{2024, 2, 29}}));
}

TEST(Dates, FindsNamedYearsDistinctInOrderOfFirstMention) {
    const std::string_view text =
        "The 2014 sanctions. Since 2012, drills. In 2014 again. On June 24, 2020, a parade. "
        "$2024 million.";
    EXPECT_EQ(find_named_years(text), (std::vector<int>{2014, 2012, 2020}));
    EXPECT_TRUE(find_named_years("").empty());
}

TEST(Dates, TodayUtcIsTheSystemClocksCalendarDay) {
    const std::chrono::year_month_day expected{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    const CivilDate today = today_utc();
    // Guard against the test straddling midnight UTC.
    const std::chrono::year_month_day after{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    const auto as_civil = [](std::chrono::year_month_day ymd) {
        return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                         static_cast<unsigned>(ymd.day())};
    };
    EXPECT_TRUE(today == as_civil(expected) || today == as_civil(after));
    EXPECT_TRUE(today.has_day());
}

}  // namespace
}  // namespace dossier
