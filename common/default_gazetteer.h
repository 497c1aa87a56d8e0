// The default actor gazetteer (corpus/actors.json), compiled into the binaries
// so that they work wherever they are installed.
#pragma once

#include <string_view>

namespace dossier {

std::string_view default_gazetteer_json();

}  // namespace dossier
