#include "query/search/facet_counter.h"

#include <algorithm>
#include <unordered_map>

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

// What the shard spies of one table counter count into, by the table's codes.
struct FacetCounter::TableCounts {
    struct Counted {
        const FacetColumn* column;
        std::vector<unsigned> counts;  // by value code
        // Codes in first-counted order: the results read only these, not
        // every value the index has (hundreds of thousands of actors).
        std::vector<std::uint32_t> touched;
    };
    std::vector<Counted> counted;
    std::optional<std::chrono::steady_clock::time_point> deadline;
    // Counting by story: each shard's docid -> story code (none for an
    // article without copies), the stories met, and the matching copies,
    // whose values are counted at the end, once per story (most stories
    // have one matching copy: they cost no more than an article).
    struct Copy {
        std::uint32_t story;
        std::uint32_t shard;
        Xapian::docid did;
        friend bool operator<(const Copy& a, const Copy& b) { return a.story < b.story; }
    };
    const FacetColumn* stories = nullptr;
    std::vector<std::uint8_t> story_met;  // matching copies of each story: 0, 1, or 2 for more
    std::vector<Copy> copies;
    bool copies_counted = false;
    unsigned matches = 0;

    void count(Counted& c, std::uint32_t code) {
        if (c.counts[code]++ == 0)
            c.touched.push_back(code);
    }

    // Each story's values, once however many of its copies matched.
    void count_copies() {
        if (copies_counted)
            return;
        copies_counted = true;
        // A story met once counts like an article; the others are sorted
        // together and their values counted once.
        std::erase_if(copies, [&](const Copy& copy) {
            if (story_met[copy.story] > 1)
                return false;
            for (Counted& c : counted) {
                for (const std::uint32_t code : c.column->shards[copy.shard].codes_of(copy.did))
                    count(c, code);
            }
            return true;
        });
        std::sort(copies.begin(), copies.end());
        std::vector<std::uint32_t> values;
        for (std::size_t first = 0; first < copies.size();) {
            std::size_t last = first + 1;
            while (last < copies.size() && copies[last].story == copies[first].story)
                ++last;
            for (Counted& c : counted) {
                values.clear();
                for (std::size_t i = first; i < last; ++i) {
                    const auto codes = c.column->shards[copies[i].shard].codes_of(copies[i].did);
                    values.insert(values.end(), codes.begin(), codes.end());
                }
                std::sort(values.begin(), values.end());
                values.erase(std::unique(values.begin(), values.end()), values.end());
                for (const std::uint32_t code : values)
                    count(c, code);
            }
            first = last;
        }
    }
};

class FacetCounter::TableSpy : public Xapian::MatchSpy {
  public:
    TableSpy(TableCounts& counts, std::size_t shard) : counts_(counts), shard_(shard) {}

    void operator()(const Xapian::Document& doc, double) override {
        // The clock every 256 matches: a few ns per match, a bound of
        // microseconds past the deadline.
        if (counts_.deadline && (seen_++ & 255) == 0 &&
            std::chrono::steady_clock::now() > *counts_.deadline)
            throw OutOfTime{};
        const Xapian::docid did = doc.get_docid();
        if (const std::optional<std::uint32_t> story = story_of(did)) {
            std::uint8_t& met = counts_.story_met[*story];
            if (met == 0)
                ++counts_.matches;
            met = met < 2 ? met + 1 : 2;
            counts_.copies.push_back({*story, static_cast<std::uint32_t>(shard_), did});
            return;
        }
        ++counts_.matches;
        for (TableCounts::Counted& c : counts_.counted) {
            for (const std::uint32_t code : c.column->shards[shard_].codes_of(did))
                counts_.count(c, code);
        }
    }

  private:
    std::optional<std::uint32_t> story_of(Xapian::docid did) const {
        if (!counts_.stories)
            return std::nullopt;
        const auto story = counts_.stories->shards[shard_].codes_of(did);
        if (story.empty())
            return std::nullopt;
        return story.front();
    }

    TableCounts& counts_;
    std::size_t shard_;
    std::uint64_t seen_ = 0;
};

