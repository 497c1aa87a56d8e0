// UTF-8 text utilities shared by the indexer and the search side: validation,
// line and word boundaries with byte offsets, case folding. Offsets are bytes.
// Nothing here throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::text {

inline constexpr std::size_t npos = std::string_view::npos;

// Byte offset of the first byte that does not start a valid UTF-8 sequence
// (overlong forms and surrogates count as invalid), or npos when all is valid.
std::size_t find_invalid_utf8(std::string_view bytes);

// The project's one UTF-8 decoder: the code point at byte `pos` of `s` into
// `code_point`, and the length of its sequence; 0 when no valid sequence
// starts there (overlong forms and surrogates are invalid).
std::size_t decode_utf8(std::string_view s, std::size_t pos, unsigned& code_point);

// The longest prefix of `s` of at most `max_bytes` that does not cut a UTF-8
// sequence in two (for quoting input in a message).
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

// True when `s` has a lower-case letter (any script).
bool has_lower_case(std::string_view s);

// True for ASCII whitespace and U+00A0 (no-break space, common in scraped pages).
bool is_blank(std::string_view s);
std::string_view trim(std::string_view s);

// A line of a text: [begin, end) excludes the line terminator: "\n", "\r\n",
// or a lone "\r" (old Mac files). LineIndex counts lines the same way.
struct Line {
    std::size_t begin = 0;
    std::size_t end = 0;
    int number = 0;  // 1-based
};
std::vector<Line> split_lines(std::string_view text);

// Maps byte offsets to 1-based line numbers in O(log lines).
class LineIndex {
  public:
    explicit LineIndex(std::string_view text);
    int line_of(std::size_t byte_offset) const;

  private:
    std::vector<std::size_t> line_starts_;
};

// A word: a maximal run of letters, digits and marks, with inner apostrophes
// ("China's", "don’t") and dotted abbreviations ("U.S.") kept inside it.
struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::vector<Word> find_words(std::string_view text);
std::size_t count_words(std::string_view text);

// Unicode lower and upper case (through Xapian's Unicode tables).
std::string fold_case(std::string_view s);
std::string upper_case(std::string_view s);

// True when the first character is an upper-case letter.
bool starts_upper(std::string_view s);

// `s` with its HTML character references decoded, as scrapes leave them in
// text ("Pap&#233;", "AT&amp;T"): decimal and hexadecimal ones, the five of
// XML, and &nbsp; &ndash; &mdash; &lsquo; &rsquo; &ldquo; &rdquo; &hellip;.
// A reference to no character, or to a control character other than tab
// and line breaks, becomes a space; anything else that starts with & stays.
std::string decode_html_entities(std::string_view s);

}  // namespace dossier::text
