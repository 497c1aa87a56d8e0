// libFuzzer target: the date readers of common/dates.h on any text.
//
// They read page header lines, JSON `date` fields, lead sentences and every
// passage of every article, all text from the scrape, and index what they
// find as date terms and facet values. Besides crashes, the promises of the
// header are checked: dates that exist, offsets inside the text, years
// 1800..2100 for mentions, a resolved year on the right weekday and not
// after today.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/dates.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace dossier;
using fuzz::require;

// The year the indexer passes with a passage: the article's own (any four
// digits from a JSON date), here a recent one and the extremes.
constexpr int kContextYears[] = {2024, 0, 9999};

void check_mentions(std::string_view text, const std::vector<DateMention>& mentions,
                    std::optional<int> context_year) {
    fuzz::require_ranges_in_order(mentions, text.size(),
                                  "a date mention is a non-empty byte range of the text",
                                  "date mentions come in text order");
    for (const DateMention& mention : mentions) {
        require(fuzz::is_real_date(mention.date), "a date mention is a real date");
        const bool mention_year = mention.date.year >= 1800 && mention.date.year <= 2100;
        require(mention_year || (context_year && mention.date.year == *context_year),
                "a mentioned year is 1800..2100, or the context year");
    }
}

void check_lead_date(std::string_view text) {
    const std::optional<LeadDate> lead = find_lead_date(text);
    if (!lead)
        return;
    require(lead->month >= 1 && lead->month <= 12 && lead->day >= 1,
            "a lead date has a month and a day");
    // Without a year February 29 exists (the leap year 2000 stands in).
    const CivilDate date{lead->year.value_or(2000), lead->month, lead->day};
    require(fuzz::is_real_date(date), "a lead date is a real date");
    if (!lead->weekday)
        return;
    using namespace std::chrono;
    if (lead->year) {
        require(weekday{sys_days{year{*lead->year} / month{lead->month} / day{lead->day}}} ==
                    *lead->weekday,
                "a lead date with a year falls on its weekday");
        return;
    }
    // What the page cleaner does with a lead date that has no year.
    const std::optional<int> resolved = resolve_weekday_year(lead->month, lead->day, *lead->weekday,
                                                             fuzz::kToday, find_named_years(text));
    if (!resolved)
        return;
    const year_month_day resolved_day{year{*resolved}, month{lead->month}, day{lead->day}};
    require(resolved_day.ok(), "a resolved year gives a real date");
    require(weekday{sys_days{resolved_day}} == *lead->weekday,
            "a resolved year puts the date on its weekday");
    require(sys_days{resolved_day} <= sys_days{year{fuzz::kToday.year} / month{fuzz::kToday.month} /
                                               day{fuzz::kToday.day}},
            "a resolved date is not after today");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);

    if (const auto header = parse_header_date(text)) {
        require(header->has_month() && header->has_day(), "a header date is a whole day");
        require(fuzz::is_real_date(*header), "a header date is a real date");
    }
    if (const auto iso = parse_iso_date(text)) {
        require(fuzz::is_real_date(*iso), "an ISO date is a real date");
        // The index stores iso() and the search side reads it back.
        require(parse_iso_date(iso->iso()) == *iso, "an ISO date reads back from its iso()");
    }
    check_lead_date(text);

    check_mentions(text, find_date_mentions(text), std::nullopt);
    for (const int context_year : kContextYears)
        check_mentions(text, find_date_mentions(text, context_year), context_year);

    const std::vector<int> years = find_named_years(text);
    for (std::size_t i = 0; i < years.size(); ++i) {
        require(years[i] >= 1800 && years[i] <= 2100, "named years are 1800..2100");
        for (std::size_t j = 0; j < i; ++j)
            require(years[i] != years[j], "named years come without duplicates");
    }
    return 0;
}
