#include "indexer/passage_splitter.h"

#include <array>
#include <string>

#include "common/text.h"

namespace dossier {

namespace {

bool is_upper_ascii(char c) {
    return c >= 'A' && c <= 'Z';
}

// Words after which a period rarely ends a sentence in news prose.
bool is_abbreviation(std::string_view word) {
    static constexpr std::array<std::string_view, 40> kAbbreviations = {
        "Mr",   "Mrs", "Ms",  "Dr",  "Prof", "St",  "Jr",   "Sr",  "Gen", "Col",
        "Lt",   "Sgt", "Rep", "Sen", "Gov",  "Inc", "Corp", "Co",  "Ltd", "No",
        "vs",   "etc", "Jan", "Feb", "Mar",  "Apr", "Jun",  "Jul", "Aug", "Sep",
        "Sept", "Oct", "Nov", "Dec", "Mt",   "Ft",  "Capt", "Adm", "Rev", "approx"};
    for (const auto abbreviation : kAbbreviations) {
        if (word == abbreviation)
            return true;
    }
    // Initials and dotted abbreviations: "F", "U.S", "U.N".
    if (word.size() == 1 && is_upper_ascii(word[0]))
        return true;
    return word.size() >= 3 && word[word.size() - 2] == '.';
}

bool is_closing(std::string_view text, std::size_t pos, std::size_t& length) {
    const char c = text[pos];
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
        length = 1;
        return true;
    }
    // ” (U+201D) and ’ (U+2019)
    if (text.compare(pos, 3, "\xE2\x80\x9D") == 0 || text.compare(pos, 3, "\xE2\x80\x99") == 0) {
        length = 3;
        return true;
    }
    return false;
}

std::size_t words_in(std::string_view source, std::size_t begin, std::size_t end) {
    return text::count_words(source.substr(begin, end - begin));
}

// A piece of the body that a passage may start or end at.
struct Unit {
    std::size_t begin;
    std::size_t end;
    std::size_t words;
    bool joins_previous;  // only whitespace separates it from the unit before
};

}  // namespace

namespace {

// Sentence ends as find_sentence_ends() finds them; with `any_next`, also
// where the next sentence does not open with a capital, digit or quote.
std::vector<std::size_t> sentence_ends(std::string_view s, bool any_next) {
    std::vector<std::size_t> ends;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '.' && c != '!' && c != '?')
            continue;
        std::size_t end = i + 1;
        while (end < s.size() && (s[end] == '.' || s[end] == '!' || s[end] == '?'))
            ++end;
        std::size_t closing = 0;
        while (end < s.size() && is_closing(s, end, closing))
            end += closing;
        // A sentence ends before whitespace followed by a capital, digit or quote.
        std::size_t next = end;
        if (next >= s.size() || (s[next] != ' ' && s[next] != '\n' && s[next] != '\t'))
            continue;
        while (next < s.size() && (s[next] == ' ' || s[next] == '\n' || s[next] == '\t'))
            ++next;
        if (next >= s.size())
            continue;
        const unsigned char n = static_cast<unsigned char>(s[next]);
        const bool opens = any_next || is_upper_ascii(static_cast<char>(n)) ||
                           (n >= '0' && n <= '9') || n == '"' || n == '(' || n >= 0x80;
        if (!opens)
            continue;
        if (c == '.') {
            std::size_t word_begin = i;
            while (word_begin > 0 && s[word_begin - 1] != ' ' && s[word_begin - 1] != '\n' &&
                   s[word_begin - 1] != '(' && s[word_begin - 1] != '"') {
                --word_begin;
            }
            if (is_abbreviation(s.substr(word_begin, i - word_begin)))
                continue;
        }
        ends.push_back(end);
        i = end - 1;
    }
    return ends;
}

// Where a long block may be cut: at its sentence ends. A stretch between two
// of them longer than a passage may be (text whose sentences do not open
// with a capital: lower-cased abstracts, transcripts) is also cut where a
// sentence mark is followed by any word, and, failing that, after every
// `target_words` words.
std::vector<std::size_t> cut_points(std::string_view body, const PassageBounds& bounds) {
    std::vector<std::size_t> cuts;
    std::size_t from = 0;
    std::vector<std::size_t> strict = sentence_ends(body, false);
    strict.push_back(body.size());
    for (const std::size_t to : strict) {
        const std::string_view stretch = body.substr(from, to - from);
        if (text::count_words(stretch) > bounds.max_words) {
            std::size_t inner_from = 0;
            std::vector<std::size_t> loose = sentence_ends(stretch, true);
            loose.push_back(stretch.size());
            for (const std::size_t inner_to : loose) {
                const std::string_view piece = stretch.substr(inner_from, inner_to - inner_from);
                const std::vector<text::Word> words = text::find_words(piece);
                if (words.size() > bounds.max_words) {
                    for (std::size_t w = bounds.target_words; w + bounds.min_words <= words.size();
                         w += bounds.target_words)
                        cuts.push_back(from + inner_from + words[w - 1].end);
                }
                if (inner_to < stretch.size())
                    cuts.push_back(from + inner_to);
                inner_from = inner_to;
            }
        }
        if (to < body.size())
            cuts.push_back(to);
        from = to;
    }
    return cuts;
}

}  // namespace

