// The actor gazetteer: canonical people, countries and organisations with the
// aliases under which news text names them, and the matcher that finds them in
// text. Loaded from JSON (corpus/actors.json, and more with --actors FILE); the
// merged gazetteer is stored in the index so that the search side resolves
// `actor:` queries exactly as the indexer matched them.
//
// Thread safety: a const ActorGazetteer may be shared by any number of threads.
// Errors: loading throws GazetteerError whose message names the file and entry.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"

namespace dossier {

class GazetteerError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Actor {
    std::string name;  // canonical display name, unique
    ActorType type = ActorType::person;
    std::vector<std::string> aliases;
    std::vector<std::string> prefixes;  // forms that only count before a hyphen ("Sino")
};

// One actor found in text, [begin, end) in bytes of the text matched.
struct ActorMatch {
    std::size_t begin = 0;
    std::size_t end = 0;
    ActorRef actor;
};

// True for the particles inside people's names ("de", "van", "bin", "al",
// ...: "Luis de Guindos", "Jane van der Berg"), lower case as written there.
// The one list, for the gazetteer's person names and the page cleaner's bylines.
bool is_name_particle(std::string_view word);

class ActorGazetteer {
  public:
    ActorGazetteer();
    ~ActorGazetteer();
    ActorGazetteer(ActorGazetteer&&) noexcept;
    ActorGazetteer& operator=(ActorGazetteer&&) noexcept;

    // `origin` names the data in error messages ("corpus/actors.json").
    static ActorGazetteer from_json(const nlohmann::json& data, std::string_view origin);
    static ActorGazetteer load(const std::filesystem::path& file);

    // Adds the actors, titles and exclusions of `more`; an actor with the same
    // name gains the other's aliases.
    void merge(const ActorGazetteer& more);

    // Every actor mention in `text`, by longest match, in text order; people not
    // in the gazetteer but introduced by a title ("Director Jane Roe") come back
    // with known == false.
    std::vector<ActorMatch> match(std::string_view text) const;

    // The actor a name or alias denotes, ignoring case ("putin", "Kremlin",
    // "Vladimir Putin"); nullptr when none.
    const Actor* resolve(std::string_view name_or_alias) const;

    const std::vector<Actor>& actors() const;
    nlohmann::json to_json() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
