// The organisation-name patterns: organisations the gazetteer does not list,
// found by the word their names end with ("Dean Witter Reynolds Inc",
// "Bolton Wanderers", "Ministry of Defence"), and the teams of a line of
// sports results ("Bolton 2 Chelsea 1").
#include <algorithm>
#include <iterator>

#include "common/gazetteer.h"
#include "common/gazetteer_index.h"
#include "common/text.h"
#include "common/world_data.h"

namespace dossier {

using namespace detail;

namespace {

// A given name at least this common inside a run starts a person's name.
constexpr std::uint32_t kPersonGivenNameBirths = 10000;
// At most this many words, connectors included, in a detected organisation.
constexpr std::size_t kMaxOrganisationWords = 7;

// Words that end an organisation's name. Sorted.
// clang-format off
constexpr std::string_view kEndWords[] = {
    "AG", "Agency", "Airlines", "Airways", "Albion", "Alliance", "Army", "Assembly", "Associates",
    "Association", "Assurance", "Athletic", "Authority", "BV", "Bancorp", "Bank", "Banks",
    "Board", "Breweries", "Brokers", "Brothers", "Bureau", "Chemicals", "Church", "Club", "Co",
    "College", "Commission", "Committee", "Communications", "Company", "Corp", "Corporation",
    "Council", "Court", "Department", "Electronics", "Entertainment", "Exchange", "FC",
    "Federation", "Foundation", "Front", "Fund", "GmbH", "Group", "Holdings", "Hotspur", "Inc",
    "Industries", "Institute", "Insurance", "Investments", "LLC", "LLP", "Laboratories", "League",
    "Limited", "Ltd", "Managers", "Ministry", "Motors", "Movement", "NV", "Navy", "Networks",
    "Organisation", "Organization", "PLC", "Parliament", "Partners", "Party", "Pharmaceuticals",
    "Pictures", "Plc", "Police", "Rovers", "SA", "Securities", "Service", "Society", "Software",
    "Stockbrokers", "Studios", "Systems", "Technologies", "Telecom", "Telecoms", "Trust", "Union",
    "United", "University", "Ventures", "Villa", "Wanderers"};
// clang-format on
// clang-format on
static_assert(std::is_sorted(std::begin(kEndWords), std::end(kEndWords)));

// Words that start an organisation's name before "of" or "for" ("Bank of
// Japan", "Ministry of Defence", "University of Chicago"). Sorted.
// clang-format off
constexpr std::string_view kOfWords[] = {
    "Bank", "Bureau", "Church", "College", "Commission", "Committee", "Council", "Department",
    "Federation", "Institute", "Ministry", "Office", "Organisation", "Organization", "Party",
    "Union", "University"};
// clang-format on
// clang-format on
static_assert(std::is_sorted(std::begin(kOfWords), std::end(kOfWords)));

template <std::size_t N>
bool listed(const std::string_view (&words)[N], std::string_view word) {
    return std::binary_search(std::begin(words), std::end(words), word);
}

bool is_connector(std::string_view word) {
    return word == "of" || word == "for" || word == "and" || word == "the" || word == "de";
}

// "the" joins a name only after "of" or "for" ("Bank of the West"), not
// anywhere ("Both the IMF").
bool connects(std::string_view previous, std::string_view word) {
    return word != "the" || previous == "of" || previous == "for";
}

}  // namespace

// From token i: capitalised words (acronyms too: "IBM Corp"), joined by
// spaces and the connectors of names ("of", "for", "and", "&"), that end on
// a word only organisations end with, or that start with one before "of"
// ("Bank of England"). Needs a word with lower-case letters (ALL-CAPS
// headings are left alone) and a word before the end word ("Bank" alone is
// no name). A gazetteer entry that covers the whole run wins. Returns the
// token to continue matching from: i when no organisation.
std::size_t ActorGazetteer::Impl::Scan::detect_organisation(std::size_t i,
                                                            std::vector<ActorMatch>& out) {
    if (!tokens[i].upper)
        return i;
    const bool of_start = listed(kOfWords, spelling(i));
    // Most capitalised words start no organisation: look for an end word
    // before anything dearer (matching runs this at every capitalised word).
    bool end_ahead = of_start;
    for (std::size_t k = i + 1; !end_ahead && k < tokens.size() && k <= i + kMaxOrganisationWords;
         ++k) {
        if (tokens[k].upper)
            end_ahead = listed(kEndWords, spelling(k));
        else if (!is_connector(spelling(k)))
            break;
    }
    if (!end_ahead || is_common_word(spelling(i)))
        return i;
    // A person, then "and" ("Gary Speed and United team-mate"): firms named
    // after people go on without it ("Arthur Andersen & Co").
    if (i + 2 < tokens.size() && tokens[i + 1].upper && !listed(kEndWords, spelling(i + 1)) &&
        spelling(i + 2) == "and") {
        const GivenName* given = given_name(spelling(i));
        if (given != nullptr && !given->is_word && given->births >= kPersonGivenNameBirths &&
            !listed(kOfWords, spelling(i)))
            return i;
    }
    // A title then a name ("Director Dean Witter Inc") is the title's: the
    // organisation starts after it. A title word right before the end word
    // is part of the name ("Premier League", "General Motors Corp").
    std::size_t title_words = 0;
    bool dotted = false;
    if (title_at(i, title_words, dotted) &&
        !(i + title_words < tokens.size() && tokens[i + title_words].upper &&
          listed(kEndWords, spelling(i + title_words))))
        return i;
    std::size_t end = i;  // one past the last word of the best run so far
    // Whether the run has ended on an end word: "and" then starts another
    // name ("IBM Corp and Bolton Wanderers"), but inside a name that starts
    // "X of" it goes on ("Department of Work and Pensions").
    bool ended_by_word = false;
    bool mixed = false;
    std::size_t k = i;
    for (std::size_t words = 0; k < tokens.size() && words < kMaxOrganisationWords; ++words, ++k) {
        const Token& token = tokens[k];
        const std::string_view spelled = spelling(k);
        if (k > i) {
            const bool ampersand = text::trim(gap_text(k)) == "&";
            // "IBM Corp and Bolton Wanderers": a complete name ends at "and".
            if (ampersand && ended_by_word)
                break;
            if (!ampersand && token.gap_before != Gap::space && token.gap_before != Gap::hyphen)
                break;
        }
        if (!token.upper) {
            // A connector counts only with a capitalised word after it.
            if (k == i || !is_connector(spelled) || !connects(spelling(k - 1), spelled) ||
                k + 1 >= tokens.size() || !tokens[k + 1].upper ||
                (spelled == "and" && ended_by_word))
                break;
            continue;
        }
        if (k > i && is_common_word(spelled))
            break;
        // A person's name starts here: "the Office of Management and Budget
        // James Miller said" (a common given name before a word that ends
        // no organisation; "Allied Irish Banks" goes on).
        if (k > i && k + 1 < tokens.size() && tokens[k + 1].upper &&
            tokens[k + 1].gap_before == Gap::space && !listed(kEndWords, spelling(k + 1))) {
            const GivenName* given = given_name(spelled);
            if (given != nullptr && !given->is_word && given->births >= kPersonGivenNameBirths)
                break;
        }
        mixed |= text::has_lower_case(spelled) && spelled.size() > 1;
        // "Co-operation" and "Co-op" go on past their "Co".
        if (k > i && listed(kEndWords, spelled) && !token.hyphen_after) {
            end = k + 1;
            ended_by_word = true;
        } else if (of_start && k > i + 1 && (spelling(i + 1) == "of" || spelling(i + 1) == "for"))
            end = k + 1;
    }
    if (end == i || !mixed)
        return i;
    // A gazetteer entry that covers the run wins, and a known person before
    // the run is theirs ("the Biden National Security Council"); a country
    // is part of the name ("Japan Airlines", "Bank of England").
    std::size_t words = 0;
    if (const std::int32_t* target = phrase_at(i, words)) {
        if (i + words >= end ||
            (*target != kExcluded && index.refs[*target].type == ActorType::person))
            return i;
    }
    std::string name(text.substr(tokens[i].begin, tokens[end - 1].end - tokens[i].begin));
    std::replace(name.begin(), name.end(), '\n', ' ');
    out.push_back(ActorMatch{tokens[i].begin, tokens[end - 1].end,
                             ActorRef{std::move(name), ActorType::organisation, false}});
    return end;
}

// The tokens from `from` that name a team on a results line: one to three
// capitalised words, not all capitals, then a score of one or two digits.
// Returns the score's token, or `from` when there is none.
std::size_t ActorGazetteer::Impl::Scan::team_before_score(std::size_t from) const {
    std::size_t k = from;
    while (k < tokens.size() && k < from + 3 && tokens[k].upper &&
           text::has_lower_case(spelling(k)) && !is_common_word(spelling(k)) &&
           (k == from || tokens[k].gap_before == Gap::space || tokens[k].gap_before == Gap::hyphen))
        ++k;
    if (k == from || k >= tokens.size() || tokens[k].gap_before != Gap::space)
        return from;
    const std::string_view score = spelling(k);
    const bool digits = score.size() <= 2 && std::all_of(score.begin(), score.end(), [](char c) {
                            return c >= '0' && c <= '9';
                        });
    return digits ? k : from;
}

// A line of sports results names two teams, each before its score:
// "Bolton 2 Chelsea 1", "Inter Milan 3 Lazio 0", as wire services print
// them. A team the gazetteer knows (a country's national side: "Japan 2
// Syria 1") is left to it. Returns the token to continue matching from: i
// when the line is no result.
std::size_t ActorGazetteer::Impl::Scan::detect_results_line(std::size_t i,
                                                            std::vector<ActorMatch>& out) {
    const auto line_break_before = [&](std::size_t k) {
        return k == 0 || gap_text(k).find('\n') != std::string_view::npos;
    };
    if (!tokens[i].upper || !line_break_before(i))
        return i;
    const std::size_t first_score = team_before_score(i);
    if (first_score == i || first_score + 1 >= tokens.size() ||
        tokens[first_score + 1].gap_before != Gap::space)
        return i;
    const std::size_t second_score = team_before_score(first_score + 1);
    if (second_score == first_score + 1)
        return i;
    // The line ends after the second score (or goes on in brackets: "(halftime 1-0)").
    if (second_score + 1 < tokens.size() && !line_break_before(second_score + 1)) {
        const std::string_view after = text::trim(gap_text(second_score + 1));
        if (after.empty() || (after.front() != '(' && after.front() != ','))
            return i;
    }
    for (const auto& [begin, end] :
         {std::pair{i, first_score}, std::pair{first_score + 1, second_score}}) {
        std::size_t words = 0;
        if (phrase_at(begin, words) != nullptr && begin + words >= end)
            return i;
    }
    for (const auto& [begin, end] :
         {std::pair{i, first_score}, std::pair{first_score + 1, second_score}}) {
        out.push_back(
            ActorMatch{tokens[begin].begin, tokens[end - 1].end,
                       ActorRef{std::string(text.substr(tokens[begin].begin,
                                                        tokens[end - 1].end - tokens[begin].begin)),
                                ActorType::organisation, false}});
    }
    return second_score + 1;
}

}  // namespace dossier
