// Exact facet counts over the whole match set, with Xapian's stock
// ValueCountMatchSpy only: one spy per value slot, summed for multi-valued
// facets (actors, authors, mentioned years use a run of slots, see
// common/schema.h). Built-in spies are what xapian-tcpsrv can merge across
// shards, so the counts stay exact when the index is split.
//
// Counts are of passages. Not thread-safe; one counter per search.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "query/search_result.h"

namespace dossier {

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
    // Throws BadRequest for an unknown facet name.
    FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names);

    bool empty() const { return spies_.empty() && requested_.empty(); }
    void attach(Xapian::Enquire& enquire);

    // The top `limit` values of each facet by count (ties by value);
    // `actor_type` keeps only actors of that type.
    std::vector<Facet> results(unsigned limit, std::string_view actor_type) const;

  private:
    struct Requested {
        const FacetSpec* spec;
        std::vector<std::size_t> spy_indexes;
    };
    std::vector<Requested> requested_;
    // Owned here; Enquire keeps raw pointers to them while the counter lives.
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
};

}  // namespace dossier
