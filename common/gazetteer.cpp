#include "common/gazetteer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "common/text.h"

namespace dossier {

namespace {

// ---------------------------------------------------------------------------
// Tokens
//
// The matcher works on word sequences, so text and gazetteer entries go through
// the same tokenizer and are compared by key: the words' bytes joined by single
// spaces. Hyphens split words ("China-Russia"), dotted abbreviations stay whole
// ("U.S."), and a possessive "'s" is dropped ("China’s"). Each token also
// records what separates it from the previous one, because a multi-word name
// may cross spaces or a hyphen but not a comma or a full stop.

// An alias, title or exclusion of more words than this is rejected at load time;
// the longest real names ("Conference on Interaction and Confidence-Building
// Measures in Asia") have about ten.
constexpr std::size_t kMaxWords = 24;
// A title introduces at most this many capitalised words as a person's name.
constexpr std::size_t kMaxNameWords = 3;  // capitalised words; particles come free

enum class CharClass : std::uint8_t { word, space, newline, hyphen, dot, apostrophe, other };

// What lies between two tokens.
enum class Gap : std::uint8_t {
    space,      // whitespace only, at most one line break
    hyphen,     // one hyphen, perhaps with whitespace ("Co-operation", "Putin- Xi")
    dot_space,  // a full stop then whitespace ("Mr. Smith")
    other,      // anything else: punctuation, a blank line, the start of the text
};

struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
    Gap gap_before = Gap::other;
    bool hyphen_after = false;  // directly followed by one hyphen and a word ("Sino-Russian")
    bool upper = false;         // starts with an upper-case letter
    bool plain = true;          // the key is the text itself (no curly apostrophe, no missing dot)
};

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Decodes the code point at `pos` and its byte length; a byte that starts no
// valid sequence decodes as itself with length 1 (scraped text is not always
// valid UTF-8, and such bytes only need to separate words).
unsigned decode_at(std::string_view s, std::size_t pos, std::size_t& length) {
    unsigned code_point = 0;
    length = text::decode_utf8(s, pos, code_point);
    if (length == 0) {
        length = 1;
        return 0xFFFD;
    }
    return code_point;
}

CharClass classify(unsigned cp) {
    if (cp < 0x80) {
        const char c = static_cast<char>(cp);
        if (is_ascii_letter(c) || (c >= '0' && c <= '9'))
            return CharClass::word;
        switch (c) {
            case ' ':
            case '\t':
            case '\r':
            case '\f':
            case '\v':
                return CharClass::space;
            case '\n':
                return CharClass::newline;
            case '-':
                return CharClass::hyphen;
            case '.':
                return CharClass::dot;
            case '\'':
                return CharClass::apostrophe;
            default:
                return CharClass::other;
        }
    }
    if (cp == 0x2019)
        return CharClass::apostrophe;
    // U+2010 hyphen, U+2011 non-breaking hyphen, U+2013 en dash ("Sino–Russian").
    if (cp == 0x2010 || cp == 0x2011 || cp == 0x2013)
        return CharClass::hyphen;
    if (Xapian::Unicode::is_wordchar(cp))
        return CharClass::word;
    if (Xapian::Unicode::is_whitespace(cp))
        return CharClass::space;
    return CharClass::other;
}

bool is_upper_letter(unsigned cp) {
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    const auto category = Xapian::Unicode::get_category(cp);
    return category == Xapian::Unicode::UPPERCASE_LETTER ||
           category == Xapian::Unicode::TITLECASE_LETTER;
}

bool word_char_at(std::string_view s, std::size_t pos) {
    if (pos >= s.size())
        return false;
    std::size_t length = 0;
    return classify(decode_at(s, pos, length)) == CharClass::word;
}

// End of a dotted abbreviation starting at `pos` ("U.S.", "U.K.", "e.g.", and
// "U.S" before a question mark), or npos when there is none: single ASCII
// letters joined by dots, at least two of them.
std::size_t dotted_abbreviation_end(std::string_view s, std::size_t pos) {
    std::size_t j = pos;
    int letters = 0;
    while (j < s.size() && is_ascii_letter(s[j])) {
        if (j + 1 < s.size() && s[j + 1] == '.') {
            ++letters;
            j += 2;
            continue;
        }
        if (letters >= 1 && !word_char_at(s, j + 1)) {
            ++letters;
            ++j;
        }
        break;
    }
    if (letters < 2)
        return std::string_view::npos;
    // "U.Sx" or "U.S.x" is no abbreviation: the run must end the word.
    if (word_char_at(s, j))
        return std::string_view::npos;
    return j;
}

// Length of a possessive "'s" or "’s" at `pos` that ends a word, else 0.
std::size_t possessive_length(std::string_view s, std::size_t pos) {
    if (pos >= s.size())
        return 0;
    std::size_t length = 0;
    if (classify(decode_at(s, pos, length)) != CharClass::apostrophe)
        return 0;
    const std::size_t s_pos = pos + length;
    if (s_pos >= s.size() || (s[s_pos] != 's' && s[s_pos] != 'S'))
        return 0;
    if (word_char_at(s, s_pos + 1))
        return 0;
    return length + 1;
}

// Accumulates the characters between two tokens and classifies them.
class GapScanner {
  public:
    void add(CharClass c) {
        if (empty_)
            first_ = c;
        empty_ = false;
        switch (c) {
            case CharClass::space:
                break;
            case CharClass::newline:
                ++newlines_;
                break;
            case CharClass::hyphen:
                ++hyphens_;
                break;
            case CharClass::dot:
                ++dots_;
                break;
            default:
                ++others_;
                break;
        }
        ++chars_;
    }
    Gap kind() const {
        if (others_ > 0 || newlines_ > 1)
            return Gap::other;
        if (dots_ > 0) {
            const bool dot_then_space =
                dots_ == 1 && hyphens_ == 0 && first_ == CharClass::dot && chars_ > 1;
            return dot_then_space ? Gap::dot_space : Gap::other;
        }
        if (hyphens_ > 1)
            return Gap::other;
        return hyphens_ == 1 ? Gap::hyphen : Gap::space;
    }
    bool single_hyphen() const { return chars_ == 1 && hyphens_ == 1; }
    void reset() { *this = GapScanner{}; }

