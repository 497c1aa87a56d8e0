#include "common/article.h"

namespace dossier {

std::string_view to_string(DateOrigin origin) {
    switch (origin) {
        case DateOrigin::header:
            return "header";
        case DateOrigin::lead:
            return "lead";
        case DateOrigin::json:
            return "json";
        case DateOrigin::none:
            break;
    }
    return "none";
}

std::string_view to_string(ActorType type) {
    switch (type) {
        case ActorType::person:
            return "person";
        case ActorType::country:
            return "country";
        case ActorType::organisation:
            return "organisation";
    }
    return "person";
}

std::optional<ActorType> parse_actor_type(std::string_view name) {
    if (name == "person")
        return ActorType::person;
    if (name == "country")
        return ActorType::country;
    if (name == "organisation" || name == "organization")
        return ActorType::organisation;
    return std::nullopt;
}

}  // namespace dossier
