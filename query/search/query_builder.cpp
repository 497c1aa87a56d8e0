#include "query/search/query_builder.h"

#include <algorithm>
#include <cstdio>
#include <regex>
#include <utility>
#include <vector>

#include "common/schema.h"
#include "common/text.h"
#include "query/search/prose_query.h"
#include "query/search/query_rewrites.h"
#include "query/search/query_words.h"
#include "query/search/search_service.h"
#include "query/search/stop_words.h"

namespace dossier {

namespace {

constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                  Xapian::QueryParser::FLAG_WILDCARD |
                                  Xapian::QueryParser::FLAG_PURE_NOT;

// Xapian's correction looks every word up in the spelling table (trigram
// lists, edit distances: up to 1-2 ms a query), and offers other words even
// for correct ones ("accession" -> "succession"). It is asked only when a
// word is in no article, so a query that does not need one pays nothing.
constexpr unsigned kCorrectingParserFlags =
    kParserFlags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION;

// A query read as plain words: no operators, quotes or wildcards; fields
// (`title:`, `actor:`) still apply.
constexpr unsigned kWordsParserFlags = 0;

// True when a word of `query` (a stem, of text or title) is in no article.
bool has_unknown_word(const Xapian::Database& db, const Xapian::Query& query) {
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::string term = *it;
        if (schema::is_stem_term(term) && !db.term_exists(term))
            return true;
    }
    return false;
}

// Words that count in a question typed as prose, at least (Built::prose_question).
constexpr std::size_t kProseQuestionWords = 5;

// Bounds the cost of a short wildcard such as "s*".
constexpr Xapian::termcount kMaxWildcardExpansion = 200;

Xapian::Query term_query(std::string_view prefix, std::string_view value) {
    return Xapian::Query(schema::boolean_term(prefix, value));
}

// A query that matches nothing but is not empty: an empty query would read as
// "no words" and turn a filter into match-all. No article has this term.
Xapian::Query no_article() {
    return term_query(schema::kDatePrefix, "none");
}

// Every dated article has a year value, also those dated to the month or year
// only, so the year slot's bounds are the index's date bounds. Empty strings
// when no article is dated.
std::pair<std::string, std::string> indexed_years(const Xapian::Database& db) {
    std::string first = db.get_value_lower_bound(schema::kSlotYear);
    std::string last = db.get_value_upper_bound(schema::kSlotYear);
    if (first.size() != 4 || last.size() != 4)
        return {};
    return {std::move(first), std::move(last)};
}

// Past this many years a span is one range over the year value instead of a
// union of year terms: an index whose dates run from 1200 to 2900 (a bad
// date parsed as written) would otherwise make an OR of 1,700 posting lists.
constexpr int kMaxYearTerms = 64;

// The whole years [first, last], both inside the index's years.
Xapian::Query whole_years(int first, int last) {
    char year[16];
    const auto name = [&](int y) {
        std::snprintf(year, sizeof year, "%04d", y);
        return std::string(year);
    };
    if (last - first + 1 > kMaxYearTerms)
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotYear, name(first),
                             name(last));
    std::vector<Xapian::Query> years;
    for (int y = first; y <= last; ++y)
        years.emplace_back(schema::year_term(name(y)));
    return Xapian::Query(Xapian::Query::OP_OR, years.begin(), years.end());
}