  private:
    bool empty_ = true;
    CharClass first_ = CharClass::other;
    int chars_ = 0, newlines_ = 0, hyphens_ = 0, dots_ = 0, others_ = 0;
};

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> tokens;
    tokens.reserve(s.size() / 6 + 1);  // about one word per six bytes of English
    GapScanner gap;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t length = 0;
        const unsigned cp = decode_at(s, pos, length);
        const CharClass c = classify(cp);
        if (c != CharClass::word) {
            gap.add(c);
            pos += length;
            continue;
        }
        Token token;
        token.begin = pos;
        token.upper = is_upper_letter(cp);
        if (!tokens.empty()) {
            token.gap_before = gap.kind();
            tokens.back().hyphen_after = gap.single_hyphen();
        }
        if (const std::size_t end = dotted_abbreviation_end(s, pos);
            end != std::string_view::npos) {
            token.end = end;
            token.plain = s[end - 1] == '.';
        } else {
            pos += length;
            while (pos < s.size()) {
                const unsigned next = decode_at(s, pos, length);
                const CharClass next_class = classify(next);
                if (next_class == CharClass::word) {
                    pos += length;
                    continue;
                }
                // An inner apostrophe stays in the word ("O’Brien", "don't"),
                // unless it starts a possessive ending.
                if (next_class == CharClass::apostrophe && word_char_at(s, pos + length) &&
                    possessive_length(s, pos) == 0) {
                    if (next != '\'')
                        token.plain = false;
                    pos += length;
                    continue;
                }
                break;
            }
            token.end = pos;
        }
        tokens.push_back(token);
        gap.reset();
        pos = token.end;
        if (const std::size_t possessive = possessive_length(s, pos); possessive != 0) {
            gap.add(CharClass::other);  // a name does not run on past "’s"
            pos += possessive;
        }
    }
    return tokens;
}

// Appends the key form of a token: curly apostrophes become straight ones and
// a dotted abbreviation regains a final dot lost to punctuation ("U.S?").
void append_key(std::string& out, std::string_view text, const Token& token) {
    const std::string_view word = text.substr(token.begin, token.end - token.begin);
    if (token.plain) {
        out.append(word);
        return;
    }
    bool abbreviation_without_dot = word.size() >= 3 && word[1] == '.' && word.back() != '.';
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (word.compare(i, 3, "\xE2\x80\x99") == 0) {
            out.push_back('\'');
            i += 2;
        } else {
            out.push_back(word[i]);
        }
    }
    if (abbreviation_without_dot)
        out.push_back('.');
}

