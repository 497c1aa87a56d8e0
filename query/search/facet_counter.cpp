#include "query/search/facet_counter.h"

#include <algorithm>
#include <map>

#include "common/schema.h"
#include "query/search/facet_table.h"
#include "query/search/search_service.h"

namespace dossier {

namespace {

// Count descending, then value, then type: a total order, so that the top
// values are the same whichever path counted them and however they were cut.
bool ranks_before(unsigned count_a, std::string_view value_a, std::string_view type_a,
                  unsigned count_b, std::string_view value_b, std::string_view type_b) {
    if (count_a != count_b)
        return count_a > count_b;
    if (value_a != value_b)
        return value_a < value_b;
    return type_a < type_b;
}

}  // namespace

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

class FacetCounter::TableSpy : public Xapian::MatchSpy {
  public:
    struct Counted {
        const FacetColumn* column;
        std::vector<unsigned> counts;  // by value code
    };
    std::vector<Counted> counted;
    std::optional<std::chrono::steady_clock::time_point> deadline;

    void operator()(const Xapian::Document& doc, double) override {
        // The clock every 256 matches: a few ns per match, a bound of
        // microseconds past the deadline.
        if (deadline && (seen_++ & 255) == 0 && std::chrono::steady_clock::now() > *deadline)
            throw OutOfTime{};
        const Xapian::docid did = doc.get_docid();
        for (Counted& c : counted) {
            const std::vector<std::uint32_t>& offsets = c.column->offsets;
            if (did + 1 >= offsets.size())
                continue;
            const std::uint32_t* code = c.column->codes.data() + offsets[did];
            const std::uint32_t* end = c.column->codes.data() + offsets[did + 1];
            for (; code != end; ++code)
                ++c.counts[*code];
        }
    }

  private:
    std::uint64_t seen_ = 0;
};

FacetCounter::FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names,
                           FacetTable* table) {
    const auto& specs = facet_specs();
    for (const std::string& name : names) {
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
        Requested requested{&*spec, {}, 0};
        if (table) {
            if (!table_spy_)
                table_spy_ = std::make_unique<TableSpy>();
            const FacetColumn& column = table->column(*spec);
            requested.table_index = table_spy_->counted.size();
            table_spy_->counted.push_back({&column, std::vector<unsigned>(column.values.size())});
        } else {
            for (unsigned i = 0; i < spec->slot_count; ++i) {
                const Xapian::valueno slot = spec->first_slot + i;
                // A slot no article uses costs a lookup per match and adds nothing.
                if (db.get_value_freq(slot) == 0)
                    break;
                requested.spy_indexes.push_back(spies_.size());
                spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
            }
        }
        requested_.push_back(std::move(requested));
    }
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::set_deadline(std::chrono::steady_clock::time_point deadline) {
    if (!table_spy_)
        table_spy_ = std::make_unique<TableSpy>();
    table_spy_->deadline = deadline;
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (const auto& spy : spies_)
        enquire.add_matchspy(spy.get());
    if (table_spy_)
        enquire.add_matchspy(table_spy_.get());
}

void FacetCounter::add_counts(std::size_t index, std::map<std::string, unsigned>& into) const {
    const Requested& requested = requested_[index];
    if (table_spy_) {
        const TableSpy::Counted& c = table_spy_->counted[requested.table_index];
        for (std::size_t code = 0; code < c.counts.size(); ++code) {
            if (c.counts[code] > 0)
                into[c.column->values[code]] += c.counts[code];
        }
        return;
    }
    for (const std::size_t spy_index : requested.spy_indexes) {
        const Xapian::ValueCountMatchSpy& spy = *spies_[spy_index];
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
            into[*it] += it.get_termfreq();
    }
}

std::vector<Facet> FacetCounter::results(unsigned limit, std::string_view actor_type) const {
    return merged_results({this}, limit, actor_type);
}

std::vector<Facet> FacetCounter::merged_results(const std::vector<const FacetCounter*>& counters,
                                                unsigned limit, std::string_view actor_type) {
    std::vector<Facet> facets;
    if (counters.empty())
        return facets;
    const FacetCounter& first = *counters.front();
    for (std::size_t index = 0; index < first.requested_.size(); ++index) {
        const bool typed = first.requested_[index].spec->typed;
        // Raw slot value -> count, summed over the counters (shards).
        std::map<std::string, unsigned> counted;
        for (const FacetCounter* counter : counters)
            counter->add_counts(index, counted);
        struct Candidate {
            std::string_view type;
            std::string_view value;
            unsigned count;
        };
        std::vector<Candidate> candidates;
        candidates.reserve(counted.size());
        for (const auto& [raw, count] : counted) {
            if (typed) {
                const auto [type, value] = schema::split_actor_slot_value(raw);
                if (!actor_type.empty() && type != actor_type)
                    continue;
                candidates.push_back({type, value, count});
            } else {
                candidates.push_back({std::string_view(), raw, count});
            }
        }
        const auto order = [](const Candidate& a, const Candidate& b) {
            return ranks_before(a.count, a.value, a.type, b.count, b.value, b.type);
        };
        const std::size_t kept = std::min<std::size_t>(limit, candidates.size());
        std::partial_sort(candidates.begin(), candidates.begin() + kept, candidates.end(), order);
        Facet facet;
        facet.name = std::string(first.requested_[index].spec->name);
        for (std::size_t i = 0; i < kept; ++i) {
            FacetValue v;
            v.type = std::string(candidates[i].type);
            v.value = std::string(candidates[i].value);
            v.count = candidates[i].count;
            facet.values.push_back(std::move(v));
        }
        facets.push_back(std::move(facet));
    }
    return facets;
}

}  // namespace dossier
