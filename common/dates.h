// Calendar dates as they appear in news text: publication dates in page headers
// and JSON fields, dated lead sentences ("On Tuesday, April 9, ...") and the
// dates and years an article mentions. Pure functions; nothing here throws on
// bad input: a string that is not a date yields std::nullopt or no mention.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// A day, a month or a year: month and day are 0 when the source does not give them.
struct CivilDate {
    int year = 0;
    unsigned month = 0;  // 1-12, 0 = unknown
    unsigned day = 0;    // 1-31, 0 = unknown

    bool has_month() const { return month != 0; }
    bool has_day() const { return day != 0; }
    // "2024-12-10", "2024-12" or "2024".
    std::string iso() const;
    // "20241210" for a full date, else empty: the form Xapian's DateRangeProcessor reads.
    std::string yyyymmdd() const;
    friend bool operator==(const CivilDate&, const CivilDate&) = default;
    // By year, then month, then day (a year alone before its months).
    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// A page-header date line such as "Tuesday, December 10, 2024", "December 10, 2024",
// "10 December 2024", "Dec. 10, 2024" or "2024-12-10"; the whole line must be the
// date (surrounding whitespace and punctuation such as '|' allowed). A weekday
// that contradicts the date makes it not a date.
std::optional<CivilDate> parse_header_date(std::string_view line);

// A date field from JSON: ISO 8601 ("2006-10-23T18:42:00-04:00",
// "1987-02-26T15:01:01", "2024-12-10", "2024-12", "2024"). The calendar day is
// taken as written, in the article's own time zone.
std::optional<CivilDate> parse_iso_date(std::string_view value);

// A lead sentence that opens with its date: "On Tuesday, April 9, ...",
// "On April 9, 2024, ...", "Tuesday (April 9) ...". The year may be missing.
struct LeadDate {
    std::optional<std::chrono::weekday> weekday;
    unsigned month = 0;
    unsigned day = 0;
    std::optional<int> year;
};
std::optional<LeadDate> find_lead_date(std::string_view sentence);

// The year for a month/day/weekday with no year: among `named_years` (years the
// article mentions) the latest in which that day falls on that weekday and that
// is not after `today`; failing that, the most recent such year not after
// `today`. Returns std::nullopt when the day does not exist (April 31).
std::optional<int> resolve_weekday_year(unsigned month, unsigned day, std::chrono::weekday weekday,
                                        const CivilDate& today,
                                        const std::vector<int>& named_years);

// A date or year mentioned in text: "June 24, 2020", "24 June 2020", "June 2020",
// "since 2012", "the 2014 sanctions", "2006-2012" (two mentions). Offsets are
// bytes into the text searched. A month and day without a year take
// `context_year` when given, else are not reported.
struct DateMention {
    std::size_t begin = 0;
    std::size_t end = 0;
    CivilDate date;
};
std::vector<DateMention> find_date_mentions(std::string_view text,
                                            std::optional<int> context_year = std::nullopt);

// Four-digit years 1800..2100 named anywhere in the text, in order, without duplicates.
std::vector<int> find_named_years(std::string_view text);

// Today's date in UTC, for resolving weekday dates; the indexer lets a caller fix it.
CivilDate today_utc();

}  // namespace dossier