// Appends what separates two words in a key. Whitespace with at most one line
// break, and a single hyphen, read as one space ("Co-operation" = "Co
// operation"). Other punctuation is kept without the spaces around it ("Joseph
// R. Biden" -> "Joseph R . Biden", "Johnson & Johnson"), so an alias written
// with it matches only text that has it too, and no name runs across a comma
// or a full stop unless its alias does. Returns false at a blank line, which
// no name crosses.
bool append_separator(std::string& out, std::string_view text, const Token& previous,
                      const Token& next) {
    if (next.gap_before == Gap::space || next.gap_before == Gap::hyphen) {
        out.push_back(' ');
        return true;
    }
    const std::size_t mark = out.size();
    out.push_back(' ');
    int newlines = 0;
    for (std::size_t pos = previous.end; pos < next.begin;) {
        std::size_t length = 0;
        const unsigned cp = decode_at(text, pos, length);
        switch (classify(cp)) {
            case CharClass::space:
                break;
            case CharClass::newline:
                if (++newlines > 1) {
                    out.resize(mark);
                    return false;
                }
                break;
            case CharClass::hyphen:
                out.push_back('-');
                break;
            case CharClass::apostrophe:
                out.push_back('\'');
                break;
            default:
                out.append(text.substr(pos, length));
                break;
        }
        pos += length;
    }
    out.push_back(' ');
    return true;
}

// The key of a gazetteer entry as written, and how many words it has.
struct EntryKey {
    std::string key;
    std::string first_word;
    std::size_t words = 0;
};

EntryKey entry_key(std::string_view written) {
    EntryKey result;
    const std::vector<Token> tokens = tokenize(written);
    result.words = tokens.size();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0 && !append_separator(result.key, written, tokens[i - 1], tokens[i]))
            result.key.push_back(' ');
        append_key(result.key, written, tokens[i]);
        if (i == 0)
            result.first_word = result.key;
    }
    return result;
}

std::string to_upper(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it) {
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::toupper(*it));
    }
    return out;
}

// Hash maps keyed by std::string that can be probed with a std::string_view, so
// that looking up a word of the text copies nothing.
struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
        return std::hash<std::string_view>{}(key);
    }
};
template <class Value>
using KeyMap = std::unordered_map<std::string, Value, KeyHash, std::equal_to<>>;

constexpr std::int32_t kExcluded = -1;  // a not_actors phrase: matched, then dropped

// How long the entries starting with a word can be: bounds the look-ahead.
struct FirstWord {
    std::uint8_t phrase_words = 0;
    std::uint8_t title_words = 0;
};

std::string describe_entry(std::string_view list, std::size_t index, std::string_view name) {
    std::string out = std::string(list) + "[" + std::to_string(index) + "]";
    if (!name.empty())
        out += " (\"" + std::string(name) + "\")";
    return out;
}

[[noreturn]] void fail(std::string_view origin, std::string_view where, std::string_view reason) {
    throw GazetteerError(std::string(origin) + ": " + std::string(where) + ": " +
                         std::string(reason));
}

// A gazetteer form must have between one and kMaxWords words.
EntryKey checked_key(std::string_view origin, std::string_view where, std::string_view written) {
    EntryKey key = entry_key(written);
    if (key.words == 0)
        fail(origin, where, "\"" + std::string(written) + "\" has no words");
    if (key.words > kMaxWords) {
        fail(origin, where,
             "\"" + std::string(written) + "\" has more than " + std::to_string(kMaxWords) +
                 " words");
    }
    return key;
}

std::vector<std::string> read_strings(const nlohmann::json& data, const char* field,
                                      std::string_view origin, std::string_view where) {
    std::vector<std::string> out;
    const auto it = data.find(field);
    if (it == data.end() || it->is_null())
        return out;
    if (!it->is_array())
        fail(origin, where, std::string(field) + " must be an array of strings");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const nlohmann::json& value = (*it)[i];
        if (!value.is_string()) {
            fail(origin, where,
                 std::string(field) + "[" + std::to_string(i) + "] must be a string");
        }
        out.push_back(value.get<std::string>());
    }
    return out;
}

void append_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const std::string& value : from) {
        if (std::find(to.begin(), to.end(), value) == to.end())
            to.push_back(value);
    }
}

}  // namespace

