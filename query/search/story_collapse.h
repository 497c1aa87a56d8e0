// Collapsing a ranking into stories from the story table (story_table.h),
// as Xapian's collapse on the story slot would, without its value read per
// match (docs/copies.md): each story once, by its best copy; where copies
// tie in weight, the newest; and, for a page without facets, a total of
// the kind Xapian's collapse gives (exact when every match was ranked, else
// a lower bound and an estimate).
//
// Functions over a borrowed Enquire and table; Xapian errors pass through.
#pragma once

#include <xapian.h>

#include "query/search/ranked_page.h"
#include "query/search/story_table.h"

namespace dossier {

// What best_copies saw of the last match it ran.
struct Collapsed {
    Xapian::MSet mset;
    Xapian::doccount stories = 0;  // distinct among its matches, articles alone included
    Xapian::doccount alone = 0;    // its articles without copies
    // Of those, the ones whose shard docid is in a story in some shard,
    // which StorySpy cannot tell from a copy.
    Xapian::doccount alone_unsure = 0;
};

// Fills `page` with the first `window` stories of `ranking`, each by its
// best copy (ranked `by_relevance`: of copies that tie in weight, the
// newest; Xapian's collapse would keep the first indexed). Asks the match
// for about as many articles as `window` stories take in this index, and
// again for more when copies crowd the page; `spy`, if attached to
// `ranking`, is reset before each match.
Collapsed best_copies(Xapian::Enquire& ranking, const StoryTable& table, Xapian::doccount window,
                      bool by_relevance, Page& page, StorySpy* spy = nullptr);

// A page of stories without facets: best_copies, and its total: exact when
// every match was ranked; otherwise a lower bound, the articles surely alone
// among the matches Xapian considered (StorySpy) plus the page's stories,
// and Xapian's estimate of the matches scaled by the share of stories among
// the ranked ones.
Page story_page(Xapian::Enquire& ranking, const StoryTable& table, Xapian::doccount window,
                bool by_relevance);

}  // namespace dossier
