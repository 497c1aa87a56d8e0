// libFuzzer target: the built-in actor gazetteer (common/default_gazetteer.h)
// on any text: match() as the indexer runs it on titles and passages,
// resolve() as the search side runs it on `actor:` and --actor values, the
// dateline and its country, and, for text the indexer would pass (valid
// UTF-8), the whole annotation of the text's passages (surnames and
// acronyms given to the actor named in full).
//
// Matches are checked against the header: byte ranges of the text, in text
// order; actor names, which become facet values in JSON, valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/default_gazetteer.h"
#include "indexer/actor_annotator.h"
#include "indexer/dateline.h"
#include "indexer/passage_splitter.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace dossier;
using fuzz::require;

void check_matches(std::string_view text, const std::vector<ActorMatch>& matches, bool valid_utf8) {
    fuzz::require_ranges_in_order(matches, text.size(),
                                  "an actor match is a non-empty byte range of the text",
                                  "actor matches come in text order");
    for (const ActorMatch& match : matches) {
        require(!match.actor.name.empty(), "a matched actor has a name");
        if (valid_utf8) {
            require(fuzz::is_valid_utf8(match.actor.name),
                    "actors found in UTF-8 text have UTF-8 names");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ActorGazetteer gazetteer = default_gazetteer();
    const std::string_view text = fuzz::as_text(data, size);
    const bool valid_utf8 = fuzz::is_valid_utf8(text);

    check_matches(text, gazetteer.match(text), valid_utf8);
    if (const Actor* actor = gazetteer.resolve(text))
        require(!actor->name.empty(), "a resolved actor has a name");

    const std::string dateline = dateline_of_text(text);
    dateline_country(dateline, gazetteer);
    dateline_country(text, gazetteer, CivilDate{1987, 3, 3});

    if (!valid_utf8)
        return 0;
    std::vector<Passage> passages = split_into_passages(text, paragraph_blocks(text));
    for (const AnnotatedPassage& passage :
         annotate_passages(std::move(passages), gazetteer, std::optional<int>{2024})) {
        for (const ActorRef& actor : passage.actors) {
            require(fuzz::is_valid_utf8(actor.name), "actors found in UTF-8 text have UTF-8 names");
        }
        for (const DateMention& mention : passage.dates) {
            require(mention.begin < mention.end && mention.end <= passage.passage.text.size(),
                    "a passage's date mentions are byte ranges of its text");
        }
    }
    return 0;
}
