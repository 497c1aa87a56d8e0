#include "query/search/facet_table.h"

#include <unordered_map>
#include <utility>

#include "common/schema.h"
#include "query/search/facet_counter.h"

namespace dossier {

FacetColumn FacetColumn::read(const Xapian::Database& db, const FacetSpec& spec) {
    FacetColumn column;
    const Xapian::docid last = db.get_lastdocid();
    column.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    std::unordered_map<std::string, std::uint32_t> code_of;
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
                code_of.try_emplace(*it, static_cast<std::uint32_t>(column.values.size()));
            if (inserted)
                column.values.push_back(found->first);
            entries.emplace_back(did, found->second);
            ++column.offsets[did + 1];
        }
    }
    for (std::size_t d = 1; d < column.offsets.size(); ++d)
        column.offsets[d] += column.offsets[d - 1];
    column.codes.resize(column.offsets.back());
    std::vector<std::uint32_t> next(column.offsets.begin(), column.offsets.end() - 1);
    for (const auto& entries : by_slot) {
        for (const auto& [did, code] : entries)
            column.codes[next[did]++] = code;
    }
    return column;
}

const FacetColumn& FacetTable::column(const FacetSpec& spec) {
    const std::size_t index = static_cast<std::size_t>(&spec - facet_specs().data());
    if (columns_.size() < facet_specs().size())
        columns_.resize(facet_specs().size());
    if (!columns_[index])
        columns_[index] = std::make_unique<FacetColumn>(FacetColumn::read(db_, spec));
    return *columns_[index];
}

}  // namespace dossier
