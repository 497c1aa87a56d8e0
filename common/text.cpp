#include "common/text.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace dossier::text {

namespace {

bool is_word_char(unsigned ch) {
    using namespace Xapian::Unicode;
    if (ch < 0x80) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    }
    return is_wordchar(ch);
}

bool is_apostrophe(unsigned ch) {
    return ch == '\'' || ch == 0x2019;
}

}  // namespace

std::size_t decode_utf8(std::string_view s, std::size_t pos, unsigned& code_point) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    std::size_t length = 0;
    unsigned minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, code_point = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code_point = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (pos + length > s.size())
        return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80)
            return 0;
        code_point = (code_point << 6) | (byte(pos + i) & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF)
        return 0;
    if (code_point >= 0xD800 && code_point <= 0xDFFF)
        return 0;
    return length;
}

std::size_t find_invalid_utf8(std::string_view bytes) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        // Fast path over ASCII runs: most news text is ASCII.
        if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
            ++pos;
            continue;
        }
        unsigned code_point = 0;
        const std::size_t length = decode_utf8(bytes, pos, code_point);
        if (length == 0)
            return pos;
        pos += length;
    }
    return npos;
}

namespace {
// Length of the blank character at `pos` (ASCII whitespace or U+00A0), or 0.
std::size_t blank_length(std::string_view s, std::size_t pos) {
    const char c = s[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == '\xC2' && pos + 1 < s.size() && s[pos + 1] == '\xA0')
        return 2;
    return 0;
}
}  // namespace

bool is_blank(std::string_view s) {
    return trim(s).empty();
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes)
        return s;
    std::size_t end = max_bytes;
    // Back off continuation bytes (10xxxxxx) to the start of their sequence.
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
        --end;
    return s.substr(0, end);
}

std::string_view trim(std::string_view s) {
    std::size_t begin = 0;
    while (begin < s.size()) {
        const std::size_t n = blank_length(s, begin);
        if (n == 0)
            break;
        begin += n;
    }
    std::size_t end = s.size();
    while (end > begin) {
        if (std::isspace(static_cast<unsigned char>(s[end - 1])) != 0) {
            --end;
        } else if (end - begin >= 2 && s[end - 2] == '\xC2' && s[end - 1] == '\xA0') {
            end -= 2;
        } else {
            break;
        }
    }
    return s.substr(begin, end - begin);
}

namespace {

// Where the line that starts at `begin` ends, and where the next one starts:
// "\n", "\r\n" and a lone "\r" (old Mac files, some scrapers) all end a line.
std::pair<std::size_t, std::size_t> line_end(std::string_view text, std::size_t begin) {
    const std::size_t brk = text.find_first_of("\r\n", begin);
    if (brk == std::string_view::npos)
        return {text.size(), text.size()};
    if (text[brk] == '\r' && brk + 1 < text.size() && text[brk + 1] == '\n')
        return {brk, brk + 2};
    return {brk, brk + 1};
}

}  // namespace

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t begin = 0;
    int number = 1;
    while (begin < text.size()) {
        const auto [end, next] = line_end(text, begin);
        lines.push_back({begin, end, number++});
        begin = next;
    }
    return lines;
}

LineIndex::LineIndex(std::string_view text) {
    line_starts_.push_back(0);
    for (std::size_t begin = 0; begin < text.size();) {
        const auto [end, next] = line_end(text, begin);
        if (end == text.size())
            break;  // the last line has no terminator
        line_starts_.push_back(next);
        begin = next;
    }
}

int LineIndex::line_of(std::size_t byte_offset) const {
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
    return static_cast<int>(it - line_starts_.begin());
}

std::vector<Word> find_words(std::string_view s) {
    std::vector<Word> words;
    std::size_t pos = 0;
    while (pos < s.size()) {
        unsigned ch = 0;
        std::size_t length = decode_utf8(s, pos, ch);
        if (length == 0) {
            ++pos;
            continue;
        }
        if (!is_word_char(ch)) {
            pos += length;
            continue;
        }
        const std::size_t begin = pos;
        std::size_t end = pos + length;
        pos = end;
        while (pos < s.size()) {
            length = decode_utf8(s, pos, ch);
            if (length == 0)
                break;
            if (is_word_char(ch)) {
                pos += length;
                end = pos;
                continue;
            }
            // An apostrophe or a dot joins two word characters ("China's",
            // "U.S"); a dot after a single letter closes an abbreviation ("U.S.").
            if (is_apostrophe(ch) || ch == '.') {
                unsigned next = 0;
                const std::size_t after = pos + length;
                const std::size_t next_length = after < s.size() ? decode_utf8(s, after, next) : 0;
                if (next_length != 0 && is_word_char(next)) {
                    pos = after;
                    continue;
                }
                if (ch == '.' && end - begin >= 3 && s[end - 2] == '.') {
                    end = pos = after;  // "U.S." keeps its final dot
                }
            }
            break;
        }
        words.push_back({begin, end});
    }
    return words;
}

