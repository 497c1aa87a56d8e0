// libFuzzer target: a gazetteer file as dossier-index --gazetteer FILE and
// --actors FILE read it (ActorGazetteer::load), merged over a small one as
// --actors is, matched against a sentence, and written out and read back as
// the index stores it for the search side.
//
// GazetteerError, naming the file and the entry, is the one answer a bad
// file may get. The round trip must hold: the search side rebuilds the
// gazetteer from what the indexer stored, and an index whose stored
// gazetteer does not load cannot be searched.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/gazetteer.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace dossier;
using fuzz::require;

// tests/data/actors-extra.json, cut down: what a file given with --actors
// is merged into.
constexpr std::string_view kBase = R"({
  "version": 1,
  "person_titles": ["Senator", "Chancellor"],
  "not_actors": ["Russian Hill"],
  "actors": [
    {"name": "Vladimir Putin", "type": "person", "aliases": ["Putin"]},
    {"name": "Shanghai Cooperation Organisation", "type": "organisation", "aliases": ["SCO"]},
    {"name": "Russia", "type": "country", "aliases": ["Kremlin", "Moscow"], "prefixes": ["Russo"]}
  ]
})";

constexpr std::string_view kSentence =
    "Senator Jane Roe said on Monday that Putin and the SCO met in Moscow, a Russo-Chinese "
    "summit the Kremlin called historic; Chancellor Max Mustermann of Germany disagreed.";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::MemoryFile file;
    static const nlohmann::json base_json = nlohmann::json::parse(kBase);

    ActorGazetteer loaded;
    try {
        loaded = ActorGazetteer::load(file.write(fuzz::as_text(data, size)));
    } catch (const GazetteerError&) {
        return 0;
    }
    for (const Actor& actor : loaded.actors()) {
        const Actor* resolved = loaded.resolve(actor.name);
        require(resolved != nullptr && resolved->name == actor.name,
                "a loaded actor resolves by its name");
    }
    loaded.match(kSentence);

    ActorGazetteer merged = ActorGazetteer::from_json(base_json, "base");
    merged.merge(loaded);
    merged.match(kSentence);

    const std::string stored = merged.to_json().dump();
    try {
        ActorGazetteer::from_json(nlohmann::json::parse(stored), "the index's stored gazetteer")
            .match(kSentence);
    } catch (const GazetteerError&) {
        require(false, "a merged gazetteer, written out, loads again (the search side's copy)");
    }
    return 0;
}
