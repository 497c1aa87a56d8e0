#include "query/search/query_rewrites.h"

#include <cctype>
#include <set>
#include <vector>

#include "common/schema.h"
#include "common/text.h"

namespace dossier {

namespace {

using Q = Xapian::Query;

// Operators whose node is its operator and subqueries alone, so that it can
// be made again from them.
bool remakeable(Q::op op) {
    switch (op) {
        case Q::OP_AND:
        case Q::OP_OR:
        case Q::OP_AND_NOT:
        case Q::OP_XOR:
        case Q::OP_AND_MAYBE:
        case Q::OP_FILTER:
        case Q::OP_SYNONYM:
        case Q::OP_MAX:
            return true;
        default:
            return false;
    }
}

std::vector<Q> subqueries(const Q& query) {
    std::vector<Q> out;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        out.push_back(query.get_subquery(i));
    return out;
}

}  // namespace

bool uses_operators(std::string_view text) {
    static const std::set<std::string_view> kOperatorWords = {"AND", "OR",   "NOT",
                                                              "XOR", "NEAR", "ADJ"};
    std::size_t at = 0;
    while (at < text.size()) {
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
            ++at;
        std::size_t end = at;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])))
            ++end;
        std::string_view word = text.substr(at, end - at);
        if (!word.empty()) {
            while (!word.empty() && word.front() == '(')  // grouping alone is no operator
                word.remove_prefix(1);
            if (word.size() > 1 && (word.front() == '+' || word.front() == '-'))
                return true;
            const std::size_t slash = word.find('/');  // NEAR/3, ADJ/2
            if (kOperatorWords.count(word.substr(0, slash)) != 0)
                return true;
        }
        at = end;
    }
    return false;
}

bool is_capitals_prose(std::string_view query) {
    // Upper-case letters (folding changes the text) and no lower-case ones.
    return text::count_words(query) >= 3 && text::fold_case(query) != query &&
           !text::has_lower_case(query);
}

Q relaxed(const Q& query) {
    if (query.get_type() == Q::OP_FILTER) {
        std::vector<Q> parts = subqueries(query);
        if (parts.empty())
            return Q();
        const Q words = relaxed(parts.front());
        if (words.empty())
            return Q();
        parts.front() = words;
        return Q(Q::OP_FILTER, parts.begin(), parts.end());
    }
    if (query.get_type() != Q::OP_AND)
        return Q();
    // The parser nests the words after some punctuation ("science? Give
    // definitions") in an AND of their own: each word counts alone.
    std::vector<Q> words;
    std::vector<Q> pending = subqueries(query);
    for (std::size_t i = 0; i < pending.size(); ++i) {
        if (pending[i].get_type() == Q::OP_AND) {
            for (const Q& sub : subqueries(pending[i]))
                pending.push_back(sub);
        } else {
            words.push_back(pending[i]);
        }
    }
    if (words.size() < 2)
        return Q();
    return Q(Q::OP_OR, words.begin(), words.end());
}

std::size_t relaxed_word_count(const Q& relaxed_query) {
    if (relaxed_query.get_type() == Q::OP_FILTER && relaxed_query.get_num_subqueries() > 0)
        return relaxed_word_count(relaxed_query.get_subquery(0));
    return relaxed_query.get_num_subqueries();
}

namespace {

// Title words are indexed without positions (docs/schema.md: their own
// positions cost 1.6% of an index), so a phrase of title words, from
// `title:"a b"` or a hyphenated `title:a-b`, is answered as those words in
// the title and the same phrase on the article's positions, which hold the
// title's words first. An article whose title has the words apart and whose
// text has the phrase matches too. NEAR of title words: the words in the
// title, which is short enough for any NEAR window.
Q title_phrase_on_article_positions(const Q& query, bool& changed) {
    const Q::op op = query.get_type();
    const std::size_t count = query.get_num_subqueries();
    if (op == Q::OP_PHRASE || op == Q::OP_NEAR) {
        std::vector<Q> in_title;
        std::vector<Q> words;
        for (std::size_t i = 0; i < count; ++i) {
            const Q sub = query.get_subquery(i);
            if (sub.get_type() != Q::LEAF_TERM)
                return query;
            const std::string term = *sub.get_terms_begin();
            const std::string title_prefix = schema::title_stem_term("");
            if (term.rfind(title_prefix, 0) != 0)
                return query;
            in_title.push_back(sub);
            words.emplace_back(
                schema::stem_term(std::string_view(term).substr(title_prefix.size())));
        }
        changed = true;
        const Q title(Q::OP_AND, in_title.begin(), in_title.end());
        if (op == Q::OP_NEAR)
            return title;
        return Q(Q::OP_FILTER, title, Q(Q::OP_PHRASE, words.begin(), words.end(), words.size()));
    }
    if (!remakeable(op))
        return query;  // leaves, and operators with parameters the API does not give back
    bool any = false;
    std::vector<Q> parts;
    for (std::size_t i = 0; i < count; ++i)
        parts.push_back(title_phrase_on_article_positions(query.get_subquery(i), any));
    if (!any)
        return query;
    changed = true;
    return Q(op, parts.begin(), parts.end());
}

}  // namespace

Q title_phrase_on_article_positions(const Q& query) {
    bool changed = false;
    return title_phrase_on_article_positions(query, changed);
}

}  // namespace dossier
