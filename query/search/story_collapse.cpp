#include "query/search/story_collapse.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace dossier {

namespace {

// Whether `a` is dated to a later day than `b` (copies of one story).
bool newer(const StoryTable& table, Xapian::docid a, Xapian::docid b) {
    const StoryTable::Member* ma = table.member(a);
    const StoryTable::Member* mb = table.member(b);
    return ma && mb && ma->day != 0 && (mb->day == 0 || ma->day > mb->day);
}

}  // namespace

Collapsed best_copies(Xapian::Enquire& ranking, const StoryTable& table, Xapian::doccount window,
                      bool by_relevance, Page& page, StorySpy* spy) {
    constexpr std::size_t kNotShown = SIZE_MAX;
    // Enough articles for `window` stories if the matches have copies
    // as often as the index does, and a little more; every article
    // ranked beyond what is needed costs, as does a second match.
    Xapian::doccount fetch =
        static_cast<Xapian::doccount>(std::ceil(window * table.articles_per_story())) +
        window / 10 + 5;
    for (;;) {
        if (spy)
            spy->reset();
        Collapsed seen;
        seen.mset = ranking.get_mset(0, fetch);
        page.matches.clear();
        std::unordered_map<std::uint32_t, std::size_t> shown;  // story -> its page place
        for (auto it = seen.mset.begin(); it != seen.mset.end(); ++it) {
            const Xapian::docid did = *it;
            const bool room = page.matches.size() < window;
            const std::uint32_t story = table.story_of(did);
            if (story == StoryTable::kNoStory) {
                ++seen.stories;
                ++seen.alone;
                if (table.any_story_at(table.shard_docid(did)))
                    ++seen.alone_unsure;
                if (room)
                    page.matches.push_back({did, it.get_weight(), it.get_weight(), 0, ""});
                continue;
            }
            const auto [place, first] =
                shown.try_emplace(story, room ? page.matches.size() : kNotShown);
            if (first) {
                ++seen.stories;
                // The hit takes its key from here, as from Xapian's collapse.
                if (room)
                    page.matches.push_back(
                        {did, it.get_weight(), it.get_weight(), 0, table.key(story)});
                continue;
            }
            // A copy of a story already in: it shows instead on a tie if newer.
            if (by_relevance && place->second != kNotShown) {
                RankedMatch& best = page.matches[place->second];
                if (it.get_weight() == best.weight && newer(table, did, best.docid))
                    best.docid = did;
            }
        }
        // Every match ranked (the story count is exact), or enough.
        if (seen.mset.size() >= seen.mset.get_matches_upper_bound() ||
            page.matches.size() >= window)
            return seen;
        // Copies crowd this match more than the index's average: ask
        // for as many more as their share here says, and some.
        const double per_story =
            double(seen.mset.size()) / std::max<std::size_t>(1, page.matches.size());
        fetch = std::max<Xapian::doccount>(
            2 * fetch, static_cast<Xapian::doccount>(std::ceil(window * per_story * 1.25)));
    }
}

Page story_page(Xapian::Enquire& ranking, const StoryTable& table, Xapian::doccount window,
                bool by_relevance) {
    StorySpy spy(table);
    ranking.add_matchspy(&spy);
    Page page;
    const Collapsed seen = best_copies(ranking, table, window, by_relevance, page, &spy);
    ranking.clear_matchspies();
    const Xapian::MSet& mset = seen.mset;
    if (mset.size() >= mset.get_matches_upper_bound()) {
        page.total = page.estimate = seen.stories;
        page.total_exact = true;
        return page;
    }
    // The spy counted the ranked articles that are surely alone too.
    page.total = spy.alone() + seen.stories - (seen.alone - seen.alone_unsure);
    const double story_share = mset.empty() ? 1.0 : double(seen.stories) / mset.size();
    page.estimate = std::max<Xapian::doccount>(
        page.total,
        static_cast<Xapian::doccount>(std::lround(mset.get_matches_estimated() * story_share)));
    page.total_exact = false;
    return page;
}

}  // namespace dossier
