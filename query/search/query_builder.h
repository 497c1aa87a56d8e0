// Turns a SearchRequest into a Xapian query: the query language (Xapian's
// QueryParser, configured to mirror the indexer's TermGenerator) plus the
// filters given as flags. docs/query-language.md documents the language.
//
// Not thread-safe (a QueryParser has state); one per SearchService.
// Errors: throws BadRequest for a bad date or an unknown field value; a
// query that does not parse with operators is read as plain words instead.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>

#include "common/gazetteer.h"
#include "query/search/search_request.h"

namespace dossier {

class QueryBuilder {
  public:
    // `gazetteer` must outlive the builder.
    QueryBuilder(const Xapian::Database& db, const ActorGazetteer& gazetteer);
    ~QueryBuilder();

    struct Built {
        Xapian::Query query;       // text query with all filters applied
        Xapian::Query text_query;  // the words alone (for snippets); empty for a filter-only query
        bool filters_only = false;
        // The parser's spelling correction; asked for only when a word of the
        // query is in no article, empty otherwise.
        std::string corrected;
        // Stop words (query/search/stop_words.h) the parser left out.
        std::vector<std::string> dropped_words;
        // Words that framed a request in prose, taken out before parsing
        // (query/search/prose_query.h): "supply", "information" in
        // "Please supply information on ...".
        std::vector<std::string> request_words;
        // A question or request typed as prose: plain prose (prose_query.h)
        // with stop words or a request's framing around at least five
        // words that count. "What did the sanctions do to Russian banks and
        // their foreign lending?", not "federal reserve bond buying" or "rise
        // in interest rates". Such a query is reranked with feedback unless
        // the request says otherwise.
        bool prose_question = false;
        // Read as plain words, operators and quotes ignored: typed in
        // capitals, or not parseable with operators (`why_words` says which).
        bool read_as_words = false;
        std::string why_words;
        // The words relaxed to any of them (query_rewrites.h relaxed()), with
        // the same filters; empty when the query uses operators or has fewer
        // than two words. The search core uses it when fewer than a page of
        // articles have all the words.
        Xapian::Query relaxed_query;
        Xapian::Query relaxed_text_query;
    };
    Built build(const SearchRequest& request);

    // The query term of an actor given by name or alias ("putin", "Kremlin").
    Xapian::Query actor_query(const std::string& name) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A publication date bound ("2024", "2024-03", "2024-03-05") as the YYYYMMDD
// string of its first day (`is_end` false) or last day (`is_end` true).
// Throws BadRequest naming `what` when the value is not such a date.
std::string date_bound(const std::string& value, bool is_end, const std::string& what);

}  // namespace dossier
