#include "query/search/query_words.h"

#include <algorithm>
#include <regex>

#include "common/schema.h"

namespace dossier {

namespace {

// "ZSstem" (title:) -> "Zstem": the body word the title word stands for.
std::string as_word_term(const std::string& term) {
    if (schema::is_stem_term(term) && !schema::is_word_term(term))
        return schema::stem_term(
            term.substr(schema::kStemPrefix.size() + schema::kTitlePrefix.size()));
    return term;
}

void add_unique(std::vector<std::string>& list, std::string value) {
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(std::move(value));
}

void collect(const Xapian::Query& query, QueryWords& words) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
            for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end();
                 ++it) {
                if (schema::is_stem_term(*it))
                    add_unique(words.terms, as_word_term(*it));
            }
            return;
        case Xapian::Query::OP_WILDCARD: {
            // Xapian 1.4 keeps a wildcard's pattern only in its description:
            // "Query(WILDCARD SYNONYM Zsanct)".
            static const std::regex kPattern("WILDCARD [A-Z_]+ ([^ )]+)");
            const std::string description = query.get_description();
            std::smatch m;
            if (std::regex_search(description, m, kPattern) &&
                m[1].str().rfind(schema::kStemPrefix, 0) == 0)
                add_unique(words.patterns, as_word_term(m[1].str()));
            return;
        }
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SCALE_WEIGHT:
            // Only the first subquery says what to look for; the rest excludes or filters.
            if (query.get_num_subqueries() > 0)
                collect(query.get_subquery(0), words);
            return;
        default:
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
                collect(query.get_subquery(i), words);
    }
}

}  // namespace

QueryWords QueryWords::of(const Xapian::Query& text_query) {
    QueryWords words;
    if (!text_query.empty())
        collect(text_query, words);
    return words;
}

}  // namespace dossier
