// The stories of a local index in memory (docs/copies.md), so that a page is
// collapsed into stories and a hit lists its copies without a value read per
// match or per copy: for every docid its story, and for every story its
// members with what a hit shows of them before their records are read
// (date, length). Made from the facet table's story column, plus the date
// slot and length of the articles that are in a story (the others are never
// looked at).
//
// Docids are those of the whole index: a stub's, which interleave its shards
// (docs/schema.md). Built on first use, once per revision, like the facet
// table; its owner drops both when the database moves on. Not thread-safe.
// Errors: Xapian exceptions from reading pass through.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "query/search/facet_table.h"

namespace dossier {

class StoryTable {
  public:
    static constexpr std::uint32_t kNoStory = UINT32_MAX;
    struct Member {
        Xapian::docid docid = 0;
        std::uint32_t day = 0;         // YYYYMMDD as a number; 0: not dated to the day
        Xapian::termcount length = 0;  // words, title included
    };

    // `stories` is the facet table's story column of `shards` (in its
    // order), and must outlive the table.
    StoryTable(const FacetColumn& stories, const std::vector<Xapian::Database>& shards);

    // The story of `did`, or kNoStory for an article without copies.
    std::uint32_t story_of(Xapian::docid did) const;
    const std::string& key(std::uint32_t story) const { return stories_.values[story]; }
    // Its articles oldest first, undated last, then in index order.
    std::span<const Member> members(std::uint32_t story) const {
        return {members_.data() + first_member_[story], members_.data() + first_member_[story + 1]};
    }
    // `did`'s entry among its story's members (null without a story).
    const Member* member(Xapian::docid did) const;
    // The docid `did` of the whole index has in its own shard.
    Xapian::docid shard_docid(Xapian::docid did) const { return (did - 1) / shard_count_ + 1; }
    // Whether the article `shard_docid` of some shard is in a story: false
    // means an article with that docid in its own shard has no copy,
    // whichever shard it is in. (A match spy sees shard docids without
    // their shard.)
    bool any_story_at(Xapian::docid shard_docid) const {
        return shard_docid < story_at_.size() && story_at_[shard_docid];
    }
    std::size_t story_count() const { return stories_.values.size(); }
    // Articles per story in the index (1 without copies).
    double articles_per_story() const {
        const double stories = double(articles_) - double(members_.size()) + double(story_count());
        return stories >= 1 ? articles_ / stories : 1.0;
    }

    // The date slot's "YYYYMMDD" as Member::day.
    static std::uint32_t day_number(std::string_view date_slot);
    // Puts members read one by one (a remote index) in the table's order.
    static void sort_by_date(std::span<Member> members);

  private:
    const FacetColumn& stories_;
    Xapian::docid shard_count_ = 1;
    Xapian::doccount articles_ = 0;            // in all shards
    std::vector<std::uint32_t> first_member_;  // story -> its first member; size: stories + 1
    std::vector<Member> members_;
    std::vector<bool> story_at_;  // by shard docid
};

// Attached to an uncollapsed match over the table's index, counts the
// matches Xapian considers (those that pass its weight bound) that are
// certainly alone in their story (StoryTable::any_story_at): part of a lower
// bound of the query's stories, with what the page itself shows. Xapian's
// collapser counts the same from a value read per match.
class StorySpy : public Xapian::MatchSpy {
  public:
    explicit StorySpy(const StoryTable& table) : table_(table) {}
    void operator()(const Xapian::Document& doc, double weight) override;
    void reset() { considered_ = alone_ = 0; }
    Xapian::doccount considered() const { return considered_; }
    Xapian::doccount alone() const { return alone_; }

  private:
    const StoryTable& table_;
    Xapian::doccount considered_ = 0;
    Xapian::doccount alone_ = 0;
};

}  // namespace dossier
