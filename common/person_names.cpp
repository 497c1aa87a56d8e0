// The person-name patterns: people the gazetteer does not list, found by
// the title before their name, by a given name, or by what news writes around
// a name (said X; X, 45; X, chairman of).
#include <algorithm>
#include <array>
#include <iterator>

#include "common/gazetteer.h"
#include "common/gazetteer_index.h"
#include "common/text.h"
#include "common/world_data.h"

namespace dossier {

using namespace detail;

namespace {

// A detected person's name has at most this many capitalised words.
constexpr std::size_t kMaxNameWords = 3;  // capitalised words; particles come free
// A given name that is also an English word must be at least this common:
// inside a sentence, and at its start (where every word is capitalised).
constexpr std::uint32_t kWordNameBirths = 1000;
constexpr std::uint32_t kWordNameBirthsAtStart = 10000;
// The second half of a hyphened given name must be at least this common.
constexpr std::uint32_t kHyphenedGivenNameBirths = 1000;

// Capitalised words that start no name after a title: headline case ("Prime
// Minister Says ...") and sentence openings ("the President. On Tuesday ...").
// Months that are also first names (April, June, August) are left out.
constexpr std::string_view kNotNameWords[] = {
    "a",         "about",     "after",     "against",  "all",     "amid",    "an",
    "and",       "announced", "announces", "any",      "are",     "arrived", "arrives",
    "as",        "at",        "backed",    "backs",    "be",      "been",    "before",
    "between",   "but",       "by",        "called",   "calls",   "can",     "could",
    "december",  "did",       "do",        "does",     "during",  "each",    "every",
    "february",  "for",       "friday",    "from",     "had",     "has",     "have",
    "he",        "held",      "her",       "him",      "his",     "holds",   "hosted",
    "hosts",     "how",       "i",         "if",       "in",      "into",    "is",
    "it",        "its",       "january",   "july",     "leaves",  "march",   "may",
    "meets",     "met",       "might",     "monday",   "must",    "my",      "no",
    "nor",       "november",  "october",   "of",       "on",      "or",      "our",
    "over",      "per",       "said",      "saturday", "say",     "says",    "seeks",
    "september", "she",       "should",    "signed",   "signs",   "since",   "slammed",
    "slams",     "so",        "some",      "sought",   "sunday",  "tells",   "than",
    "that",      "the",       "their",     "them",     "these",   "they",    "this",
    "those",     "thursday",  "to",        "told",     "tuesday", "under",   "until",
    "upon",      "urged",     "urges",     "us",       "via",     "visited", "visits",
    "vowed",     "vows",      "warned",    "warns",    "was",     "we",      "wednesday",
    "were",      "what",      "when",      "where",    "which",   "while",   "who",
    "whom",      "whose",     "why",       "will",     "with",    "without", "would",
    "yet",       "you",       "your"};
static_assert(std::is_sorted(std::begin(kNotNameWords), std::end(kNotNameWords)));

}  // namespace

bool is_name_particle(std::string_view word) {
    static constexpr std::string_view kParticles[] = {"de",  "da", "del", "della", "der", "di",
                                                      "dos", "du", "van", "von",   "bin", "ibn",
                                                      "al",  "el", "la",  "le"};
    for (const std::string_view particle : kParticles) {
        if (word == particle)
            return true;
    }
    return false;
}

bool detail::is_common_word(std::string_view word) {
    std::array<char, 12> lower{};
    if (word.size() > lower.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return std::binary_search(std::begin(kNotNameWords), std::end(kNotNameWords),
                              std::string_view(lower.data(), word.size()));
}

namespace {

// Whether `next` carries on a name: after a space or a hyphen ("Jean-Pierre"),
// or after an initial's full stop ("John J. Mearsheimer").
bool continues_name(const Token& previous, const Token& next) {
    switch (next.gap_before) {
        case Gap::space:
        case Gap::hyphen:
            return true;
        case Gap::dot_space:
            return previous.end - previous.begin == 1 && previous.upper;
        case Gap::other:
            return false;
    }
    return false;
}

// Words that end or follow the name of an organisation, a place, an event
// or a party's member, never a person's: "Dean Witter Inc", "Morgan
// Guaranty Trust", "Victory Day", "West Virginia", "North Sea", "a Virginia
// Democrat". Sorted (static_assert below).
// clang-format off
constexpr std::string_view kOrganisationWords[] = {
    "AG", "Academy", "Accord", "Act", "Agency", "Agreement", "Airlines", "Airport", "Airways",
    "Albion", "Alliance", "Assembly", "Associates", "Association", "Athletic", "Authority",
    "Avenue", "Award", "BV", "Bancorp", "Bank", "Bay", "Board", "Bridge", "Bros", "Brothers",
    "Building", "Bureau", "Canal", "Capital", "Carolina", "Center", "Centre", "Championship",
    "Church", "City", "Club", "Co", "Coast", "College", "Commission", "Committee",
    "Communications", "Company", "Congress", "Corp", "Corporation", "Council", "County", "Court",
    "Cup", "Dakota", "Day", "Declaration", "Democrat", "Democrats", "Department", "Energy",
    "Exchange", "FC", "Festival", "Foundation", "Fund", "Games", "GmbH", "Group", "Gulf", "Hall",
    "Herald", "Holdings", "Hospital", "Hotel", "House", "Inc", "Index", "Industries", "Institute",
    "International", "Island", "Islands", "Journal", "Kingdom", "LLC", "LLP", "Lake", "Law",
    "League", "Leisure", "Limited", "Ltd", "Magazine", "Ministers", "Ministry", "Motors",
    "Museum", "NV", "News", "Ocean", "Oil", "Open", "Parade", "Park", "Partners", "Party",
    "Peninsula", "Petroleum", "Plan", "Plc", "Post", "Prize", "Province", "Railway", "Republic",
    "Republican", "Republicans", "Resources", "Review", "River", "Road", "Rovers", "SA", "School",
    "Sea", "Securities", "Services", "Society", "Spiegel", "Square", "Stadium", "Station",
    "Steel", "Strait", "Street", "Summit", "Systems", "Technologies", "Theatre", "Times", "Tower",
    "Treaty", "Trophy", "Trust", "Union", "United", "University", "Valley", "Villa", "Virginia",
    "Wanderers", "War", "Week"};
// clang-format on
// clang-format on
static_assert(std::is_sorted(std::begin(kOrganisationWords), std::end(kOrganisationWords)));

bool is_organisation_word(std::string_view word) {
    return std::binary_search(std::begin(kOrganisationWords), std::end(kOrganisationWords), word);
}

bool is_determiner(std::string_view word) {
    static constexpr std::string_view kDeterminers[] = {
        "a", "an", "its", "our", "that", "the", "their", "these", "this", "those", "your"};
    return std::find(std::begin(kDeterminers), std::end(kDeterminers), word) !=
           std::end(kDeterminers);
}

// Roles that news puts after a person's name and a comma. Sorted.
// clang-format off
constexpr std::string_view kRoleWords[] = {
    "adviser", "aide", "ambassador", "analyst", "chairman", "chairwoman", "chief", "coach",
    "commissioner", "director", "economist", "editor", "executive", "founder", "governor", "head",
    "leader", "manager", "member", "minister", "owner", "partner", "president", "professor",
    "secretary", "senator", "spokesman", "spokeswoman", "treasurer", "vice"};
// clang-format on
// clang-format on
static_assert(std::is_sorted(std::begin(kRoleWords), std::end(kRoleWords)));

bool is_role_word(std::string_view word) {
    return std::binary_search(std::begin(kRoleWords), std::end(kRoleWords), word);
}

}  // namespace

// The capitalised words from token i on that can form a person's name: at
// most kMaxNameWords of them, with particles inside ("Luis de Guindos"), up to
// a common word, a title or a gazetteer entry. `known_person` is set when a
// gazetteer person starts inside ("President Joseph Biden" with only "Biden"
// known: the known person, not a detected "Joseph"). Each word of two
// letters or more must have a lower-case letter: in ALL CAPS a name cannot be
// told from a heading ("PM CLOSE"). Returns how many
// tokens the name has.
std::size_t ActorGazetteer::Impl::Scan::name_run(std::size_t i, bool& known_person) {
    known_person = false;
    std::size_t count = 0;
    std::size_t capitalised = 0;
    while (capitalised < kMaxNameWords && i + count < tokens.size()) {
        const Token& token = tokens[i + count];
        if (count > 0 && !continues_name(tokens[i + count - 1], token))
            break;
        const std::string_view spelled = spelling(i + count);
        if (!token.upper && count > 0 && is_name_particle(spelled) &&
            i + count + 1 < tokens.size() &&
            (tokens[i + count + 1].upper || is_name_particle(spelling(i + count + 1)))) {
            ++count;
            continue;
        }
        if (!token.upper || is_common_word(spelled))
            break;
        if (spelled.size() > 1 && !text::has_lower_case(spelled))
            break;
        std::size_t words = 0;
        if (const std::int32_t* target = phrase_at(i + count, words)) {
            known_person = *target != kExcluded && index.refs[*target].type == ActorType::person;
            break;
        }
        bool dotted = false;
        if (title_at(i + count, words, dotted))
            break;
        ++count;
        ++capitalised;
    }
    while (count > 0 && !tokens[i + count - 1].upper)
        --count;  // never end on a particle
    return count;
}

std::string_view ActorGazetteer::Impl::Scan::spelling(std::size_t i) const {
    return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
}

std::string_view ActorGazetteer::Impl::Scan::gap_text(std::size_t k) const {
    return text.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end);
}

std::size_t ActorGazetteer::Impl::Scan::emit_person(std::size_t i, std::size_t count,
                                                    std::vector<ActorMatch>& out) const {
    std::string name;
    for (std::size_t k = i; k < i + count; ++k) {
        if (k > i && tokens[k].gap_before == Gap::hyphen)
            name.push_back('-');
        else if (k > i)
            name.append(tokens[k].gap_before == Gap::dot_space ? ". " : " ");
        name.append(spelling(k));
    }
    out.push_back(ActorMatch{tokens[i].begin, tokens[i + count - 1].end,
                             ActorRef{std::move(name), ActorType::person, false}});
    return i + count;
}

// After a title ending before token i: up to three capitalised words that no
// entry claims are a person the gazetteer does not know ("professor John
// Mearsheimer"). After a role in lower case ("striker"), which may be a noun
// or a verb ("will captain Wales"), only two words or more are a name.
// Returns the token to continue matching from.
std::size_t ActorGazetteer::Impl::Scan::detect_titled_person(std::size_t i, bool dotted_title,
                                                             std::vector<ActorMatch>& out) {
    if (i >= tokens.size() || i == 0)
        return i;
    const Gap gap = tokens[i].gap_before;
    if (gap != Gap::space && !(dotted_title && gap == Gap::dot_space))
        return i;
    bool known_person = false;
    const std::size_t count = name_run(i, known_person);
    if (count == 0 || known_person)
        return i;
    if (count < 2 && !tokens[i - 1].upper)
        return i;
    // "General Workers Union": "General" is a title, but not of this name.
    if (is_organisation_word(spelling(i + count - 1)) || organisation_follows(i + count - 1))
        return i;  // left to the organisation patterns
    return emit_person(i, count, out);
}

// Token i, capitalised and claimed by no entry or title, may start the name
// of a person no list knows. It does when it is a given name (US Social
// Security statistics and faker's lists, common/world_data.h) followed by one
// or two more capitalised words ("Nadim Ladki"), or, whatever its first word,
// when the words come after "said" or before an age or a role ("said
// Frantisek Gaulieder", "Hashan Tillakaratne, 28,", "Ann Wu, chairman of").
// A given name that is also an English word ("Grant", "Will", "Roger")
// counts after a lower-case word, or before a surname that is no English
// word ("Roger Federer", not "Will Power"). Nothing that ends on, or comes before,
// an organisation's word ("Morgan Stanley Group", "Dean Witter Inc") is a
// person. Returns the token to continue matching from: i when no person.
std::size_t ActorGazetteer::Impl::Scan::detect_named_person(std::size_t i,
                                                            std::vector<ActorMatch>& out) {
    const Token& first = tokens[i];
    const std::string_view spelled = spelling(i);
    if (!first.upper || spelled.size() < 2 || i + 1 >= tokens.size() ||
        !text::has_lower_case(spelled))
        return i;
    // Cheap tests first: matching runs this at every capitalised word, and
    // most are followed by a lower-case word or have no cue.
    if (!tokens[i + 1].upper && !is_name_particle(spelling(i + 1)))
        return i;
    const bool after_lower_word = i > 0 && first.gap_before == Gap::space && !tokens[i - 1].upper;
    const GivenName* given = given_name(spelled);
    // A given name that is also a word ("Grant", "Will", "Roger") counts inside
    // a sentence, after a lower-case word, or before a surname that is no
    // English word ("Roger Federer", not "Will Power"); checked below.
    // Rare ones are more often the word ("Media", "Free": a few hundred births).
    const bool by_given_name =
        given != nullptr &&
        (!given->is_word ||
         given->births >= (after_lower_word ? kWordNameBirths : kWordNameBirthsAtStart));
    const bool weak_given_name = by_given_name && given->is_word && !after_lower_word;
    if (!by_given_name && !cue_before(i) && !comma_ahead(i))
        return i;
    bool known_person = false;
    const std::size_t count = name_run(i, known_person);
    if (count < 2 || known_person)
        return i;
    const std::size_t last = i + count - 1;
    // Ends on an initial ("John F") or an abbreviation a name goes on after
    // ("Fernand St. Germain").
    const std::string_view last_word = spelling(last);
    if (last_word.size() == 1 || last_word == "St" || last_word == "Mt" || last_word == "Ste")
        return i;
    // "Male MPs", "CEOs": a plural acronym is no surname.
    if (last_word.size() >= 2 && last_word[0] >= 'A' && last_word[0] <= 'Z' &&
        last_word[1] >= 'A' && last_word[1] <= 'Z')
        return i;
    // A run cut short by the word limit goes on: "John F Kennedy International Airport".
    if (last + 1 < tokens.size() && tokens[last + 1].upper &&
        continues_name(tokens[last], tokens[last + 1]) && !is_common_word(spelling(last + 1)))
        return i;
    if (is_organisation_word(spelling(last)) || organisation_follows(last))
        return i;
    // "Tel Aviv", "San Jose": a city's name, though its first word is a given name.
    if (!country_of_city(text.substr(first.begin, tokens[last].end - first.begin)).empty())
        return i;
    // "the Victory Day parade", "its Morgan unit": a determiner names a thing.
    if (after_lower_word && is_determiner(spelling(i - 1)))
        return i;
    // "Al-Ain", "Abu-Dhabi": before a hyphen only another common given name
    // goes on a person's name ("Jean-Pierre"; "Ain" has 28 US births).
    if (tokens[i + 1].gap_before == Gap::hyphen) {
        const GivenName* second = given_name(spelling(i + 1));
        if (second == nullptr || second->births < kHyphenedGivenNameBirths)
            return i;
    }
    const bool by_name = by_given_name && (!weak_given_name || !is_english_word(last_word));
    if (!by_name && !cue_before(i) && !cue_after(last))
        return i;
    return emit_person(i, count, out);
}

// Whether a comma comes within a name's length after token i: no cue after
// a name can follow without one.
bool ActorGazetteer::Impl::Scan::comma_ahead(std::size_t i) const {
    for (std::size_t k = i + 1; k < tokens.size() && k <= i + kMaxNameWords + 2; ++k) {
        if (tokens[k].gap_before == Gap::other)
            return gap_text(k).find(',') != std::string_view::npos;
    }
    return false;
}

// "said" or "says" just before token i, inside a sentence.
bool ActorGazetteer::Impl::Scan::cue_before(std::size_t i) const {
    if (i == 0 || tokens[i].gap_before != Gap::space)
        return false;
    const std::string_view previous = spelling(i - 1);
    return previous == "said" || previous == "says";
}

// An age or a role right after the name at token `last`: ", 45," or ", the
// chairman of", ", a spokesman for".
bool ActorGazetteer::Impl::Scan::cue_after(std::size_t last) const {
    if (last + 1 >= tokens.size())
        return false;
    if (text::trim(gap_text(last + 1)) != ",")
        return false;
    std::size_t k = last + 1;
    std::string_view next = spelling(k);
    if (!next.empty() && next.size() <= 3 &&
        std::all_of(next.begin(), next.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return true;
    if ((next == "the" || next == "a" || next == "an") && k + 1 < tokens.size())
        next = spelling(++k);
    return is_role_word(next);
}

// Whether an organisation's word comes right after token `last`, or "&".
bool ActorGazetteer::Impl::Scan::organisation_follows(std::size_t last) const {
    if (last + 1 >= tokens.size())
        return false;
    const std::string_view between = gap_text(last + 1);
    if (between.find('&') != std::string_view::npos)
        return true;
    return text::trim(between).empty() && is_organisation_word(spelling(last + 1));
}

}  // namespace dossier
