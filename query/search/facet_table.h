// An in-memory copy of the facet value slots of a local index, so that
// counting a facet costs an array walk per match instead of value reads and
// string-keyed map updates. One column per facet (common/schema.h's run of
// slots): each value string once, as stored, with a code; and for every
// shard, for every docid, the codes of the values its slots hold, CSR style.
// Counting from a column therefore gives what one stock ValueCountMatchSpy
// per slot gives, summed. The shards share the codes, so their counts add up
// by code, without merging strings (an index has hundreds of thousands of
// distinct actors).
//
// Columns are built on first use from the slots' value streams (the whole
// index, once per revision); the owner drops the table when the database
// moves to a new revision. Local databases only: value streams and the
// docids a MatchSpy sees are not available through xapian-tcpsrv.
//
// Not thread-safe; one per SearchService. Errors: Xapian exceptions from
// reading the streams (DatabaseModifiedError among them) pass through and
// leave no partial column behind.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace dossier {

struct FacetSpec;

struct FacetColumn {
    struct Shard {
        std::vector<std::uint32_t> offsets;  // docid -> its first code; size: last docid + 2
        std::vector<std::uint32_t> codes;    // in slot order within a docid

        // The codes of `did`'s values (none for a docid past the table).
        std::span<const std::uint32_t> codes_of(Xapian::docid did) const {
            if (did + 1 >= offsets.size())
                return {};
            return {codes.data() + offsets[did], codes.data() + offsets[did + 1]};
        }
    };
    std::vector<std::string> values;  // code -> slot value
    std::vector<Shard> shards;        // in the order of the table's shards

    // `shards` are the index's local databases, each on its own (a MatchSpy
    // sees docids of the shard it runs on).
    static FacetColumn read(const std::vector<Xapian::Database>& shards, const FacetSpec& spec);
};

class FacetTable {
  public:
    // `shards` must outlive the table.
    explicit FacetTable(const std::vector<Xapian::Database>& shards) : shards_(shards) {}

    // The column of `spec` (one of facet_specs()), read on first use.
    const FacetColumn& column(const FacetSpec& spec);
    std::size_t shard_count() const { return shards_.size(); }
    // The story slot as a column (a story key is a value; articles without
    // copies have none), read on first use: counting by story.
    const FacetColumn& stories();

  private:
    const std::vector<Xapian::Database>& shards_;
    std::unique_ptr<FacetColumn> stories_;
    // Indexed like facet_specs(); null until asked for.
    std::vector<std::unique_ptr<FacetColumn>> columns_;
};

}  // namespace dossier
