#include "common/default_gazetteer.h"

#include <nlohmann/json.hpp>

namespace dossier {

ActorGazetteer default_gazetteer() {
    const auto parse = [](std::string_view json, std::string_view origin) {
        try {
            return ActorGazetteer::from_json(nlohmann::json::parse(json), origin);
        } catch (const nlohmann::json::exception& e) {
            throw GazetteerError(std::string(origin) + ": " + e.what());
        }
    };
    ActorGazetteer gazetteer = parse(world_countries_json(), "built-in common/data/countries.json");
    gazetteer.merge(parse(default_gazetteer_json(), "built-in corpus/actors.json"));
    return gazetteer;
}

}  // namespace dossier
