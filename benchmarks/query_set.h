// The benchmark query set (benchmarks/queries/*.tsv) and the latency summary
// every query runner prints, so that Dossier and its peers are read, timed
// and reported the same way.
//
// File format: one query per line, `class<TAB>query<TAB>flags`; lines starting
// with '#' and empty lines are ignored. flags is "-" or `key=value` pairs
// separated by ';': actor=NAME (repeatable), from=, to= (YYYY, YYYY-MM or
// YYYY-MM-DD), facets=a,b,c, offset=N.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace dossier::bench {

struct BenchQuery {
    std::string query_class;  // single, words, phrase, actor_facets, ...
    std::string text;         // Dossier query language; empty for a filter-only query
    std::vector<std::string> actors;
    std::string from;
    std::string to;
    std::vector<std::string> facets;
    unsigned offset = 0;
};

// Throws std::runtime_error("path:line: reason") on a malformed line.
std::vector<BenchQuery> load_query_set(const std::filesystem::path& file);

// Words and "phrases" of a query text, in order, operators ("OR") kept as
// they are; what the peers rebuild their own query syntax from.
struct QueryToken {
    std::string text;
    bool phrase = false;     // was inside double quotes
    bool operator_ = false;  // OR, AND, NOT
};
std::vector<QueryToken> tokenize_query(const std::string& text);

// Per-class latency: each query's median over the timed passes, then the
// percentiles of those medians across the class (nearest rank).
class LatencyTable {
  public:
    void add(const std::string& query_class, std::vector<double> pass_ms, std::size_t hits);
    // One TSV row per class: engine class queries p50_ms p95_ms p99_ms mean_hits,
    // in first-seen class order, after a header row when `header`.
    void print_tsv(std::ostream& out, const std::string& engine, bool header) const;

  private:
    struct ClassSamples {
        std::vector<double> medians;
        std::size_t hits = 0;
    };
    std::vector<std::string> order_;
    std::map<std::string, ClassSamples> classes_;
};

// Nearest-rank percentile of unsorted values (0 when empty).
double percentile(std::vector<double> values, double p);

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" -> the first and last day it covers, as
// YYYY-MM-DD; an empty bound gives "0000-00-00" / "9999-12-31".
std::string lower_day(const std::string& bound);
std::string upper_day(const std::string& bound);

}  // namespace dossier::bench
