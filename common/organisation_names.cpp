// The organisation-name patterns: organisations the gazetteer does not list,
// found by the word their names end with ("Dean Witter Reynolds Inc",
// "Bolton Wanderers", "Ministry of Defence").
#include <algorithm>
#include <iterator>

#include "common/gazetteer.h"
#include "common/gazetteer_index.h"
#include "common/text.h"

namespace dossier {

using namespace detail;

namespace {

// At most this many words, connectors included, in a detected organisation.
constexpr std::size_t kMaxOrganisationWords = 7;

// Words that end an organisation's name. Sorted.
// clang-format off
constexpr std::string_view kEndWords[] = {
    "AG", "Agency", "Airlines", "Airways", "Albion", "Alliance", "Army", "Assembly", "Associates",
    "Association", "Athletic", "Authority", "BV", "Bancorp", "Bank", "Board", "Brothers",
    "Bureau", "Church", "Club", "Co", "College", "Commission", "Committee", "Communications",
    "Company", "Corp", "Corporation", "Council", "Court", "Department", "Exchange", "FC",
    "Federation", "Foundation", "Front", "Fund", "GmbH", "Group", "Holdings", "Hotspur", "Inc",
    "Industries", "Institute", "LLC", "LLP", "League", "Limited", "Ltd", "Ministry", "Motors",
    "Movement", "NV", "Navy", "Organisation", "Organization", "PLC", "Parliament", "Partners",
    "Party", "Plc", "Police", "Rovers", "SA", "Securities", "Service", "Society", "Systems",
    "Technologies", "Trust", "Union", "United", "University", "Villa", "Wanderers"};
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
    std::size_t title_words = 0;
    bool dotted = false;
    if (!end_ahead || is_common_name_word(spelling(i)) || title_at(i, title_words, dotted))
        return i;
    std::size_t end = i;  // one past the last word of the best run so far
    bool mixed = false;
    std::size_t k = i;
    for (std::size_t words = 0; k < tokens.size() && words < kMaxOrganisationWords; ++words, ++k) {
        const Token& token = tokens[k];
        const std::string_view spelled = spelling(k);
        if (k > i) {
            const std::string_view between =
                text.substr(tokens[k - 1].end, token.begin - tokens[k - 1].end);
            const bool ampersand = text::trim(between) == "&";
            // "IBM Corp and Bolton Wanderers": a complete name ends at "and".
            if (ampersand && end != i)
                break;
            if (!ampersand && token.gap_before != Gap::space && token.gap_before != Gap::hyphen)
                break;
        }
        if (!token.upper) {
            // A connector counts only with a capitalised word after it.
            if (k == i || !is_connector(spelled) || !connects(spelling(k - 1), spelled) ||
                k + 1 >= tokens.size() || !tokens[k + 1].upper || (spelled == "and" && end != i))
                break;
            continue;
        }
        if (k > i && is_common_name_word(spelled))
            break;
        mixed |= text::has_lower_case(spelled) && spelled.size() > 1;
        if (k > i && listed(kEndWords, spelled))
            end = k + 1;
        else if (of_start && k > i + 1 && (spelling(i + 1) == "of" || spelling(i + 1) == "for"))
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

}  // namespace dossier