std::size_t count_words(std::string_view s) {
    // Counting without building the vector: this runs on every line of every page.
    std::size_t count = 0;
    bool in_word = false;
    std::size_t pos = 0;
    while (pos < s.size()) {
        unsigned ch = 0;
        const std::size_t length = decode_utf8(s, pos, ch);
        if (length == 0) {
            ++pos;
            in_word = false;
            continue;
        }
        const bool word_char = is_word_char(ch) || (in_word && (is_apostrophe(ch) || ch == '.'));
        if (word_char && !in_word)
            ++count;
        in_word = word_char;
        pos += length;
    }
    return count;
}

namespace {

template <class CaseMap>
std::string map_case(std::string_view s, CaseMap map) {
    std::string out;
    out.reserve(s.size());
    for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
        Xapian::Unicode::append_utf8(out, map(*it));
    return out;
}

}  // namespace

std::string fold_case(std::string_view s) {
    return map_case(s, [](unsigned ch) { return Xapian::Unicode::tolower(ch); });
}

std::string upper_case(std::string_view s) {
    return map_case(s, [](unsigned ch) { return Xapian::Unicode::toupper(ch); });
}

bool starts_upper(std::string_view s) {
    if (s.empty())
        return false;
    Xapian::Utf8Iterator it(s.data(), s.size());
    return Xapian::Unicode::get_category(*it) == Xapian::Unicode::UPPERCASE_LETTER;
}

bool has_lower_case(std::string_view s) {
    for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it) {
        if (Xapian::Unicode::get_category(*it) == Xapian::Unicode::LOWERCASE_LETTER)
            return true;
    }
    return false;
}

namespace {

void append_code_point(std::string& out, unsigned cp) {
    const bool control = cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r';
    if (cp == 0 || control || cp == 0x7F || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        out.push_back(' ');
        return;
    }
    Xapian::Unicode::append_utf8(out, cp);
}

// The code point of the reference at the start of `s` ("&#233;", "&amp;")
// and its length, or 0 when `s` starts no reference.
std::size_t entity_at(std::string_view s, unsigned& cp) {
    const std::size_t semicolon = s.find(';', 1);
    if (semicolon == std::string_view::npos || semicolon > 10)
        return 0;
    const std::string_view name = s.substr(1, semicolon - 1);
    if (name.size() >= 2 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string_view digits = name.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 7)
            return 0;
        unsigned value = 0;
        for (const char c : digits) {
            unsigned digit = 0;
            if (c >= '0' && c <= '9')
                digit = static_cast<unsigned>(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                digit = static_cast<unsigned>(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F')
                digit = static_cast<unsigned>(c - 'A' + 10);
            else
                return 0;
            value = value * (hex ? 16 : 10) + digit;
        }
        cp = value;
        return semicolon + 1;
    }
    static constexpr std::pair<std::string_view, unsigned> kNamed[] = {
        {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
        {"apos", '\''},    {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014},
        {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
        {"hellip", 0x2026}};
    for (const auto& [entity, value] : kNamed) {
        if (name == entity) {
            cp = value;
            return semicolon + 1;
        }
    }
    return 0;
}

}  // namespace

std::string decode_html_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t amp = s.find('&', pos);
        if (amp == std::string_view::npos) {
            out.append(s.substr(pos));
            break;
        }
        out.append(s.substr(pos, amp - pos));
        unsigned cp = 0;
        if (const std::size_t length = entity_at(s.substr(amp), cp); length != 0) {
            append_code_point(out, cp);
            pos = amp + length;
        } else {
            out.push_back('&');
            pos = amp + 1;
        }
    }
    return out;
}

}  // namespace dossier::text
