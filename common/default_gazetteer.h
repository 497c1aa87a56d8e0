// The default actor gazetteer, compiled into the binaries so that they work
// wherever they are installed: the world's countries from public data
// (common/data/countries.json: official names, demonyms, capitals; see its
// README.md), with the curated corpus/actors.json (people, organisations,
// countries as news names them, titles, exclusions) merged over them, so
// that the curated file wins any form both give.
//
// Errors: GazetteerError if an embedded file is malformed (a build defect
// the tests catch).
#pragma once

#include <string_view>

#include "common/gazetteer.h"

namespace dossier {

// The embedded files as they are committed.
std::string_view default_gazetteer_json();  // corpus/actors.json
std::string_view world_countries_json();    // common/data/countries.json

ActorGazetteer default_gazetteer();

}  // namespace dossier
