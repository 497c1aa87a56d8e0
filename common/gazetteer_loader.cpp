// Loading, merging and writing gazetteers: the JSON format and its checks.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "common/gazetteer.h"
#include "common/gazetteer_index.h"

namespace dossier {

using namespace detail;

namespace {

std::string describe_entry(std::string_view list, std::size_t index, std::string_view name) {
    std::string out = std::string(list) + "[" + std::to_string(index) + "]";
    if (!name.empty())
        out += " (\"" + std::string(name) + "\")";
    return out;
}

[[noreturn]] void fail(std::string_view origin, std::string_view where, std::string_view reason) {
    throw GazetteerError(std::string(origin) + ": " + std::string(where) + ": " +
                         std::string(reason));
}

// A gazetteer form must have between one and kMaxWords words.
EntryKey checked_key(std::string_view origin, std::string_view where, std::string_view written) {
    EntryKey key = entry_key(written);
    if (key.words == 0)
        fail(origin, where, "\"" + std::string(written) + "\" has no words");
    if (key.words > kMaxWords) {
        fail(origin, where,
             "\"" + std::string(written) + "\" has more than " + std::to_string(kMaxWords) +
                 " words");
    }
    return key;
}

std::vector<std::string> read_strings(const nlohmann::json& data, const char* field,
                                      std::string_view origin, std::string_view where) {
    std::vector<std::string> out;
    const auto it = data.find(field);
    if (it == data.end() || it->is_null())
        return out;
    if (!it->is_array())
        fail(origin, where, std::string(field) + " must be an array of strings");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const nlohmann::json& value = (*it)[i];
        if (!value.is_string()) {
            fail(origin, where,
                 std::string(field) + "[" + std::to_string(i) + "] must be a string");
        }
        out.push_back(value.get<std::string>());
    }
    return out;
}

void append_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const std::string& value : from) {
        if (std::find(to.begin(), to.end(), value) == to.end())
            to.push_back(value);
    }
}

}  // namespace

ActorGazetteer ActorGazetteer::from_json(const nlohmann::json& data, std::string_view origin) {
    if (!data.is_object())
        fail(origin, "top level", "must be a JSON object");
    if (const auto version = data.find("version"); version != data.end()) {
        if (!version->is_number_integer() || version->get<int>() != 1) {
            fail(origin, "version", "unsupported version " + version->dump() + " (expected 1)");
        }
    }
    ActorGazetteer gazetteer;
    Impl& impl = *gazetteer.impl_;
    impl.person_titles = read_strings(data, "person_titles", origin, "top level");
    impl.not_actors = read_strings(data, "not_actors", origin, "top level");
    for (std::size_t i = 0; i < impl.person_titles.size(); ++i) {
        checked_key(origin, describe_entry("person_titles", i, ""), impl.person_titles[i]);
    }

    // Within one file every form belongs to one entry: a clash is a data error.
    std::unordered_map<std::string, std::string> claimed;  // key -> who claims it
    for (std::size_t i = 0; i < impl.not_actors.size(); ++i) {
        const std::string where = describe_entry("not_actors", i, "");
        const EntryKey key = checked_key(origin, where, impl.not_actors[i]);
        claimed.try_emplace(key.key, "not_actors");
    }

    const auto actors = data.find("actors");
    if (actors == data.end() || !actors->is_array()) {
        fail(origin, "actors", "missing or not an array");
    }
    std::unordered_map<std::string, std::size_t> names;  // name -> entry index
    for (std::size_t i = 0; i < actors->size(); ++i) {
        const nlohmann::json& entry = (*actors)[i];
        std::string where = describe_entry("actors", i, "");
        if (!entry.is_object())
            fail(origin, where, "must be a JSON object");
        const auto name = entry.find("name");
        if (name == entry.end() || !name->is_string() || name->get<std::string>().empty()) {
            fail(origin, where, "missing name");
        }
        Actor actor;
        actor.name = name->get<std::string>();
        where = describe_entry("actors", i, actor.name);
        for (const auto& item : entry.items()) {
            const std::string& field = item.key();
            if (field != "name" && field != "type" && field != "aliases" && field != "prefixes") {
                fail(origin, where, "unknown field \"" + field + "\"");
            }
        }
        const auto type = entry.find("type");
        if (type == entry.end() || !type->is_string())
            fail(origin, where, "missing type");
        const auto parsed_type = parse_actor_type(type->get<std::string>());
        if (!parsed_type) {
            fail(origin, where,
                 "unknown type \"" + type->get<std::string>() +
                     "\" (expected person, country or organisation)");
        }
        actor.type = *parsed_type;
        if (const auto [it, fresh] = names.try_emplace(actor.name, i); !fresh) {
            fail(origin, where,
                 "duplicate name, first at actors[" + std::to_string(it->second) + "]");
        }
        append_unique(actor.aliases, read_strings(entry, "aliases", origin, where));
        append_unique(actor.prefixes, read_strings(entry, "prefixes", origin, where));
        std::erase(actor.aliases, actor.name);

        std::vector<std::string> forms{actor.name};
        forms.insert(forms.end(), actor.aliases.begin(), actor.aliases.end());
        for (const std::string& form : forms) {
            const EntryKey key = checked_key(origin, where, form);
            const auto [it, fresh] = claimed.try_emplace(key.key, actor.name);
            if (!fresh && it->second != actor.name) {
                fail(origin, where,
                     "\"" + form + "\" is already claimed by " +
                         (it->second == "not_actors" ? std::string("not_actors")
                                                     : "\"" + it->second + "\""));
            }
        }
        for (const std::string& prefix : actor.prefixes) {
            if (checked_key(origin, where, prefix).words != 1) {
                fail(origin, where, "prefix \"" + prefix + "\" must be a single word");
            }
        }
        impl.actors.push_back(std::move(actor));
    }
    impl.build_index();
    return gazetteer;
}

