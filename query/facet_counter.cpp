#include "query/facet_counter.h"

#include <algorithm>
#include <map>

#include "common/schema.h"
#include "query/search_service.h"

namespace dossier {

const std::vector<FacetSpec>& facet_specs() {
    static const std::vector<FacetSpec> specs = {
        {"actor", schema::kSlotFirstActor, schema::kActorSlotCount, true},
        {"year", schema::kSlotYear, 1, false},
        {"month", schema::kSlotMonth, 1, false},
        {"source", schema::kSlotSource, 1, false},
        {"author", schema::kSlotFirstAuthor, schema::kAuthorSlotCount, false},
        {"mentioned_year", schema::kSlotFirstMentionedYear, schema::kMentionedYearSlotCount, false},
    };
    return specs;
}

FacetCounter::FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        const auto& specs = facet_specs();
        const auto spec = std::find_if(specs.begin(), specs.end(),
                                       [&](const FacetSpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            std::string known;
            for (const FacetSpec& s : specs)
                known += (known.empty() ? "" : ", ") + std::string(s.name);
            throw BadRequest("unknown facet \"" + name + "\" (known: " + known + ")");
        }
        if (std::any_of(requested_.begin(), requested_.end(),
                        [&](const Requested& r) { return r.spec == &*spec; })) {
            continue;
        }
        Requested requested{&*spec, {}};
        for (unsigned i = 0; i < spec->slot_count; ++i) {
            const Xapian::valueno slot = spec->first_slot + i;
            // A slot no passage uses costs a lookup per match and adds nothing.
            if (db.get_value_freq(slot) == 0)
                break;
            requested.spy_indexes.push_back(spies_.size());
            spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        }
        requested_.push_back(std::move(requested));
    }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (const auto& spy : spies_)
        enquire.add_matchspy(spy.get());
}

std::vector<Facet> FacetCounter::results(unsigned limit, std::string_view actor_type) const {
    std::vector<Facet> facets;
    for (const Requested& requested : requested_) {
        std::map<std::string, unsigned> counts;
        for (const std::size_t index : requested.spy_indexes) {
            const Xapian::ValueCountMatchSpy& spy = *spies_[index];
            for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
                counts[*it] += it.get_termfreq();
            }
        }
        Facet facet;
        facet.name = std::string(requested.spec->name);
        for (const auto& [value, count] : counts) {
            FacetValue v;
            v.count = count;
            if (requested.spec->typed) {
                const std::size_t colon = value.find(':');
                v.type = value.substr(0, colon);
                v.value = colon == std::string::npos ? value : value.substr(colon + 1);
                if (!actor_type.empty() && v.type != actor_type)
                    continue;
            } else {
                v.value = value;
            }
            facet.values.push_back(std::move(v));
        }
        std::sort(facet.values.begin(), facet.values.end(),
                  [](const FacetValue& a, const FacetValue& b) {
                      return a.count != b.count ? a.count > b.count : a.value < b.value;
                  });
        if (facet.values.size() > limit)
            facet.values.resize(limit);
        facets.push_back(std::move(facet));
    }
    return facets;
}

}  // namespace dossier