// The publication days [low, high] ("YYYYMMDD", inclusive; empty: open) as
// the boolean terms that cover them: whole years by their Y term, whole
// months by their M term, the days of the months at the ends by their D
// terms. A union of a few dozen posting lists at most, where a range over
// the date value reads every candidate's value (5-7 ms per query over the
// 429k passage documents of schema 2). Articles dated to the month or year
// only match when their whole month or year is inside the range. The range
// is first cut to the index's years, so `--from 1000` costs no more than an
// open bound.
Xapian::Query publication_days(const Xapian::Database& db, std::string low, std::string high) {
    const auto [first_indexed, last_indexed] = indexed_years(db);
    if (first_indexed.empty())
        return no_article();
    if (low.empty() || low < first_indexed + "0101")
        low = first_indexed + "0101";
    if (high.empty() || high > last_indexed + "1231")
        high = last_indexed + "1231";
    if (low.size() != 8 || high.size() != 8 || low > high)
        return no_article();
    char buffer[16];
    const auto key = [&](int year, int month, int day) {
        std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
        return std::string(buffer);
    };
    const auto whole_year = [&](int year) {
        return low <= key(year, 1, 1) && key(year, 12, 31) <= high;
    };
    std::vector<Xapian::Query> terms;
    // A year the range cuts: its whole months and the days of the others.
    const auto add_part_of_year = [&](int year) {
        for (int month = 1; month <= 12; ++month) {
            if (key(year, month, 31) < low || key(year, month, 1) > high)
                continue;
            if (low <= key(year, month, 1) && key(year, month, 31) <= high) {
                terms.emplace_back(schema::month_term(key(year, month, 1)));
                continue;
            }
            for (int day = 1; day <= 31; ++day) {
                const std::string d = key(year, month, day);
                if (low <= d && d <= high)
                    terms.emplace_back(schema::day_term(d));
            }
        }
    };
    // Only the first and the last year can be cut; the years between are whole.
    const int first_year = std::stoi(low.substr(0, 4));
    const int last_year = std::stoi(high.substr(0, 4));
    const int first_whole = whole_year(first_year) ? first_year : first_year + 1;
    const int last_whole = whole_year(last_year) ? last_year : last_year - 1;
    if (first_whole != first_year)
        add_part_of_year(first_year);
    if (first_whole <= last_whole)
        terms.push_back(whole_years(first_whole, last_whole));
    if (last_whole != last_year && last_year != first_year)
        add_part_of_year(last_year);
    return terms.empty() ? no_article()
                         : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// `date:2024-01-01..2024-06-30`, `date:2024-03..`, `date:..2023`.
class DateRange : public Xapian::RangeProcessor {
  public:
    explicit DateRange(const Xapian::Database& db)
        : Xapian::RangeProcessor(schema::kSlotDate, "date:"), db_(db) {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        return publication_days(db_, begin.empty() ? "" : bound(begin, false),
                                end.empty() ? "" : bound(end, true));
    }

  private:
    static std::string bound(const std::string& value, bool is_end) {
        try {
            return date_bound(value, is_end, "date:");
        } catch (const BadRequest& e) {
            throw Xapian::QueryParserError(e.what());
        }
    }
    const Xapian::Database& db_;
};

// `year:2020..2024`
class YearRange : public Xapian::RangeProcessor {
  public:
    explicit YearRange(const Xapian::Database& db)
        : Xapian::RangeProcessor(schema::kSlotYear, "year:"), db_(db) {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        for (const std::string* year : {&begin, &end}) {
            if (!year->empty() &&
                (year->size() != 4 || year->find_first_not_of("0123456789") != std::string::npos)) {
                throw Xapian::QueryParserError("year:" + begin + ".." + end +
                                               ": a year is four digits");
            }
        }
        // Cut to the index's years; whole_years() says how they are matched.
        const auto [first_indexed, last_indexed] = indexed_years(db_);
        if (first_indexed.empty())
            return no_article();
        const std::string& low = begin.empty() ? first_indexed : std::max(begin, first_indexed);
        const std::string& high = end.empty() ? last_indexed : std::min(end, last_indexed);
        if (low > high)
            return no_article();
        return whole_years(std::stoi(low), std::stoi(high));
    }

  private:
    const Xapian::Database& db_;
};

// `source:reuters`, `author:"saeed minhas"`: case-insensitive exact values.
class FoldedField : public Xapian::FieldProcessor {
  public:
    explicit FoldedField(std::string_view prefix) : prefix_(prefix) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::folded_term(prefix_, value));
    }

  private:
    std::string_view prefix_;
};

class ActorField : public Xapian::FieldProcessor {
  public:
    explicit ActorField(const QueryBuilder& builder) : builder_(builder) {}
    Xapian::Query operator()(const std::string& value) override {
        return builder_.actor_query(value);
    }

  private:
    const QueryBuilder& builder_;
};

// Hidden fields that put wildcard patterns where the stems are. Xapian 1.4's
// QueryParser applies STEM_ALL_Z's "Z" to words but not to wildcards, so
// "sanct*" would look for unprefixed terms that the index does not have.
constexpr std::string_view kStemWildcardField = "zstem";
constexpr std::string_view kTitleWildcardField = "ztitle";

