// The gazetteer's tokenizer, shared by its phrase index (gazetteer.cpp), its
// loader (gazetteer_loader.cpp) and its person-name patterns
// (person_names.cpp). Internal to common/: the public interface is
// gazetteer.h. Pure functions; nothing throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::detail {

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

// The tokens of `s`, with what separates each from the one before.
std::vector<Token> tokenize(std::string_view s);

// Appends the key form of a token: curly apostrophes become straight ones and
// a dotted abbreviation regains a final dot lost to punctuation ("U.S?").
void append_key(std::string& out, std::string_view text, const Token& token);

// Appends what separates two words in a key; false at a blank line, which no
// name crosses (the rules are at the definition).
bool append_separator(std::string& out, std::string_view text, const Token& previous,
                      const Token& next);

// The key of a gazetteer entry as written, and how many words it has.
struct EntryKey {
    std::string key;
    std::string first_word;
    std::size_t words = 0;
};

EntryKey entry_key(std::string_view written);

}  // namespace dossier::detail
