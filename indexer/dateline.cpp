#include "indexer/dateline.h"

#include <array>
#include <cctype>

#include "common/text.h"
#include "common/world_data.h"

namespace dossier {

namespace {

// U.S. states with the abbreviations the AP Stylebook gives them and the
// postal codes; then Canada's provinces. Datelines name a region after the
// town ("TORRANCE, Calif.", "HALIFAX, N.S.").
constexpr std::array kUnitedStatesRegions = {"alabama",
                                             "ala",
                                             "al",
                                             "alaska",
                                             "ak",
                                             "arizona",
                                             "ariz",
                                             "az",
                                             "arkansas",
                                             "ark",
                                             "ar",
                                             "california",
                                             "calif",
                                             "cal",
                                             "ca",
                                             "colorado",
                                             "colo",
                                             "co",
                                             "connecticut",
                                             "conn",
                                             "ct",
                                             "delaware",
                                             "del",
                                             "de",
                                             "florida",
                                             "fla",
                                             "fl",
                                             "georgia",
                                             "ga",
                                             "hawaii",
                                             "hi",
                                             "idaho",
                                             "id",
                                             "illinois",
                                             "ill",
                                             "il",
                                             "indiana",
                                             "ind",
                                             "in",
                                             "iowa",
                                             "ia",
                                             "kansas",
                                             "kan",
                                             "ks",
                                             "kentucky",
                                             "ky",
                                             "louisiana",
                                             "la",
                                             "maine",
                                             "me",
                                             "maryland",
                                             "md",
                                             "massachusetts",
                                             "mass",
                                             "ma",
                                             "michigan",
                                             "mich",
                                             "mi",
                                             "minnesota",
                                             "minn",
                                             "mn",
                                             "mississippi",
                                             "miss",
                                             "ms",
                                             "missouri",
                                             "mo",
                                             "montana",
                                             "mont",
                                             "mt",
                                             "nebraska",
                                             "neb",
                                             "ne",
                                             "nevada",
                                             "nev",
                                             "nv",
                                             "new hampshire",
                                             "n.h",
                                             "nh",
                                             "new jersey",
                                             "n.j",
                                             "nj",
                                             "new mexico",
                                             "n.m",
                                             "nm",
                                             "new york",
                                             "n.y",
                                             "ny",
                                             "north carolina",
                                             "n.c",
                                             "nc",
                                             "north dakota",
                                             "n.d",
                                             "nd",
                                             "ohio",
                                             "oh",
                                             "oklahoma",
                                             "okla",
                                             "ok",
                                             "oregon",
                                             "ore",
                                             "or",
                                             "pennsylvania",
                                             "pa",
                                             "penn",
                                             "rhode island",
                                             "r.i",
                                             "ri",
                                             "south carolina",
                                             "s.c",
                                             "sc",
                                             "south dakota",
                                             "s.d",
                                             "sd",
                                             "tennessee",
                                             "tenn",
                                             "tn",
                                             "texas",
                                             "tex",
                                             "tx",
                                             "utah",
                                             "ut",
                                             "vermont",
                                             "vt",
                                             "virginia",
                                             "va",
                                             "washington",
                                             "wash",
                                             "wa",
                                             "west virginia",
                                             "w.va",
                                             "wv",
                                             "wisconsin",
                                             "wis",
                                             "wi",
                                             "wyoming",
                                             "wyo",
                                             "wy",
                                             "d.c",
                                             "dc",
                                             "district of columbia"};
constexpr std::array kCanadaRegions = {"ontario",
                                       "ont",
                                       "quebec",
                                       "que",
                                       "british columbia",
                                       "b.c",
                                       "alberta",
                                       "alta",
                                       "manitoba",
                                       "man",
                                       "saskatchewan",
                                       "sask",
                                       "nova scotia",
                                       "n.s",
                                       "new brunswick",
                                       "n.b",
                                       "newfoundland",
                                       "nfld",
                                       "prince edward island",
                                       "p.e.i"};
// U.S. cities the AP Stylebook lets stand alone in a dateline.
constexpr std::array kStandaloneUnitedStatesCities = {
    "atlanta",      "baltimore",    "boston",        "chicago",     "cincinnati",
    "cleveland",    "dallas",       "denver",        "detroit",     "honolulu",
    "houston",      "indianapolis", "las vegas",     "los angeles", "miami",
    "milwaukee",    "minneapolis",  "new orleans",   "new york",    "oklahoma city",
    "philadelphia", "phoenix",      "pittsburgh",    "st. louis",   "salt lake city",
    "san antonio",  "san diego",    "san francisco", "seattle",     "washington"};

template <std::size_t N>
bool listed(const std::array<const char*, N>& names, std::string_view folded) {
    for (const char* name : names) {
        if (folded == name)
            return true;
    }
    return false;
}

bool is_month(std::string_view word) {
    static constexpr std::array kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};
    const std::string folded = text::fold_case(word.substr(0, 3));
    for (const char* month : kMonths) {
        if (folded == month)
            return true;
    }
    return false;
}

// The comma-separated parts of a dateline, trimmed, without a trailing dot.
std::vector<std::string> parts_of(std::string_view dateline) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    while (begin <= dateline.size()) {
        std::size_t comma = dateline.find(',', begin);
        if (comma == std::string_view::npos)
            comma = dateline.size();
        std::string_view part = text::trim(dateline.substr(begin, comma - begin));
        while (!part.empty() && part.back() == '.')
            part.remove_suffix(1);
        if (!part.empty())
            parts.emplace_back(part);
        begin = comma + 1;
    }
    return parts;
}