std::vector<std::size_t> find_sentence_ends(std::string_view s) {
    return sentence_ends(s, false);
}

std::vector<TextBlock> paragraph_blocks(std::string_view source) {
    std::vector<TextBlock> blocks;
    const auto lines = text::split_lines(source);
    std::size_t i = 0;
    while (i < lines.size()) {
        if (text::is_blank(source.substr(lines[i].begin, lines[i].end - lines[i].begin))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j + 1 < lines.size() &&
               !text::is_blank(
                   source.substr(lines[j + 1].begin, lines[j + 1].end - lines[j + 1].begin))) {
            ++j;
        }
        const std::size_t begin = lines[i].begin;
        const std::string_view raw = source.substr(begin, lines[j].end - begin);
        const std::string_view trimmed = text::trim(raw);
        const std::size_t offset = begin + static_cast<std::size_t>(trimmed.data() - raw.data());
        blocks.push_back({offset, offset + trimmed.size(), lines[i].number, lines[j].number});
        i = j + 1;
    }
    return blocks;
}

std::vector<Passage> split_into_passages(std::string_view source,
                                         const std::vector<TextBlock>& blocks,
                                         const PassageBounds& bounds) {
    // 1. Units: whole blocks, or sentence groups of long blocks.
    std::vector<Unit> units;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const TextBlock& block = blocks[b];
        if (block.end <= block.begin)
            continue;
        const bool joins = !units.empty() && text::is_blank(source.substr(
                                                 units.back().end, block.begin - units.back().end));
        const std::size_t words = words_in(source, block.begin, block.end);
        if (words <= bounds.max_words) {
            units.push_back({block.begin, block.end, words, joins});
            continue;
        }
        const std::string_view body = source.substr(block.begin, block.end - block.begin);
        std::vector<std::size_t> cuts = cut_points(body, bounds);
        cuts.push_back(body.size());
        std::size_t group_begin = 0;
        std::size_t group_words = 0;
        std::size_t previous_cut = 0;
        bool first = true;
        for (const std::size_t cut : cuts) {
            const std::size_t sentence_words = words_in(body, previous_cut, cut);
            if (group_words > 0 && group_words + sentence_words > bounds.target_words) {
                const std::string_view piece =
                    text::trim(body.substr(group_begin, previous_cut - group_begin));
                const std::size_t piece_begin =
                    block.begin + static_cast<std::size_t>(piece.data() - body.data());
                units.push_back(
                    {piece_begin, piece_begin + piece.size(), group_words, first ? joins : true});
                first = false;
                group_begin = previous_cut;
                group_words = 0;
            }
            group_words += sentence_words;
            previous_cut = cut;
        }
        const std::string_view piece = text::trim(body.substr(group_begin));
        const std::size_t piece_begin =
            block.begin + static_cast<std::size_t>(piece.data() - body.data());
        // A short tail sentence group stays with the group before it.
        if (!first && group_words < bounds.min_words &&
            units.back().words + group_words <= bounds.max_words) {
            units.back().end = piece_begin + piece.size();
            units.back().words += group_words;
        } else {
            units.push_back(
                {piece_begin, piece_begin + piece.size(), group_words, first ? joins : true});
        }
    }

    // 2. Merge: a passage takes following joined units while it is short.
    std::vector<Passage> passages;
    const text::LineIndex lines(source);
    std::size_t u = 0;
    while (u < units.size()) {
        std::size_t begin = units[u].begin;
        std::size_t end = units[u].end;
        std::size_t words = units[u].words;
        std::size_t v = u + 1;
        while (v < units.size() && units[v].joins_previous && words < bounds.min_words &&
               words + units[v].words <= bounds.max_words) {
            end = units[v].end;
            words += units[v].words;
            ++v;
        }
        // A short last unit joins the passage before it rather than standing alone.
        if (words < bounds.min_words && v == units.size() && !passages.empty() &&
            units[u].joins_previous && passages.back().byte_end == units[u - 1].end &&
            words_in(source, passages.back().byte_begin, end) <= bounds.max_words) {
            Passage& last = passages.back();
            last.byte_end = end;
            last.text.assign(source.substr(last.byte_begin, end - last.byte_begin));
            last.line_last = lines.line_of(end - 1);
            break;
        }
        Passage passage;
        passage.ordinal = static_cast<int>(passages.size());
        passage.byte_begin = begin;
        passage.byte_end = end;
        passage.text.assign(source.substr(begin, end - begin));
        passage.line_first = lines.line_of(begin);
        passage.line_last = lines.line_of(end - 1);
        passages.push_back(std::move(passage));
        u = v;
    }
    return passages;
}

}  // namespace dossier