// The index is a handful of hash maps from word-sequence keys, built once per
// load or merge. Matching tokenizes the text once and, at each word, probes
// `first_words` with that word alone (a view into the text, no copy): nearly all
// words miss and cost one hash lookup. Only words that start some entry build the
// keys of the next few words into one reused buffer, longest first, so longest
// match costs at most `phrase_words` lookups. A trie would save little over this
// for entries of one to three words and would scatter the gazetteer over many
// small allocations; a regex alternation of thousands of aliases is far slower.
struct ActorGazetteer::Impl {
    std::vector<Actor> actors;
    std::vector<std::string> person_titles;
    std::vector<std::string> not_actors;

    KeyMap<FirstWord> first_words;
    KeyMap<std::int32_t> phrases;   // key -> actor index, or kExcluded
    KeyMap<std::int32_t> prefixes;  // "Sino" -> actor index
    KeyMap<bool> titles;            // key -> written with a final dot ("Mr.")
    KeyMap<std::int32_t> folded;    // lower-case key of a name or alias -> actor index
    std::vector<ActorRef> refs;     // one per actor, copied into matches

    void build_index();
    void add_phrase(const std::string& written, std::int32_t target, bool written_form);

    // Matching state for one text.
    struct Scan {
        const Impl& index;
        std::string_view text;
        const std::vector<Token>& tokens;
        std::string key;  // reused for keys of several words
        std::string word;

        const FirstWord* first_word(std::size_t i);
        template <class Value>
        const Value* longest(const KeyMap<Value>& map, std::size_t max_words, std::size_t i,
                             std::size_t& words);
        const std::int32_t* phrase_at(std::size_t i, std::size_t& words);
        bool title_at(std::size_t i, std::size_t& words, bool& dotted);
        std::size_t detect_titled_person(std::size_t i, bool dotted_title,
                                         std::vector<ActorMatch>& out);
    };
};

void ActorGazetteer::Impl::add_phrase(const std::string& written, std::int32_t target,
                                      bool written_form) {
    const EntryKey key = entry_key(written);
    if (key.words == 0)
        return;
    // Written forms override each other in order (the later file wins after a
    // merge); an ALL-CAPS variant never displaces a form someone wrote.
    if (written_form) {
        phrases.insert_or_assign(key.key, target);
    } else if (!phrases.try_emplace(key.key, target).second) {
        return;
    }
    FirstWord& first = first_words[key.first_word];
    first.phrase_words = std::max(first.phrase_words, static_cast<std::uint8_t>(key.words));
}

void ActorGazetteer::Impl::build_index() {
    first_words.clear();
    phrases.clear();
    prefixes.clear();
    titles.clear();
    folded.clear();
    refs.clear();

    for (std::size_t a = 0; a < actors.size(); ++a) {
        const auto index = static_cast<std::int32_t>(a);
        refs.push_back(ActorRef{actors[a].name, actors[a].type, true});
        add_phrase(actors[a].name, index, true);
        for (const std::string& alias : actors[a].aliases)
            add_phrase(alias, index, true);
        for (const std::string& prefix : actors[a].prefixes) {
            const EntryKey key = entry_key(prefix);
            prefixes.insert_or_assign(key.key, index);
            if (text::has_lower_case(prefix)) {
                prefixes.try_emplace(entry_key(to_upper(prefix)).key, index);
            }
        }
    }
    for (const std::string& phrase : not_actors)
        add_phrase(phrase, kExcluded, true);

    // "An alias with lower-case letters also matches its ALL-CAPS form" (headlines,
    // bylines). Forms written in capitals stay exact, so "US" never matches "us".
    for (std::size_t a = 0; a < actors.size(); ++a) {
        const auto index = static_cast<std::int32_t>(a);
        if (text::has_lower_case(actors[a].name))
            add_phrase(to_upper(actors[a].name), index, false);
        for (const std::string& alias : actors[a].aliases) {
            if (text::has_lower_case(alias))
                add_phrase(to_upper(alias), index, false);
        }
    }
    for (const std::string& phrase : not_actors) {
        if (text::has_lower_case(phrase))
            add_phrase(to_upper(phrase), kExcluded, false);
    }

    for (const std::string& title : person_titles) {
        const EntryKey key = entry_key(title);
        if (key.words == 0)
            continue;
        titles.insert_or_assign(key.key, !title.empty() && title.back() == '.');
        FirstWord& first = first_words[key.first_word];
        first.title_words = std::max(first.title_words, static_cast<std::uint8_t>(key.words));
    }

    // For resolve(): canonical names take precedence over aliases when two
    // differ only by case.
    for (std::size_t a = 0; a < actors.size(); ++a) {
        folded.try_emplace(text::fold_case(entry_key(actors[a].name).key),
                           static_cast<std::int32_t>(a));
    }
    for (std::size_t a = 0; a < actors.size(); ++a) {
        for (const std::string& alias : actors[a].aliases) {
            folded.try_emplace(text::fold_case(entry_key(alias).key), static_cast<std::int32_t>(a));
        }
    }
}

