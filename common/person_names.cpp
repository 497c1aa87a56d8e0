// The person-name patterns: people the gazetteer does not list, found by
// the title before their name.
#include <algorithm>
#include <array>
#include <iterator>

#include "common/gazetteer.h"
#include "common/gazetteer_index.h"

namespace dossier {

using namespace detail;

namespace {

// A title introduces at most this many capitalised words as a person's name.
constexpr std::size_t kMaxNameWords = 3;  // capitalised words; particles come free

}  // namespace

namespace {

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

namespace {

bool is_common_word(std::string_view word) {
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

}  // namespace

// After a title ending before token i: up to three capitalised words that no
// entry claims are a person the gazetteer does not know ("professor John
// Mearsheimer"). Returns the token to continue matching from.
std::size_t ActorGazetteer::Impl::Scan::detect_titled_person(std::size_t i, bool dotted_title,
                                                             std::vector<ActorMatch>& out) {
    if (i >= tokens.size())
        return i;
    const Gap gap = tokens[i].gap_before;
    if (gap != Gap::space && !(dotted_title && gap == Gap::dot_space))
        return i;
    std::size_t count = 0;
    std::size_t capitalised = 0;
    while (capitalised < kMaxNameWords && i + count < tokens.size()) {
        const Token& token = tokens[i + count];
        if (count > 0 && !continues_name(tokens[i + count - 1], token))
            break;
        const std::string_view spelled = text.substr(token.begin, token.end - token.begin);
        // "Luis de Guindos", "Ursula von der Leyen": a particle inside a name
        // continues it when a capitalised word follows.
        if (!token.upper && count > 0 && is_name_particle(spelled) &&
            i + count + 1 < tokens.size() &&
            (tokens[i + count + 1].upper ||
             is_name_particle(
                 text.substr(tokens[i + count + 1].begin,
                             tokens[i + count + 1].end - tokens[i + count + 1].begin)))) {
            ++count;
            continue;
        }
        if (!token.upper || is_common_word(spelled))
            break;
        std::size_t words = 0;
        if (const std::int32_t* target = phrase_at(i + count, words)) {
            // "President Joseph Biden" with only "Biden" known: the known person,
            // not a detected "Joseph".
            if (*target != kExcluded && index.refs[*target].type == ActorType::person)
                return i;
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
    if (count == 0)
        return i;
    std::string name;
    for (std::size_t k = i; k < i + count; ++k) {
        if (k > i && tokens[k].gap_before == Gap::hyphen)
            name.push_back('-');
        else if (k > i)
            name.append(tokens[k].gap_before == Gap::dot_space ? ". " : " ");
        name.append(text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin));
    }
    out.push_back(ActorMatch{tokens[i].begin, tokens[i + count - 1].end,
                             ActorRef{std::move(name), ActorType::person, false}});
    return i + count;
}

}  // namespace dossier
