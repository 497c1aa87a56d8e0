// Annotates passages with the actors and dates they mention. Pure; the
// gazetteer is borrowed and must outlive the call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/article.h"
#include "common/gazetteer.h"

namespace dossier {

// Fills `actors` (distinct, in order of first mention; known and detected) and
// `dates` (offsets relative to the passage text) of each passage.
// `article_year` completes month-and-day mentions that give no year. Names
// inside credits (credits.h: "(Reporting by ...; Editing by ...)", "NEW YORK
// (Reuters) -") are no actors; the people credited are appended to
// `credited_people` when it is given.
std::vector<AnnotatedPassage> annotate_passages(
    std::vector<Passage> passages, const ActorGazetteer& gazetteer, std::optional<int> article_year,
    std::vector<std::string>* credited_people = nullptr);

}  // namespace dossier
