// Exact facet counts over the whole match set, two ways that count the same:
//
// - stock: Xapian's ValueCountMatchSpy, one per value slot, summed for
//   multi-valued facets (actors, authors, mentioned years use a run of slots,
//   see common/schema.h). Built-in spies are what xapian-tcpsrv can merge
//   across shards, so this is the path for an index with remote shards.
// - table: one spy that looks each match's docid up in a FacetTable and bumps
//   integer counters: no value reads or string maps per match. For local
//   databases; about a hundred times cheaper per match for the actor facet.
//
// Both count the slot values, so an article counts for at most the first 32
// actors, 4 authors and 8 mentioned years it has (docs/search-json.md).
// Counts are of stories (an article and its copies, indexer/story_linker.h)
// on the table path when asked to: a value counts once for a story however
// many of its copies match, so that it equals the story total of the query
// filtered by it. The stock spies count articles (Xapian's collapse does not
// reach them: docs/copies.md). Not thread-safe; one counter per search.
#pragma once

#include <xapian.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/search/search_result.h"

namespace dossier {

class FacetTable;
struct FacetColumn;

struct FacetSpec {
    std::string_view name;
    Xapian::valueno first_slot;
    unsigned slot_count;
    bool typed;  // values are "type:Name" (actors)
};

// The facets a request may ask for, in documentation order.
const std::vector<FacetSpec>& facet_specs();

class FacetCounter {
  public:
    // Counts with stock spies when `table` is null, else from `table` (one
    // spy per shard of the table, all counting into this counter), which
    // must outlive the counter and be of `db`'s current revision.
    // Throws BadRequest for an unknown facet name.
    // `by_story`: the table path counts stories, not articles.
    FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names,
                 FacetTable* table, bool by_story = false);
    ~FacetCounter();

    bool empty() const { return requested_.empty(); }
    // Stock path: adds the spies to a match over the whole index.
    void attach(Xapian::Enquire& enquire);
    // Table path: adds the spy of the table's shard `shard` to a match over that shard alone.
    void attach_shard(Xapian::Enquire& enquire, std::size_t shard);

    // Table path only: past `deadline` the counting spies throw OutOfTime out
    // of Enquire::get_mset, leaving the counts they have made (a budget kept
    // without Xapian's match timer, see search_service.cpp).
    struct OutOfTime {};
    void set_deadline(std::chrono::steady_clock::time_point deadline);

    // Table path: the matches counted, a story counting once when counting
    // by story (an article with no copy is a story of one).
    unsigned matches_counted() const;

    // The top `limit` values of each facet by count (ties by value, then
    // type); `actor_type` keeps only actors of that type.
    std::vector<Facet> results(unsigned limit, std::string_view actor_type) const;

  private:
    class TableSpy;
    struct TableCounts;
    struct Requested {
        const FacetSpec* spec;
        std::vector<std::size_t> spy_indexes;  // stock path: into spies_
        std::size_t table_index = 0;           // table path: into table_counts_->counted
    };
    std::vector<Requested> requested_;
    // Owned here; Enquire keeps raw pointers to them while the counter lives.
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
    std::unique_ptr<TableCounts> table_counts_;
    std::vector<std::unique_ptr<TableSpy>> table_spies_;
};

}  // namespace dossier
