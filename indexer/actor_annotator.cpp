#include "indexer/actor_annotator.h"

#include <algorithm>
#include <utility>

#include "common/dates.h"

namespace dossier {

std::vector<AnnotatedPassage> annotate_passages(std::vector<Passage> passages,
                                                const ActorGazetteer& gazetteer,
                                                std::optional<int> article_year) {
    std::vector<AnnotatedPassage> annotated;
    annotated.reserve(passages.size());
    for (Passage& passage : passages) {
        AnnotatedPassage result;
        // A passage names a handful of actors, so a linear scan keeps them
        // distinct more cheaply than a set would.
        for (ActorMatch& match : gazetteer.match(passage.text)) {
            if (std::find(result.actors.begin(), result.actors.end(), match.actor) ==
                result.actors.end()) {
                result.actors.push_back(std::move(match.actor));
            }
        }
        result.dates = find_date_mentions(passage.text, article_year);
        result.passage = std::move(passage);
        annotated.push_back(std::move(result));
    }
    return annotated;
}

}  // namespace dossier