const Actor* country_named(std::string_view name, const ActorGazetteer& gazetteer) {
    const Actor* actor = gazetteer.resolve(name);
    return actor && actor->type == ActorType::country ? actor : nullptr;
}

}  // namespace

std::string dateline_of_text(std::string_view text) {
    text = text::trim(text);
    // At most a few words before the dash: a place, maybe a region and a date.
    const std::size_t limit = std::min<std::size_t>(text.size(), 80);
    std::size_t dash = std::string_view::npos;
    for (std::size_t i = 1; i + 1 < limit; ++i) {
        if (text[i] == ' ' && (text[i + 1] == '-' || text.substr(i + 1, 3) == "\u2013" ||
                               text.substr(i + 1, 3) == "\u2014")) {
            dash = i;
            break;
        }
    }
    if (dash == std::string_view::npos)
        return {};
    std::string_view head = text::trim(text.substr(0, dash));
    // "(Reuters)", "(AP)": the agency is no part of the place.
    if (!head.empty() && head.back() == ')') {
        const std::size_t open = head.rfind('(');
        if (open == std::string_view::npos)
            return {};
        head = text::trim(head.substr(0, open));
    }
    // The place: capitals (letters, spaces, dots, hyphens, apostrophes) up to a comma.
    const std::size_t comma = head.find(',');
    const std::string_view place = head.substr(0, comma);
    bool has_letter = false;
    for (const char c : place) {
        const auto u = static_cast<unsigned char>(c);
        if (std::islower(u))
            return {};
        if (!std::isupper(u) && c != ' ' && c != '.' && c != '-' && c != '\'' && u < 0x80)
            return {};
        has_letter |= std::isupper(u) != 0;
    }
    if (!has_letter)
        return {};
    // After the place, only a region and a date ("Calif., March 3").
    if (comma != std::string_view::npos) {
        const std::vector<std::string> rest = parts_of(head.substr(comma + 1));
        if (rest.empty() || rest.size() > 2 || !is_month(rest.back()))
            return {};
    }
    return std::string(head);
}

namespace {

const Actor* present_country(std::string_view dateline, const ActorGazetteer& gazetteer) {
    std::vector<std::string> parts = parts_of(dateline);
    if (!parts.empty() && is_month(parts.back()) && parts.size() > 1)
        parts.pop_back();  // the date
    if (parts.empty())
        return nullptr;
    const std::string place = text::fold_case(parts.front());
    if (parts.size() > 1) {
        const std::string region = text::fold_case(parts[1]);
        if (listed(kUnitedStatesRegions, region))
            return country_named("United States", gazetteer);
        if (listed(kCanadaRegions, region))
            return country_named("Canada", gazetteer);
        if (const Actor* country = country_named(parts[1], gazetteer))
            return country;
    }
    if (const Actor* country = country_named(parts.front(), gazetteer))
        return country;
    if (listed(kStandaloneUnitedStatesCities, place))
        return country_named("United States", gazetteer);
    // Any other large city or capital, by GeoNames ("TORONTO", "FRANKFURT").
    if (const std::string_view country = country_of_city(parts.front()); !country.empty())
        return country_named(country, gazetteer);
    return nullptr;
}

// States that have broken up or merged since, the day they ended, and the
// present countries on their territory (by the gazetteer's names).
struct FormerState {
    const char* name;
    CivilDate last_day;
    std::array<const char*, 15> successors;
};
constexpr FormerState kFormerStates[] = {
    {"Soviet Union",
     {1991, 12, 25},
     {"Russia", "Ukraine", "Belarus", "Kazakhstan", "Uzbekistan", "Georgia", "Azerbaijan",
      "Lithuania", "Latvia", "Estonia", "Moldova", "Kyrgyzstan", "Tajikistan", "Armenia",
      "Turkmenistan"}},
    {"West Germany", {1990, 10, 2}, {"Germany"}},
    {"Yugoslavia",
     {1992, 4, 26},
     {"Serbia", "Croatia", "Slovenia", "Bosnia and Herzegovina", "North Macedonia", "Montenegro",
      "Kosovo"}},
    {"Czechoslovakia", {1992, 12, 31}, {"Czech Republic", "Slovakia"}},
};

bool on_or_before(const CivilDate& date, const CivilDate& last_day) {
    if (date.year != last_day.year)
        return date.year < last_day.year;
    if (!date.has_month())
        return false;  // the year alone cannot tell
    if (date.month != last_day.month)
        return date.month < last_day.month;
    return date.has_day() && date.day <= last_day.day;
}

}  // namespace

const Actor* dateline_country(std::string_view dateline, const ActorGazetteer& gazetteer,
                              std::optional<CivilDate> date) {
    const Actor* country = present_country(dateline, gazetteer);
    if (country == nullptr || !date)
        return country;
    for (const FormerState& state : kFormerStates) {
        if (!on_or_before(*date, state.last_day))
            continue;
        for (const char* successor : state.successors) {
            if (successor != nullptr && country->name == successor) {
                if (const Actor* former = country_named(state.name, gazetteer))
                    return former;
            }
        }
    }
    return country;
}

}  // namespace dossier
