// The dateline of a news story: where it was filed ("TOKYO, March 3 -",
// "NEW YORK (Reuters) -"), and the country that place is in, which counts
// as an actor of the article (docs/indexing.md, "Datelines").
//
// Pure functions; the gazetteer is borrowed. Nothing is thrown: text without
// a dateline gives none, a place without a known country gives no country.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/dates.h"
#include "common/gazetteer.h"

namespace dossier {

// The dateline a story's text opens with: the capitalised place before
// " (Agency) -" or ", Month Day -" ("NEW YORK (Reuters) - ..." gives "NEW
// YORK"; "TORRANCE, Calif., March 3 - ..." gives "TORRANCE, Calif., March
// 3"). Empty when the text opens otherwise.
std::string dateline_of_text(std::string_view text);

// The country of a dateline ("WASHINGTON, March 2", "TORRANCE, Calif, March
// 3", "NEW YORK"): by its region (a U.S. state or Canadian province, full or
// abbreviated as news agencies write them, or a country), else by its place
// (a country, or a capital or other alias the gazetteer gives a country),
// else for the U.S. cities the AP Stylebook lets stand alone ("NEW YORK",
// "LOS ANGELES"), else by the world's cities of 100,000 people or more and
// capitals (common/world_data.h: "TORONTO" gives Canada; a name several
// cities share gives the most populous one's country). nullptr when none is
// known.
//
// With the story's `date`, a country that did not exist yet on that day
// gives the state its place was in then, when the gazetteer has it: MOSCOW
// in 1987 is in the Soviet Union, BONN or FRANKFURT before 3 October 1990 in
// West Germany (a city of the former East counts so too: the cities table
// has no finer region), ZAGREB before 27 April 1992 in Yugoslavia, PRAGUE
// before 1993 in Czechoslovakia.
const Actor* dateline_country(std::string_view dateline, const ActorGazetteer& gazetteer,
                              std::optional<CivilDate> date = std::nullopt);

}  // namespace dossier
