#include "query/search/facet_table.h"

#include <unordered_map>
#include <utility>

#include "common/schema.h"
#include "query/search/facet_counter.h"

namespace dossier {

namespace {

// One shard's docid -> codes, coding new values into `values`.
FacetColumn::Shard read_shard(const Xapian::Database& db, const FacetSpec& spec,
                              std::unordered_map<std::string, std::uint32_t>& code_of,
                              std::vector<std::string>& values) {
    FacetColumn::Shard shard;
    const Xapian::docid last = db.get_lastdocid();
    shard.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    std::vector<std::vector<std::pair<Xapian::docid, std::uint32_t>>> by_slot;
    for (unsigned i = 0; i < spec.slot_count; ++i) {
        const Xapian::valueno slot = spec.first_slot + i;
        // As the stock path: the indexer fills a run of slots from its first.
        if (db.get_value_freq(slot) == 0)
            break;
        auto& entries = by_slot.emplace_back();
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            const Xapian::docid did = it.get_docid();
            if (did > last)
                continue;  // cannot happen at one revision; never index past the table
            const auto [found, inserted] =
                code_of.try_emplace(*it, static_cast<std::uint32_t>(values.size()));
            if (inserted)
                values.push_back(found->first);
            entries.emplace_back(did, found->second);
            ++shard.offsets[did + 1];
        }
    }
    for (std::size_t d = 1; d < shard.offsets.size(); ++d)
        shard.offsets[d] += shard.offsets[d - 1];
    shard.codes.resize(shard.offsets.back());
    std::vector<std::uint32_t> next(shard.offsets.begin(), shard.offsets.end() - 1);
    for (const auto& entries : by_slot) {
        for (const auto& [did, code] : entries)
            shard.codes[next[did]++] = code;
    }
    return shard;
}

}  // namespace

FacetColumn FacetColumn::read(const std::vector<Xapian::Database>& shards, const FacetSpec& spec) {
    FacetColumn column;
    std::unordered_map<std::string, std::uint32_t> code_of;
    for (const Xapian::Database& db : shards)
        column.shards.push_back(read_shard(db, spec, code_of, column.values));
    return column;
}

const FacetColumn& FacetTable::column(const FacetSpec& spec) {
    const std::size_t index = static_cast<std::size_t>(&spec - facet_specs().data());
    if (columns_.size() < facet_specs().size())
        columns_.resize(facet_specs().size());
    if (!columns_[index])
        columns_[index] = std::make_unique<FacetColumn>(FacetColumn::read(shards_, spec));
    return *columns_[index];
}

const FacetColumn& FacetTable::stories() {
    static const FacetSpec kStorySpec{"story", schema::kSlotStory, 1, false};
    if (!stories_)
        stories_ = std::make_unique<FacetColumn>(FacetColumn::read(shards_, kStorySpec));
    return *stories_;
}

}  // namespace dossier