// The index holds stems, so a pattern longer than its own stem ("allie*",
// stem "alli") would miss the words it means; it is cut back to that stem.
std::string stem_pattern(const std::string& pattern) {
    // One per thread: a Xapian::Stem is not thread-safe, and the HTTP
    // server's searches run on several threads at once (a shared one
    // crashed the server under concurrent wildcard searches).
    thread_local const Xapian::Stem stemmer{std::string(schema::kStemmerLanguage)};
    const std::string folded = text::fold_case(pattern);
    const std::string stem = stemmer(folded);
    std::size_t common = 0;
    while (common < stem.size() && common < folded.size() && stem[common] == folded[common])
        ++common;
    return common == 0 ? folded : folded.substr(0, common);
}

std::string route_wildcards_to_stems(const std::string& query) {
    static const std::regex kWildcard(R"((^|[\s(+\-])(title:)?([^\s():"*]+)\*(?=$|[\s)]))");
    std::string out;
    bool in_phrase = false;
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t quote = query.find('"', start);
        if (quote == std::string::npos)
            quote = query.size();
        const std::string segment = query.substr(start, quote - start);
        if (in_phrase) {
            out += segment;
        } else {
            std::string rewritten;
            auto last = segment.cbegin();
            for (auto it = std::sregex_iterator(segment.begin(), segment.end(), kWildcard);
                 it != std::sregex_iterator(); ++it) {
                const std::smatch& m = *it;
                rewritten.append(last, m[0].first);
                rewritten += m[1].str();
                rewritten += m[2].matched ? kTitleWildcardField : kStemWildcardField;
                rewritten += ":" + stem_pattern(m[3].str()) + "*";
                last = m[0].second;
            }
            rewritten.append(last, segment.cend());
            out += rewritten;
        }
        if (quote < query.size())
            out += '"';
        in_phrase = !in_phrase;
        start = quote + 1;
    }
    return out;
}

}  // namespace

std::string date_bound(const std::string& value, bool is_end, const std::string& what) {
    const auto date = parse_iso_date(value);
    const bool well_formed = date && (value.size() == 4 || value.size() == 7 || value.size() == 10);
    if (!well_formed) {
        throw BadRequest(what + " \"" + value +
                         "\" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD");
    }
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", date->year,
                  date->has_month() ? date->month : (is_end ? 12u : 1u),
                  date->has_day() ? date->day : (is_end ? 31u : 1u));
    return buffer;
}

struct QueryBuilder::Impl {
    Xapian::Database db;
    const ActorGazetteer& gazetteer;
    Xapian::QueryParser parser;
    DateRange date_range;
    YearRange year_range;
    FoldedField source_field{schema::kSourcePrefix};
    FoldedField author_field{schema::kAuthorPrefix};
    std::unique_ptr<ActorField> actor_field;

    Impl(const Xapian::Database& d, const ActorGazetteer& g)
        : db(d), gazetteer(g), date_range(db), year_range(db) {}
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, const ActorGazetteer& gazetteer)
    : impl_(std::make_unique<Impl>(db, gazetteer)) {
    Xapian::QueryParser& parser = impl_->parser;
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem(std::string(schema::kStemmerLanguage)));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    // Analysts expect every word to count, as in web search; OR is one keyword away.
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_stopper(&english_stop_words());
    parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    parser.add_prefix("title", std::string(schema::kTitlePrefix));
    parser.add_prefix(std::string(kStemWildcardField), std::string(schema::kStemPrefix));
    parser.add_prefix(std::string(kTitleWildcardField), schema::title_stem_term(""));
    parser.add_boolean_prefix("year", std::string(schema::kYearPrefix));
    parser.add_boolean_prefix("source", &impl_->source_field);
    parser.add_boolean_prefix("author", &impl_->author_field);
    impl_->actor_field = std::make_unique<ActorField>(*this);
    // An article has many actors: repeated actor: filters must all match (each
    // its own group). Repeated source:, author:, year: filters are
    // alternatives (Xapian's default grouping by field), as an article has one.
    static const std::string kEachFilterItsOwnGroup;
    parser.add_boolean_prefix("actor", impl_->actor_field.get(), &kEachFilterItsOwnGroup);
    parser.add_boolean_prefix("mentions", std::string(schema::kMentionedYearPrefix),
                              &kEachFilterItsOwnGroup);
    parser.add_rangeprocessor(&impl_->date_range);
    parser.add_rangeprocessor(&impl_->year_range);
}

QueryBuilder::~QueryBuilder() = default;

