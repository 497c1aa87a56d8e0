#include "common/gazetteer_tokens.h"

#include <xapian.h>

#include "common/text.h"

namespace dossier::detail {

namespace {

enum class CharClass : std::uint8_t { word, space, newline, hyphen, dot, apostrophe, other };

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

}  // namespace

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

}  // namespace dossier::detail
