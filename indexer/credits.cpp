#include "indexer/credits.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/text.h"

namespace dossier {

namespace {

bool is_letter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// Words that make "<word> by" a credit: "Reporting by", "Edited by".
bool is_credit_word(std::string_view word) {
    static constexpr std::array<std::string_view, 14> kWords = {
        "reporting", "writing", "editing",     "compiled", "edited", "written",  "reported",
        "photos",    "photo",   "photographs", "graphics", "video",  "produced", "translated"};
    const std::string folded = text::fold_case(word);
    return std::find(kWords.begin(), kWords.end(), folded) != kWords.end();
}

// The word that ends just before `end` (letters only), or empty.
std::string_view word_before(std::string_view text, std::size_t end, std::size_t& begin) {
    begin = end;
    while (begin > 0 && is_letter(text[begin - 1]))
        --begin;
    return text.substr(begin, end - begin);
}

// A credit starts a line, a parenthesis, a part after ";" or a sentence.
bool starts_credit_at(std::string_view text, std::size_t at) {
    while (at > 0 && text[at - 1] == ' ')
        --at;
    return at == 0 || text[at - 1] == '\n' || text[at - 1] == '(' || text[at - 1] == ';' ||
           text[at - 1] == '.';
}

// When the "by " at `by_begin` follows a credit word that starts a credit,
// the start of that word (or of an "Additional" or "Further" before it);
// npos otherwise.
std::size_t credit_start(std::string_view text, std::size_t by_begin) {
    if (by_begin < 2 || text[by_begin - 1] != ' ')
        return std::string_view::npos;
    std::size_t begin = 0;
    const std::string_view cue = word_before(text, by_begin - 1, begin);
    if (cue.empty() || !is_credit_word(cue))
        return std::string_view::npos;
    if (begin >= 2 && text[begin - 1] == ' ') {
        std::size_t before = 0;
        const std::string folded = text::fold_case(word_before(text, begin - 1, before));
        if (folded == "additional" || folded == "further")
            begin = before;
    }
    return starts_credit_at(text, begin) ? begin : std::string_view::npos;
}

// "Jonathan Stempel", "Svea Herbst-Bayliss": two to four words, the first and
// last capitalised.
bool looks_like_a_name(std::string_view name) {
    if (name.empty() || name.size() > 60)
        return false;
    const std::size_t words = text::count_words(name);
    if (words < 2 || words > 4)
        return false;
    const std::size_t last = name.find_last_of(' ');
    return text::starts_upper(name) && last != std::string_view::npos &&
           text::starts_upper(name.substr(last + 1));
}

void add_people(std::string_view names, std::vector<std::string>& people) {
    // "Jonathan Stempel and Dan Wilchins in New York": the place goes.
    if (const std::size_t in = names.find(" in "); in != std::string_view::npos)
        names = names.substr(0, in);
    std::size_t at = 0;
    while (at <= names.size()) {
        std::size_t end = names.size();
        std::size_t next = names.size() + 1;
        for (std::string_view separator : {", ", " and ", " & "}) {
            const std::size_t found = names.find(separator, at);
            if (found != std::string_view::npos && found < end) {
                end = found;
                next = found + separator.size();
            }
        }
        const std::string_view name = text::trim(names.substr(at, end - at));
        if (looks_like_a_name(name) &&
            std::find(people.begin(), people.end(), name) == people.end())
            people.emplace_back(name);
        at = next;
    }
}

// "NEW YORK (Reuters) -": the parenthesis of an agency before a dash, at
// most four capitalised words, at the start of a line near the text's start.
void find_dateline_agency(std::string_view text, Credits& credits) {
    std::size_t line_begin = 0;
    while (line_begin < std::min<std::size_t>(text.size(), 300)) {
        const std::size_t line_end = std::min(text.find('\n', line_begin), text.size());
        const std::string_view line = text.substr(line_begin, line_end - line_begin);
        const std::size_t open = line.find('(');
        const std::size_t close = open == std::string_view::npos ? open : line.find(')', open);
        if (open != std::string_view::npos && open <= 80 && close != std::string_view::npos &&
            close - open <= 40 && close > open + 1) {
            const std::string_view agency = line.substr(open + 1, close - open - 1);
            const std::size_t words = text::count_words(agency);
            std::size_t after = close + 1;
            while (after < line.size() && line[after] == ' ')
                ++after;
            const std::string_view rest = line.substr(after);
            const bool dash =
                !rest.empty() && (rest[0] == '-' || rest.rfind("\xE2\x80\x93", 0) == 0 ||
                                  rest.rfind("\xE2\x80\x94", 0) == 0);
            if (dash && words > 0 && words <= 4 && text::starts_upper(agency)) {
                credits.spans.push_back({line_begin + open, line_begin + close + 1});
                credits.agency = std::string(agency);
                return;
            }
        }
        if (line_end == text.size())
            return;
        line_begin = line_end + 1;
    }
}

// "told Reuters", "in an interview with Reuters": the story's own agency as
// the one it talks to.
void find_agency_as_interlocutor(std::string_view text, std::string_view agency, Credits& credits) {
    if (agency.empty())
        return;
    for (std::size_t at = text.find(agency); at != std::string_view::npos;
         at = text.find(agency, at + agency.size())) {
        const std::size_t end = at + agency.size();
        if (end < text.size() && is_letter(text[end]))
            continue;  // "Reutersfoo"
        std::size_t word_begin = 0;
        const std::size_t word_end = at > 0 && text[at - 1] == ' ' ? at - 1 : at;
        const std::string folded = text::fold_case(word_before(text, word_end, word_begin));
        if (word_end == at || word_begin == word_end)
            continue;
        if (folded == "told" || folded == "to" || folded == "with" || folded == "by")
            credits.spans.push_back({at, end});
    }
}

}  // namespace

bool Credits::covers(std::size_t begin, std::size_t end) const {
    return std::any_of(spans.begin(), spans.end(),
                       [&](const Span& s) { return s.begin <= begin && end <= s.end; });
}

Credits find_credits(std::string_view text, std::string_view agency) {
    Credits credits;
    find_dateline_agency(text, credits);
    find_agency_as_interlocutor(text, credits.agency.empty() ? agency : credits.agency, credits);
    std::size_t from = 0;
    while (true) {
        const std::size_t by = text.find("by ", from);
        if (by == std::string_view::npos)
            break;
        from = by + 3;
        const std::size_t start = credit_start(text, by);
        if (start == std::string_view::npos)
            continue;
        // The credit runs part by part ("; Editing by ...") to a closing
        // parenthesis, a line's end or the text's.
        std::size_t names_begin = by + 3;
        std::size_t end = names_begin;
        while (true) {
            end = text.find_first_of(";)\n", names_begin);
            if (end == std::string_view::npos)
                end = text.size();
            add_people(text.substr(names_begin, end - names_begin), credits.people);
            if (end == text.size() || text[end] != ';')
                break;
            // Another part of the same credit?
            const std::size_t next_by = text.find("by ", end);
            const std::size_t line_end = text.find_first_of(")\n", end);
            if (next_by == std::string_view::npos ||
                (line_end != std::string_view::npos && next_by > line_end) ||
                credit_start(text, next_by) == std::string_view::npos)
                break;
            names_begin = next_by + 3;
        }
        std::size_t span_begin = start;
        std::size_t span_end = end;
        if (start > 0 && text[start - 1] == '(' && end < text.size() && text[end] == ')') {
            --span_begin;
            ++span_end;
        }
        credits.spans.push_back({span_begin, span_end});
        from = std::max(from, span_end);
    }
    std::sort(credits.spans.begin(), credits.spans.end(),
              [](const Credits::Span& a, const Credits::Span& b) { return a.begin < b.begin; });
    return credits;
}

}  // namespace dossier
