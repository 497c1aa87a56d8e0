// A page of matches as the search core ranks it, before any record is read:
// the matches in rank order with their scores, and the match's total. Made
// by a match (Xapian's, or a collapse into stories: story_collapse.h),
// reordered by the rerank, then turned into hits. Plain values.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace dossier {

struct RankedMatch {
    Xapian::docid docid;
    double weight;        // Xapian's: BM25 of the article
    double score;         // what the hit is ranked by
    double feedback = 0;  // what relevance feedback added to it (rerank)
    // Its story key as the collapse read it (Xapian's, or the story table's),
    // so that the hit needs no value read of its own.
    std::optional<std::string> story_key;
};

struct Page {
    std::vector<RankedMatch> matches;  // the first `window` matches, in rank order
    Xapian::doccount total = 0;        // exact, or else a lower bound
    Xapian::doccount estimate = 0;
    bool total_exact = false;
};

}  // namespace dossier