const FirstWord* ActorGazetteer::Impl::Scan::first_word(std::size_t i) {
    const Token& token = tokens[i];
    std::string_view probe = text.substr(token.begin, token.end - token.begin);
    if (!token.plain) {
        word.clear();
        append_key(word, text, token);
        probe = word;
    }
    const auto it = index.first_words.find(probe);
    return it == index.first_words.end() ? nullptr : &it->second;
}

// The entry of `map` that covers the most words from token i on (at most
// `max_words`), and its length in `words`.
template <class Value>
const Value* ActorGazetteer::Impl::Scan::longest(const KeyMap<Value>& map, std::size_t max_words,
                                                 std::size_t i, std::size_t& words) {
    std::array<std::size_t, kMaxWords> key_ends{};
    std::size_t count = 0;
    key.clear();
    for (std::size_t k = i; k < tokens.size() && count < max_words; ++k) {
        if (k > i && !append_separator(key, text, tokens[k - 1], tokens[k]))
            break;
        append_key(key, text, tokens[k]);
        key_ends[count++] = key.size();
    }
    for (std::size_t n = count; n > 0; --n) {
        const auto it = map.find(std::string_view(key).substr(0, key_ends[n - 1]));
        if (it != map.end()) {
            words = n;
            return &it->second;
        }
    }
    return nullptr;
}

const std::int32_t* ActorGazetteer::Impl::Scan::phrase_at(std::size_t i, std::size_t& words) {
    const FirstWord* first = first_word(i);
    if (first == nullptr || first->phrase_words == 0)
        return nullptr;
    return longest(index.phrases, first->phrase_words, i, words);
}

bool ActorGazetteer::Impl::Scan::title_at(std::size_t i, std::size_t& words, bool& dotted) {
    const FirstWord* first = first_word(i);
    if (first == nullptr || first->title_words == 0)
        return false;
    const bool* found = longest(index.titles, first->title_words, i, words);
    if (found != nullptr)
        dotted = *found;
    return found != nullptr;
}

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

ActorGazetteer::ActorGazetteer() : impl_(std::make_unique<Impl>()) {}
ActorGazetteer::~ActorGazetteer() = default;
ActorGazetteer::ActorGazetteer(ActorGazetteer&&) noexcept = default;
ActorGazetteer& ActorGazetteer::operator=(ActorGazetteer&&) noexcept = default;