ActorGazetteer ActorGazetteer::load(const std::filesystem::path& file) {
    const std::string origin = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw GazetteerError(origin + ": cannot open file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string content = std::move(buffer).str();
    nlohmann::json data;
    try {
        data = nlohmann::json::parse(content);
    } catch (const nlohmann::json::parse_error& error) {
        const std::size_t upto = std::min<std::size_t>(error.byte, content.size());
        const auto line = 1 + std::count(content.begin(), content.begin() + upto, '\n');
        throw GazetteerError(origin + ":" + std::to_string(line) +
                             ": invalid JSON: " + error.what());
    } catch (const nlohmann::json::exception& error) {
        // out_of_range for a number no double holds (1e999): found by fuzzing.
        throw GazetteerError(origin + ": invalid JSON: " + error.what());
    }
    return from_json(data, origin);
}

void ActorGazetteer::merge(const ActorGazetteer& more) {
    Impl& impl = *impl_;

    // A canonical name stays with its actor: a later file can neither make it
    // another actor's alias nor exclude it. Keeping every form with a single
    // owner is what lets from_json(to_json()) accept a merged gazetteer.
    std::unordered_map<std::string, std::string> names;  // key -> canonical name
    for (const Actor& actor : impl.actors)
        names.try_emplace(entry_key(actor.name).key, actor.name);
    // An incoming actor whose name reads as an existing actor's ("Russia;"
    // and "Russia" have one key) is that actor, under the existing name:
    // two actors with one key would not load again (found by fuzzing).
    std::vector<Actor> incoming = more.impl_->actors;
    for (Actor& actor : incoming) {
        if (const auto it = names.find(entry_key(actor.name).key); it != names.end())
            actor.name = it->second;
    }
    for (const Actor& actor : incoming)
        names.try_emplace(entry_key(actor.name).key, actor.name);
    const auto names_another_actor = [&](const std::string& form, const std::string& owner) {
        const auto it = names.find(entry_key(form).key);
        return it != names.end() && it->second != owner;
    };
    for (Actor& actor : incoming) {
        std::erase(actor.aliases, actor.name);
        std::erase_if(actor.aliases, [&](const std::string& alias) {
            return names_another_actor(alias, actor.name);
        });
    }
    std::vector<std::string> incoming_exclusions = more.impl_->not_actors;
    std::erase_if(incoming_exclusions,
                  [&](const std::string& phrase) { return names_another_actor(phrase, ""); });

    // Otherwise the later gazetteer wins a form that both give to different
    // entries: take it away from this one's actors and exclusions.
    std::unordered_map<std::string, std::string> claims;  // key -> actor name, "" = exclusion
    for (const Actor& actor : incoming) {
        claims.insert_or_assign(entry_key(actor.name).key, actor.name);
        for (const std::string& alias : actor.aliases) {
            claims.insert_or_assign(entry_key(alias).key, actor.name);
        }
    }
    for (const std::string& phrase : incoming_exclusions) {
        claims.try_emplace(entry_key(phrase).key, "");
    }
    const auto claimed_by_other = [&](const std::string& form, const std::string& owner) {
        const auto it = claims.find(entry_key(form).key);
        return it != claims.end() && it->second != owner;
    };
    for (Actor& actor : impl.actors) {
        std::erase_if(actor.aliases, [&](const std::string& alias) {
            return claimed_by_other(alias, actor.name);
        });
    }
    std::erase_if(impl.not_actors,
                  [&](const std::string& phrase) { return claimed_by_other(phrase, ""); });

    for (Actor& actor : incoming) {
        const auto same = std::find_if(impl.actors.begin(), impl.actors.end(),
                                       [&](const Actor& a) { return a.name == actor.name; });
        if (same == impl.actors.end()) {
            impl.actors.push_back(std::move(actor));
            continue;
        }
        same->type = actor.type;
        append_unique(same->aliases, actor.aliases);
        append_unique(same->prefixes, actor.prefixes);
    }
    append_unique(impl.person_titles, more.impl_->person_titles);
    append_unique(impl.not_actors, incoming_exclusions);
    impl.build_index();
}

nlohmann::json ActorGazetteer::to_json() const {
    nlohmann::json actors = nlohmann::json::array();
    for (const Actor& actor : impl_->actors) {
        nlohmann::json entry = {{"name", actor.name},
                                {"type", std::string(to_string(actor.type))},
                                {"aliases", actor.aliases}};
        if (!actor.prefixes.empty())
            entry["prefixes"] = actor.prefixes;
        actors.push_back(std::move(entry));
    }
    return {{"version", 1},
            {"person_titles", impl_->person_titles},
            {"not_actors", impl_->not_actors},
            {"actors", std::move(actors)}};
}

}  // namespace dossier
