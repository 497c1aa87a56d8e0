#include "query/search/story_table.h"

#include <algorithm>

#include "common/schema.h"

namespace dossier {

StoryTable::StoryTable(const FacetColumn& stories, const std::vector<Xapian::Database>& shards)
    : stories_(stories),
      shard_count_(std::max<Xapian::docid>(1, static_cast<Xapian::docid>(stories.shards.size()))) {
    std::vector<std::uint32_t> story_of_member;
    for (Xapian::docid shard = 0; shard < stories.shards.size(); ++shard) {
        const FacetColumn::Shard& column = stories.shards[shard];
        const Xapian::Database& db = shards[shard];
        articles_ += db.get_doccount();
        Xapian::ValueIterator dates = db.valuestream_begin(schema::kSlotDate);
        const Xapian::ValueIterator no_more_dates = db.valuestream_end(schema::kSlotDate);
        for (Xapian::docid did = 1; did + 1 < column.offsets.size(); ++did) {
            const auto codes = column.codes_of(did);
            if (codes.empty())
                continue;
            Member member;
            member.docid = (did - 1) * shard_count_ + shard + 1;
            if (dates != no_more_dates) {
                dates.skip_to(did);
                if (dates != no_more_dates && dates.get_docid() == did)
                    member.day = day_number(*dates);
            }
            member.length = db.get_doclength(did);
            members_.push_back(member);
            story_of_member.push_back(codes.front());
            if (story_at_.size() <= did)
                story_at_.resize(did + 1);
            story_at_[did] = true;
        }
    }
    // Grouped by story (a counting sort), then each story in date order.
    first_member_.assign(stories.values.size() + 1, 0);
    for (const std::uint32_t story : story_of_member)
        ++first_member_[story + 1];
    for (std::size_t s = 1; s < first_member_.size(); ++s)
        first_member_[s] += first_member_[s - 1];
    std::vector<Member> grouped(members_.size());
    std::vector<std::uint32_t> next(first_member_.begin(), first_member_.end() - 1);
    for (std::size_t i = 0; i < members_.size(); ++i)
        grouped[next[story_of_member[i]]++] = members_[i];
    members_ = std::move(grouped);
    for (std::size_t s = 0; s + 1 < first_member_.size(); ++s)
        sort_by_date({members_.data() + first_member_[s], members_.data() + first_member_[s + 1]});
}

std::uint32_t StoryTable::day_number(std::string_view date_slot) {
    if (date_slot.size() != 8)
        return 0;  // not dated to the day
    std::uint32_t day = 0;
    for (const char c : date_slot) {
        if (c < '0' || c > '9')
            return 0;
        day = day * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return day;
}

void StoryTable::sort_by_date(std::span<Member> members) {
    std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
        if ((a.day == 0) != (b.day == 0))
            return b.day == 0;
        if (a.day != b.day)
            return a.day < b.day;
        return a.docid < b.docid;
    });
}

std::uint32_t StoryTable::story_of(Xapian::docid did) const {
    if (did == 0 || stories_.shards.empty())
        return kNoStory;
    const auto codes = stories_.shards[(did - 1) % shard_count_].codes_of(shard_docid(did));
    return codes.empty() ? kNoStory : codes.front();
}

const StoryTable::Member* StoryTable::member(Xapian::docid did) const {
    const std::uint32_t story = story_of(did);
    if (story == kNoStory)
        return nullptr;
    for (const Member& m : members(story)) {
        if (m.docid == did)
            return &m;
    }
    return nullptr;
}

void StorySpy::operator()(const Xapian::Document& doc, double) {
    ++considered_;
    if (!table_.any_story_at(doc.get_docid()))
        ++alone_;
}

}  // namespace dossier
