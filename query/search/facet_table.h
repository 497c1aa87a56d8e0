// An in-memory copy of the facet value slots of a local index, so that
// counting a facet costs an array walk per match instead of value reads and
// string-keyed map updates. One column per facet (common/schema.h's run of
// slots): for every docid, the codes of the values its slots hold, CSR style,
// and each code's value string, exactly as stored. Counting from a column
// therefore gives what one stock ValueCountMatchSpy per slot gives, summed.
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
#include <string>
#include <vector>

namespace dossier {

struct FacetSpec;

struct FacetColumn {
    std::vector<std::string> values;     // code -> slot value
    std::vector<std::uint32_t> offsets;  // docid -> its first code; size: last docid + 2
    std::vector<std::uint32_t> codes;    // in slot order within a docid

    static FacetColumn read(const Xapian::Database& db, const FacetSpec& spec);
};

class FacetTable {
  public:
    explicit FacetTable(const Xapian::Database& db) : db_(db) {}

    // The column of `spec` (one of facet_specs()), read on first use.
    const FacetColumn& column(const FacetSpec& spec);

  private:
    const Xapian::Database& db_;
    // Indexed like facet_specs(); null until asked for.
    std::vector<std::unique_ptr<FacetColumn>> columns_;
};

}  // namespace dossier