FacetCounter::FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names,
                           FacetTable* table, bool by_story) {
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
            if (!table_counts_) {
                table_counts_ = std::make_unique<TableCounts>();
                for (std::size_t shard = 0; shard < table->shard_count(); ++shard)
                    table_spies_.push_back(std::make_unique<TableSpy>(*table_counts_, shard));
            }
            const FacetColumn& column = table->column(*spec);
            requested.table_index = table_counts_->counted.size();
            table_counts_->counted.push_back(
                {&column, std::vector<unsigned>(column.values.size()), {}});
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
    if (table_counts_ && by_story) {
        table_counts_->stories = &table->stories();
        table_counts_->story_met.assign(table_counts_->stories->values.size(), 0);
    }
}

unsigned FacetCounter::matches_counted() const {
    return table_counts_ ? table_counts_->matches : 0;
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::set_deadline(std::chrono::steady_clock::time_point deadline) {
    if (table_counts_)
        table_counts_->deadline = deadline;
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (const auto& spy : spies_)
        enquire.add_matchspy(spy.get());
}

void FacetCounter::attach_shard(Xapian::Enquire& enquire, std::size_t shard) {
    if (shard < table_spies_.size())
        enquire.add_matchspy(table_spies_[shard].get());
}

std::vector<Facet> FacetCounter::results(unsigned limit, std::string_view actor_type) const {
    std::vector<Facet> facets;
    for (const Requested& requested : requested_) {
        const bool typed = requested.spec->typed;
        const bool filtered = typed && !actor_type.empty();
        struct Counted {
            std::string_view raw;
            unsigned count;
        };
        std::vector<Counted> counted;
        const auto add = [&](std::string_view raw, unsigned count) {
            if (filtered && schema::split_actor_slot_value(raw).first != actor_type)
                return;
            counted.push_back({raw, count});
        };
        // The stock spies count a value once per slot it is in: summed here.
        // A table has each value once, under one code for every shard.
        std::unordered_map<std::string, unsigned> summed;
        if (table_counts_) {
            table_counts_->count_copies();
            const TableCounts::Counted& c = table_counts_->counted[requested.table_index];
            counted.reserve(c.touched.size());
            for (const std::uint32_t code : c.touched)
                add(c.column->values[code], c.counts[code]);
        } else {
            for (const std::size_t spy_index : requested.spy_indexes) {
                const Xapian::ValueCountMatchSpy& spy = *spies_[spy_index];
                for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
                    summed[*it] += it.get_termfreq();
            }
            counted.reserve(summed.size());
            for (const auto& [raw, count] : summed)
                add(raw, count);
        }
        // A broad match touches tens of thousands of actors: cut to those
        // that count at least as much as the limit-th by count alone, and
        // order only these by the whole order (which splits each value).
        if (limit > 0 && counted.size() > limit) {
            const auto more = [](const Counted& a, const Counted& b) { return a.count > b.count; };
            std::nth_element(counted.begin(), counted.begin() + (limit - 1), counted.end(), more);
            const unsigned least = counted[limit - 1].count;
            std::erase_if(counted, [&](const Counted& c) { return c.count < least; });
        }
        struct Candidate {
            std::string_view type;
            std::string_view value;
            unsigned count;
        };
        std::vector<Candidate> candidates;
        candidates.reserve(counted.size());
        for (const Counted& c : counted) {
            if (typed) {
                const auto [type, value] = schema::split_actor_slot_value(c.raw);
                candidates.push_back({type, value, c.count});
            } else {
                candidates.push_back({std::string_view(), c.raw, c.count});
            }
        }
        const auto order = [](const Candidate& a, const Candidate& b) {
            return ranks_before(a.count, a.value, a.type, b.count, b.value, b.type);
        };
        const std::size_t kept = std::min<std::size_t>(limit, candidates.size());
        std::partial_sort(candidates.begin(), candidates.begin() + kept, candidates.end(), order);
        Facet facet;
        facet.name = std::string(requested.spec->name);
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