ActorGazetteer ActorGazetteer::from_json(const nlohmann::json& data, std::string_view origin) {
    if (!data.is_object())
        fail(origin, "top level", "must be a JSON object");
    if (const auto version = data.find("version"); version != data.end()) {
        if (!version->is_number_integer() || version->get<int>() != 1) {
            fail(origin, "version", "unsupported version " + version->dump() + " (expected 1)");
        }
    }
    ActorGazetteer gazetteer;
    Impl& impl = *gazetteer.impl_;
    impl.person_titles = read_strings(data, "person_titles", origin, "top level");
    impl.not_actors = read_strings(data, "not_actors", origin, "top level");
    for (std::size_t i = 0; i < impl.person_titles.size(); ++i) {
        checked_key(origin, describe_entry("person_titles", i, ""), impl.person_titles[i]);
    }

    // Within one file every form belongs to one entry: a clash is a data error.
    std::unordered_map<std::string, std::string> claimed;  // key -> who claims it
    for (std::size_t i = 0; i < impl.not_actors.size(); ++i) {
        const std::string where = describe_entry("not_actors", i, "");
        const EntryKey key = checked_key(origin, where, impl.not_actors[i]);
        claimed.try_emplace(key.key, "not_actors");
    }

    const auto actors = data.find("actors");
    if (actors == data.end() || !actors->is_array()) {
        fail(origin, "actors", "missing or not an array");
    }
    std::unordered_map<std::string, std::size_t> names;  // name -> entry index
    for (std::size_t i = 0; i < actors->size(); ++i) {
        const nlohmann::json& entry = (*actors)[i];
        std::string where = describe_entry("actors", i, "");
        if (!entry.is_object())
            fail(origin, where, "must be a JSON object");
        const auto name = entry.find("name");
        if (name == entry.end() || !name->is_string() || name->get<std::string>().empty()) {
            fail(origin, where, "missing name");
        }
        Actor actor;
        actor.name = name->get<std::string>();
        where = describe_entry("actors", i, actor.name);
        for (const auto& item : entry.items()) {
            const std::string& field = item.key();
            if (field != "name" && field != "type" && field != "aliases" && field != "prefixes") {
                fail(origin, where, "unknown field \"" + field + "\"");
            }
        }
        const auto type = entry.find("type");
        if (type == entry.end() || !type->is_string())
            fail(origin, where, "missing type");
        const auto parsed_type = parse_actor_type(type->get<std::string>());
        if (!parsed_type) {
            fail(origin, where,
                 "unknown type \"" + type->get<std::string>() +
                     "\" (expected person, country or organisation)");
        }
        actor.type = *parsed_type;
        if (const auto [it, fresh] = names.try_emplace(actor.name, i); !fresh) {
            fail(origin, where,
                 "duplicate name, first at actors[" + std::to_string(it->second) + "]");
        }
        append_unique(actor.aliases, read_strings(entry, "aliases", origin, where));
        append_unique(actor.prefixes, read_strings(entry, "prefixes", origin, where));
        std::erase(actor.aliases, actor.name);

        std::vector<std::string> forms{actor.name};
        forms.insert(forms.end(), actor.aliases.begin(), actor.aliases.end());
        for (const std::string& form : forms) {
            const EntryKey key = checked_key(origin, where, form);
            const auto [it, fresh] = claimed.try_emplace(key.key, actor.name);
            if (!fresh && it->second != actor.name) {
                fail(origin, where,
                     "\"" + form + "\" is already claimed by " +
                         (it->second == "not_actors" ? std::string("not_actors")
                                                     : "\"" + it->second + "\""));
            }
        }
        for (const std::string& prefix : actor.prefixes) {
            if (checked_key(origin, where, prefix).words != 1) {
                fail(origin, where, "prefix \"" + prefix + "\" must be a single word");
            }
        }
        impl.actors.push_back(std::move(actor));
    }
    impl.build_index();
    return gazetteer;
}