Xapian::Query QueryBuilder::actor_query(const std::string& name) const {
    const std::string_view trimmed = text::trim(name);
    if (const Actor* actor = impl_->gazetteer.resolve(trimmed)) {
        return Xapian::Query(schema::folded_term(schema::kActorPrefix, actor->name));
    }
    // People found by title only are indexed under their name as written.
    return Xapian::Query(schema::folded_term(schema::kActorPrefix, trimmed));
}

QueryBuilder::Built QueryBuilder::build(const SearchRequest& request) {
    Built built;
    Xapian::QueryParser& parser = impl_->parser;
    if (!text::is_blank(request.query)) {
        // Capitals are judged on the query as typed: its framing words count.
        const bool capitals = is_capitals_prose(request.query);
        std::string typed = request.query;
        const bool prose = is_plain_prose(typed);
        if (prose) {
            ProseWithout subject = without_request_framing(typed);
            built.request_words = std::move(subject.removed);
            ProseWithout words = without_stop_words(subject.text);
            typed = std::move(words.text);
            built.dropped_words = std::move(words.removed);
        }
        const std::string routed = route_wildcards_to_stems(typed);
        auto read_as_words = [&](std::string why) {
            built.read_as_words = true;
            built.why_words = std::move(why);
            try {
                built.text_query = parser.parse_query(typed, kWordsParserFlags);
            } catch (const Xapian::QueryParserError& e) {
                throw BadRequest("bad query \"" + request.query + "\": " + e.get_msg());
            }
        };
        if (capitals) {
            // AND, OR and NOT in a query typed in capitals are its words.
            read_as_words("typed in capitals");
        } else {
            try {
                built.text_query = parser.parse_query(routed, kParserFlags);
            } catch (const Xapian::QueryParserError& e) {
                read_as_words(e.get_msg());  // Omega's remedy
            }
        }
        for (auto it = parser.stoplist_begin(); it != parser.stoplist_end(); ++it) {
            if (std::find(built.dropped_words.begin(), built.dropped_words.end(), *it) ==
                built.dropped_words.end())
                built.dropped_words.push_back(*it);
        }
        built.text_query = title_phrase_on_article_positions(built.text_query);
        built.prose_question = prose &&
                               (!built.dropped_words.empty() || !built.request_words.empty()) &&
                               QueryWords::of(built.text_query).terms.size() >= kProseQuestionWords;
        if (built.read_as_words || !uses_operators(typed))
            built.relaxed_text_query = relaxed(built.text_query);
        if (has_unknown_word(impl_->db, built.text_query)) {
            // Same text, same query: this parse is for the correction alone.
            parser.parse_query(
                built.read_as_words ? typed : routed,
                built.read_as_words
                    ? kWordsParserFlags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION
                    : kCorrectingParserFlags);
            built.corrected = parser.get_corrected_query_string();
        }
    }
    std::vector<Xapian::Query> filters;
    for (const std::string& actor : request.actors)
        filters.push_back(actor_query(actor));
    auto any_of = [&](const std::vector<std::string>& values, std::string_view prefix) {
        if (values.empty())
            return;
        std::vector<Xapian::Query> alternatives;
        for (const std::string& v : values)
            alternatives.emplace_back(schema::folded_term(prefix, v));
        filters.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    };
    any_of(request.sources, schema::kSourcePrefix);
    any_of(request.authors, schema::kAuthorPrefix);
    if (!request.from.empty() || !request.to.empty()) {
        const std::string low =
            request.from.empty() ? "" : date_bound(request.from, false, "--from");
        const std::string high = request.to.empty() ? "" : date_bound(request.to, true, "--to");
        if (!low.empty() && !high.empty() && low > high) {
            throw BadRequest("--from " + request.from + " is after --to " + request.to);
        }
        filters.push_back(publication_days(impl_->db, low, high));
    }
    built.filters_only = built.text_query.empty();
    auto filtered = [&](Xapian::Query query) {
        if (filters.empty())
            return query;
        return Xapian::Query(Xapian::Query::OP_FILTER, query,
                             Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    };
    // Not Xapian::Query::MatchAll: that is one static object whose reference
    // count is not atomic, and the server builds queries on several threads.
    built.query = filtered(built.filters_only ? Xapian::Query(std::string()) : built.text_query);
    if (!built.relaxed_text_query.empty())
        built.relaxed_query = filtered(built.relaxed_text_query);
    return built;
}

}  // namespace dossier