ActorGazetteer ActorGazetteer::load(const std::filesystem::path& file) {
    const std::string origin = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw GazetteerError(origin + ": cannot open file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string content = std::move(buffer).str();
    nlohmann::json data;
    try {
        data = nlohmann::json::parse(content);
    } catch (const nlohmann::json::parse_error& error) {
        const std::size_t upto = std::min<std::size_t>(error.byte, content.size());
        const auto line = 1 + std::count(content.begin(), content.begin() + upto, '\n');
        throw GazetteerError(origin + ":" + std::to_string(line) +
                             ": invalid JSON: " + error.what());
    }
    return from_json(data, origin);
}

void ActorGazetteer::merge(const ActorGazetteer& more) {
    Impl& impl = *impl_;

    // A canonical name stays with its actor: a later file can neither make it
    // another actor's alias nor exclude it. Keeping every form with a single
    // owner is what lets from_json(to_json()) accept a merged gazetteer.
    std::unordered_map<std::string, std::string> names;  // key -> canonical name
    for (const Actor& actor : impl.actors)
        names.try_emplace(entry_key(actor.name).key, actor.name);
    for (const Actor& actor : more.impl_->actors) {
        names.try_emplace(entry_key(actor.name).key, actor.name);
    }
    const auto names_another_actor = [&](const std::string& form, const std::string& owner) {
        const auto it = names.find(entry_key(form).key);
        return it != names.end() && it->second != owner;
    };
    std::vector<Actor> incoming = more.impl_->actors;
    for (Actor& actor : incoming) {
        std::erase_if(actor.aliases, [&](const std::string& alias) {
            return names_another_actor(alias, actor.name);
        });
    }
    std::vector<std::string> incoming_exclusions = more.impl_->not_actors;
    std::erase_if(incoming_exclusions,
                  [&](const std::string& phrase) { return names_another_actor(phrase, ""); });

    // Otherwise the later gazetteer wins a form that both give to different
    // entries: take it away from this one's actors and exclusions.
    std::unordered_map<std::string, std::string> claims;  // key -> actor name, "" = exclusion
    for (const Actor& actor : incoming) {
        claims.insert_or_assign(entry_key(actor.name).key, actor.name);
        for (const std::string& alias : actor.aliases) {
            claims.insert_or_assign(entry_key(alias).key, actor.name);
        }
    }
    for (const std::string& phrase : incoming_exclusions) {
        claims.try_emplace(entry_key(phrase).key, "");
    }
    const auto claimed_by_other = [&](const std::string& form, const std::string& owner) {
        const auto it = claims.find(entry_key(form).key);
        return it != claims.end() && it->second != owner;
    };
    for (Actor& actor : impl.actors) {
        std::erase_if(actor.aliases, [&](const std::string& alias) {
            return claimed_by_other(alias, actor.name);
        });
    }
    std::erase_if(impl.not_actors,
                  [&](const std::string& phrase) { return claimed_by_other(phrase, ""); });

    for (Actor& actor : incoming) {
        const auto same = std::find_if(impl.actors.begin(), impl.actors.end(),
                                       [&](const Actor& a) { return a.name == actor.name; });
        if (same == impl.actors.end()) {
            impl.actors.push_back(std::move(actor));
            continue;
        }
        same->type = actor.type;
        append_unique(same->aliases, actor.aliases);
        append_unique(same->prefixes, actor.prefixes);
    }
    append_unique(impl.person_titles, more.impl_->person_titles);
    append_unique(impl.not_actors, incoming_exclusions);
    impl.build_index();
}

std::vector<ActorMatch> ActorGazetteer::match(std::string_view text) const {
    std::vector<ActorMatch> out;
    const std::vector<Token> tokens = tokenize(text);
    Impl::Scan scan{*impl_, text, tokens, {}, {}};
    std::size_t i = 0;
    while (i < tokens.size()) {
        const FirstWord* first = scan.first_word(i);
        std::size_t words = 0;
        if (first != nullptr && first->phrase_words != 0) {
            if (const std::int32_t* target =
                    scan.longest(impl_->phrases, first->phrase_words, i, words)) {
                if (*target != kExcluded) {
                    out.push_back(ActorMatch{tokens[i].begin, tokens[i + words - 1].end,
                                             impl_->refs[*target]});
                }
                i += words;
                continue;
            }
        }
        if (first != nullptr && first->title_words != 0) {
            if (const bool* dotted = scan.longest(impl_->titles, first->title_words, i, words)) {
                i = scan.detect_titled_person(i + words, *dotted, out);
                continue;
            }
        }
        if (tokens[i].hyphen_after && !impl_->prefixes.empty()) {
            scan.word.clear();
            append_key(scan.word, text, tokens[i]);
            if (const auto it = impl_->prefixes.find(scan.word); it != impl_->prefixes.end()) {
                out.push_back(ActorMatch{tokens[i].begin, tokens[i].end, impl_->refs[it->second]});
            }
        }
        ++i;
    }
    return out;
}

const Actor* ActorGazetteer::resolve(std::string_view name_or_alias) const {
    const std::string key = entry_key(name_or_alias).key;
    if (key.empty())
        return nullptr;
    // The exact spelling first, so that forms differing only by case stay apart.
    if (const auto it = impl_->phrases.find(key); it != impl_->phrases.end()) {
        return it->second == kExcluded ? nullptr : &impl_->actors[it->second];
    }
    const auto it = impl_->folded.find(text::fold_case(key));
    return it == impl_->folded.end() ? nullptr : &impl_->actors[it->second];
}

const std::vector<Actor>& ActorGazetteer::actors() const {
    return impl_->actors;
}

nlohmann::json ActorGazetteer::to_json() const {
    nlohmann::json actors = nlohmann::json::array();
    for (const Actor& actor : impl_->actors) {
        nlohmann::json entry = {{"name", actor.name},
                                {"type", std::string(to_string(actor.type))},
                                {"aliases", actor.aliases}};
        if (!actor.prefixes.empty())
            entry["prefixes"] = actor.prefixes;
        actors.push_back(std::move(entry));
    }
    return {{"version", 1},
            {"person_titles", impl_->person_titles},
            {"not_actors", impl_->not_actors},
            {"actors", std::move(actors)}};
}

}  // namespace dossier
