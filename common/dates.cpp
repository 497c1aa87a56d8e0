#include "common/dates.h"

#include <array>
#include <cstdio>
#include <initializer_list>

namespace dossier {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

// Years a bare four-digit number may name. Outside this window a number in
// news text is a count ("1500 soldiers"), not a year.
constexpr int kFirstMentionYear = 1800;
constexpr int kLastMentionYear = 2100;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
char lower(char c) {
    return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_folded(std::string_view word, std::string_view lower_case) {
    if (word.size() != lower_case.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(word[i]) != lower_case[i])
            return false;
    }
    return true;
}

// Whether a word must be capitalised to count: in running text "may" and
// "march" are usually not months, in a header line any case is a date.
enum class Letters { any_case, capitalised };

// Length of the blank at `pos` inside a line (space, tab, U+00A0), or 0.
std::size_t blank_length(std::string_view s, std::size_t pos) {
    if (pos >= s.size())
        return 0;
    if (s[pos] == ' ' || s[pos] == '\t')
        return 1;
    if (s[pos] == '\xC2' && pos + 1 < s.size() && s[pos + 1] == '\xA0')
        return 2;
    return 0;
}

std::size_t skip_blanks(std::string_view s, std::size_t pos) {
    while (std::size_t n = blank_length(s, pos))
        pos += n;
    return pos;
}

std::size_t end_of_letters(std::string_view s, std::size_t pos) {
    while (pos < s.size() && is_alpha(s[pos]))
        ++pos;
    return pos;
}

std::size_t end_of_digits(std::string_view s, std::size_t pos) {
    while (pos < s.size() && is_digit(s[pos]))
        ++pos;
    return pos;
}

int digits_value(std::string_view s, std::size_t begin, std::size_t end) {
    int value = 0;
    for (std::size_t i = begin; i < end; ++i)
        value = value * 10 + (s[i] - '0');
    return value;
}

// A token read from the text: its value and the offset just after it.
template <typename T>
struct Read {
    T value;
    std::size_t end = 0;
};

// A calendar name at `pos`, full or abbreviated to three letters (or one of
// `extra` abbreviations, each with the index it stands for), with an
// optional dot after an abbreviation: the index into `names`.
struct ExtraAbbreviation {
    std::string_view form;
    unsigned index;
};
std::optional<Read<unsigned>> read_calendar_name(std::string_view s, std::size_t pos,
                                                 Letters letters, const std::string_view* names,
                                                 unsigned count,
                                                 std::initializer_list<ExtraAbbreviation> extra) {
    const std::size_t end = end_of_letters(s, pos);
    if (end == pos || (end < s.size() && is_digit(s[end])))
        return std::nullopt;
    if (letters == Letters::capitalised && !is_upper(s[pos]))
        return std::nullopt;
    const std::string_view word = s.substr(pos, end - pos);
    for (unsigned i = 0; i < count; ++i) {
        const bool full = equals_folded(word, names[i]);
        bool abbreviated = !full && equals_folded(word, names[i].substr(0, 3));
        for (const ExtraAbbreviation& e : extra) {
            abbreviated = abbreviated || (!full && e.index == i && equals_folded(word, e.form));
        }
        if (full || abbreviated) {
            std::size_t after = end;
            if (abbreviated && after < s.size() && s[after] == '.')
                ++after;
            return Read<unsigned>{i, after};
        }
    }
    return std::nullopt;
}

// "June", "jun", "Jun.", "Sept." -> 6 or 9.
std::optional<Read<unsigned>> read_month(std::string_view s, std::size_t pos, Letters letters) {
    static constexpr std::array<std::string_view, 12> kNames = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    auto read = read_calendar_name(s, pos, letters, kNames.data(), kNames.size(), {{"sept", 8}});
    if (read)
        ++read->value;  // months count from 1
    return read;
}

// "Tuesday", "Tue", "Tues.", "thurs" -> the weekday.
std::optional<Read<std::chrono::weekday>> read_weekday(std::string_view s, std::size_t pos,
                                                       Letters letters) {
    // Indexed by std::chrono::weekday's encoding: 0 = Sunday.
    static constexpr std::array<std::string_view, 7> kNames = {
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    const auto read = read_calendar_name(s, pos, letters, kNames.data(), kNames.size(),
                                         {{"tues", 2}, {"thur", 4}, {"thurs", 4}});
    if (!read)
        return std::nullopt;
    return Read<std::chrono::weekday>{std::chrono::weekday{read->value}, read->end};
}

// A day of the month: one or two digits with an optional ordinal suffix ("9", "24th").
std::optional<Read<unsigned>> read_day(std::string_view s, std::size_t pos) {
    const std::size_t end = end_of_digits(s, pos);
    if (end == pos || end - pos > 2)
        return std::nullopt;
    const int value = digits_value(s, pos, end);
    if (value < 1 || value > 31)
        return std::nullopt;
    std::size_t after = end;
    const std::size_t letters_end = end_of_letters(s, end);
    if (letters_end != end) {
        const std::string_view suffix = s.substr(end, letters_end - end);
        if (!equals_folded(suffix, "st") && !equals_folded(suffix, "nd") &&
            !equals_folded(suffix, "rd") && !equals_folded(suffix, "th")) {
            return std::nullopt;  // "9am", "24x7"
        }
        after = letters_end;
    }
    return Read<unsigned>{static_cast<unsigned>(value), after};
}

// What follows a four-digit number decides whether it can be a year: not a
// percentage, a decimal, a thousands group, a time, a longer word or a
// quantity ("2024 million").
bool ends_like_a_year(std::string_view s, std::size_t end) {
    if (end >= s.size())
        return true;
    const char next = s[end];
    if (is_alnum(next) || next == '%')
        return false;
    if ((next == '.' || next == ',' || next == ':') && end + 1 < s.size() && is_digit(s[end + 1])) {
        return false;
    }
    // A dash or slash may open a range ("2006-2012", "2006-07"); any other
    // number after it makes this a phone number or a code ("2024-5555").
    for (const std::string_view dash : {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94"}) {
        if (s.substr(end, dash.size()) != dash)
            continue;
        const std::size_t digits_begin = end + dash.size();
        const std::size_t digits_end = end_of_digits(s, digits_begin);
        const std::size_t length = digits_end - digits_begin;
        if (length == 0 || length == 2)
            continue;
        const int other = length == 4 ? digits_value(s, digits_begin, digits_end) : 0;
        if (other < kFirstMentionYear || other > kLastMentionYear)
            return false;
    }
    const std::size_t word_begin = skip_blanks(s, end);
    if (word_begin == end)
        return true;
    const std::size_t word_end = end_of_letters(s, word_begin);
    const std::string_view word = s.substr(word_begin, word_end - word_begin);
    static constexpr std::array<std::string_view, 8> kQuantities = {
        "hundred", "thousand", "million", "billion", "trillion", "percent", "bn", "mn"};
    for (const std::string_view quantity : kQuantities) {
        if (equals_folded(word, quantity))
            return false;
    }
    if (word_begin < s.size() && s[word_begin] == '%')
        return false;
    if (equals_folded(word, "per") && s.substr(word_end, 4) == " cen")
        return false;
    return true;
}

// Four digits at `pos` naming a year in [first, last], ending like a year.
std::optional<Read<int>> read_year(std::string_view s, std::size_t pos, int first, int last) {
    const std::size_t end = end_of_digits(s, pos);
    if (end - pos != 4)
        return std::nullopt;
    const int value = digits_value(s, pos, end);
    if (value < first || value > last || !ends_like_a_year(s, end))
        return std::nullopt;
    return Read<int>{value, end};
}

bool day_exists(unsigned month_number, unsigned day_number, std::optional<int> year_number) {
    if (month_number < 1 || month_number > 12 || day_number < 1)
        return false;
    // Without a year, February 29 exists: 2000 is a leap year.
    const int y = year_number.value_or(2000);
    return year_month_day{year{y}, month{month_number}, day{day_number}}.ok();
}

// A calendar date as text writes it, year optional: "June 24, 2020",
// "24th of June 2020", "April 9", "June 2020" (day 0).
struct TextDate {
    std::size_t end = 0;
    unsigned month = 0;
    unsigned day = 0;
    std::optional<int> year;
};

// After a day or month: an optional comma, blanks, and a year.
std::optional<Read<int>> read_trailing_year(std::string_view s, std::size_t pos, int first,
                                            int last) {
    if (pos < s.size() && s[pos] == ',')
        ++pos;
    const std::size_t year_begin = skip_blanks(s, pos);
    if (year_begin == pos)
        return std::nullopt;
    return read_year(s, year_begin, first, last);
}

// "June 24, 2020", "June 24", "June 2020" starting at a month name.
std::optional<TextDate> read_month_first(std::string_view s, std::size_t pos, Letters letters,
                                         int first_year, int last_year) {
    const auto month_read = read_month(s, pos, letters);
    if (!month_read)
        return std::nullopt;
    const std::size_t after_month = skip_blanks(s, month_read->end);
    if (after_month == month_read->end)
        return std::nullopt;
    if (const auto day_read = read_day(s, after_month)) {
        TextDate date{day_read->end, month_read->value, day_read->value, std::nullopt};
        if (const auto year_read = read_trailing_year(s, day_read->end, first_year, last_year)) {
            date.year = year_read->value;
            date.end = year_read->end;
        }
        return date;
    }
    if (const auto year_read = read_year(s, after_month, first_year, last_year)) {
        return TextDate{year_read->end, month_read->value, 0, year_read->value};
    }
    return std::nullopt;
}

// "24 June 2020", "24th of June, 2020", "9 April" starting at the day.
std::optional<TextDate> read_day_first(std::string_view s, std::size_t pos, Letters letters,
                                       int first_year, int last_year) {
    const auto day_read = read_day(s, pos);
    if (!day_read)
        return std::nullopt;
    std::size_t month_begin = skip_blanks(s, day_read->end);
    if (month_begin == day_read->end)
        return std::nullopt;
    const std::size_t of_end = end_of_letters(s, month_begin);
    if (equals_folded(s.substr(month_begin, of_end - month_begin), "of")) {
        month_begin = skip_blanks(s, of_end);
        if (month_begin == of_end)
            return std::nullopt;
    }
    const auto month_read = read_month(s, month_begin, letters);
    if (!month_read)
        return std::nullopt;
    TextDate date{month_read->end, month_read->value, day_read->value, std::nullopt};
    if (const auto year_read = read_trailing_year(s, month_read->end, first_year, last_year)) {
        date.year = year_read->value;
        date.end = year_read->end;
    }
    return date;
}

std::optional<TextDate> read_text_date(std::string_view s, std::size_t pos, Letters letters,
                                       int first_year, int last_year) {
    if (pos >= s.size())
        return std::nullopt;
    auto date = is_digit(s[pos]) ? read_day_first(s, pos, letters, first_year, last_year)
                                 : read_month_first(s, pos, letters, first_year, last_year);
    if (!date)
        return std::nullopt;
    if (date->day != 0 && !day_exists(date->month, date->day, date->year))
        return std::nullopt;
    return date;
}

// "2024-12-10" (or with '/') at `pos`; the end offset is just after the day.
std::optional<Read<CivilDate>> read_numeric_date(std::string_view s, std::size_t pos) {
    if (s.size() < pos + 10)
        return std::nullopt;
    const std::string_view d = s.substr(pos, 10);
    const char separator = d[4];
    if ((separator != '-' && separator != '/') || d[7] != separator)
        return std::nullopt;
    for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!is_digit(d[i]))
            return std::nullopt;
    }
    if (pos + 10 < s.size() && is_digit(s[pos + 10]))
        return std::nullopt;
    const int y = digits_value(d, 0, 4);
    const auto m = static_cast<unsigned>(digits_value(d, 5, 7));
    const auto dd = static_cast<unsigned>(digits_value(d, 8, 10));
    if (!day_exists(m, dd, y))
        return std::nullopt;
    return Read<CivilDate>{CivilDate{y, m, dd}, pos + 10};
}

bool weekday_matches(std::chrono::weekday weekday, int y, unsigned m, unsigned d) {
    return std::chrono::weekday{std::chrono::sys_days{year{y} / month{m} / day{d}}} == weekday;
}

// Punctuation that may surround a header date: "| December 10, 2024 |".
std::size_t frame_length_at(std::string_view s, std::size_t pos) {
    if (const std::size_t n = blank_length(s, pos))
        return n;
    const char c = s[pos];
    if (c == '|' || c == '-' || c == ',' || c == ';' || c == ':' || c == '/' || c == '\r' ||
        c == '\n' || c == '*' || c == '(' || c == ')' || c == '[' || c == ']') {
        return 1;
    }
    // U+2013 en dash, U+2014 em dash, U+2022 bullet, U+00B7 middle dot.
    for (const std::string_view mark :
         {"\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA2", "\xC2\xB7"}) {
        if (s.substr(pos, mark.size()) == mark)
            return mark.size();
    }
    return 0;
}

std::string_view strip_frame(std::string_view s) {
    while (!s.empty()) {
        const std::size_t n = frame_length_at(s, 0);
        if (n == 0)
            break;
        s.remove_prefix(n);
    }
    // From the end, a frame mark is at most three bytes long.
    for (bool stripped = true; stripped && !s.empty();) {
        stripped = false;
        for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n) {
            if (frame_length_at(s, s.size() - n) == n) {
                s.remove_suffix(n);
                stripped = true;
                break;
            }
        }
    }
    return s;
}

// The previous code point before `pos` when it is one of `marks`.
bool preceded_by_any(std::string_view s, std::size_t pos,
                     std::initializer_list<std::string_view> marks) {
    for (const std::string_view mark : marks) {
        if (pos >= mark.size() && s.substr(pos - mark.size(), mark.size()) == mark)
            return true;
    }
    return false;
}

// Length of the blank just before `pos` (space, tab, U+00A0), or 0.
std::size_t blank_length_before(std::string_view s, std::size_t pos) {
    if (pos >= 1 && (s[pos - 1] == ' ' || s[pos - 1] == '\t'))
        return 1;
    return preceded_by_any(s, pos, {"\xC2\xA0"}) ? 2 : 0;
}

// Whether the text before the four digits at `pos` lets them be a year: not a
// price ("$2024"), not the tail of a number ("12,2024", "0.2024", "555 2024",
// "10-2024"), not glued to a word ("A2024"); "mid-2020" and "(2024)" are fine.
bool starts_like_a_year(std::string_view s, std::size_t pos) {
    if (pos == 0)
        return true;
    const char previous = s[pos - 1];
    if (is_alnum(previous) || previous == '#' || previous == '+')
        return false;
    // $ £ € ¥ ₹ ₽ ₩, directly or across one blank.
    const std::initializer_list<std::string_view> currencies = {
        "$",           "\xC2\xA3", "\xE2\x82\xAC", "\xC2\xA5", "\xE2\x82\xB9", "\xE2\x82\xBD",
        "\xE2\x82\xA9"};
    if (preceded_by_any(s, pos, currencies))
        return false;
    if (const std::size_t blank = blank_length_before(s, pos)) {
        const std::size_t before = pos - blank;
        if (preceded_by_any(s, before, currencies))
            return false;
        if (before > 0 && is_digit(s[before - 1]))
            return false;  // "555 2024"
        return true;
    }
    if (previous == '.' || previous == ',' || previous == ':') {
        return !(pos >= 2 && is_digit(s[pos - 2]));
    }
    const bool dash = previous == '-' || previous == '/' ||
                      preceded_by_any(s, pos, {"\xE2\x80\x93", "\xE2\x80\x94"});
    if (dash) {
        // A range's second year is read together with its first one; here a
        // dash after digits is a phone number or a reference ("10-2024"), and
        // after a lower-case prefix it is "mid-2020", "pre-2014".
        const std::size_t dash_length = previous == '-' || previous == '/' ? 1 : 3;
        std::size_t begin = pos - dash_length;
        const std::size_t prefix_end = begin;
        while (begin > 0 && s[begin - 1] >= 'a' && s[begin - 1] <= 'z')
            --begin;
        if (begin == prefix_end || previous != '-')
            return false;
        return begin == 0 || !is_alnum(s[begin - 1]);
    }
    return true;
}

// After a year at `end`: a dash and another year makes a range ("2006-2012",
// "2006–2012"); returns where the second year starts.
std::optional<std::size_t> range_second_year_at(std::string_view s, std::size_t end) {
    for (const std::string_view dash : {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94"}) {
        if (s.substr(end, dash.size()) == dash)
            return end + dash.size();
    }
    return std::nullopt;
}

}  // namespace

std::string CivilDate::iso() const {
    char buffer[32];
    if (month == 0) {
        std::snprintf(buffer, sizeof buffer, "%04d", year);
    } else if (day == 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u", year, month);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year, month, day);
    }
    return buffer;
}

std::string CivilDate::yyyymmdd() const {
    if (!has_month() || !has_day() || year < 0 || year > 9999)
        return {};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", year, month, day);
    return buffer;
}

std::optional<CivilDate> parse_header_date(std::string_view line) {
    const std::string_view s = strip_frame(line);
    if (s.empty())
        return std::nullopt;
    if (const auto numeric = read_numeric_date(s, 0)) {
        if (numeric->end == s.size())
            return numeric->value;
        return std::nullopt;
    }
    std::size_t pos = 0;
    std::optional<std::chrono::weekday> weekday;
    if (const auto weekday_read = read_weekday(s, 0, Letters::any_case)) {
        weekday = weekday_read->value;
        pos = weekday_read->end;
        if (pos < s.size() && s[pos] == ',')
            ++pos;
        const std::size_t date_begin = skip_blanks(s, pos);
        if (date_begin == pos)
            return std::nullopt;
        pos = date_begin;
    }
    const auto date = read_text_date(s, pos, Letters::any_case, 1000, 9999);
    if (!date || !date->year || date->day == 0 || date->end != s.size())
        return std::nullopt;
    if (weekday && !weekday_matches(*weekday, *date->year, date->month, date->day)) {
        return std::nullopt;
    }
    return CivilDate{*date->year, date->month, date->day};
}

std::optional<CivilDate> parse_iso_date(std::string_view value) {
    std::size_t begin = 0;
    std::size_t end = value.size();
    while (begin < end && (value[begin] == ' ' || value[begin] == '\t'))
        ++begin;
    while (end > begin && (value[end - 1] == ' ' || value[end - 1] == '\t'))
        --end;
    const std::string_view s = value.substr(begin, end - begin);

    if (end_of_digits(s, 0) != 4)
        return std::nullopt;
    const int y = digits_value(s, 0, 4);
    if (s.size() == 4)
        return CivilDate{y, 0, 0};
    if (s.size() == 7 && s[4] == '-' && end_of_digits(s, 5) == 7) {
        const auto m = static_cast<unsigned>(digits_value(s, 5, 7));
        if (m < 1 || m > 12)
            return std::nullopt;
        return CivilDate{y, m, 0};
    }
    if (s.size() < 10 || s[4] != '-')
        return std::nullopt;
    const auto date = read_numeric_date(s, 0);
    if (!date)
        return std::nullopt;
    if (s.size() == 10)
        return date->value;
    // A time of day follows: "T18:42:00-04:00", "T15:01:01", " 18:42:00.5Z".
    // The calendar day stays as written, so the time is only checked for shape.
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return std::nullopt;
    const std::string_view time = s.substr(11);
    if (time.size() < 5 || end_of_digits(time, 0) != 2 || time[2] != ':' ||
        end_of_digits(time, 3) != 5) {
        return std::nullopt;
    }
    for (const char c : time) {
        if (!is_digit(c) && c != ':' && c != '.' && c != '+' && c != '-' && c != 'Z' && c != 'z') {
            return std::nullopt;
        }
    }
    return date->value;
}

std::optional<LeadDate> find_lead_date(std::string_view sentence) {
    std::size_t pos = skip_blanks(sentence, 0);
    const std::size_t on_end = end_of_letters(sentence, pos);
    if (equals_folded(sentence.substr(pos, on_end - pos), "on")) {
        pos = skip_blanks(sentence, on_end);
        if (pos == on_end)
            return std::nullopt;
    }
    LeadDate lead;
    if (const auto weekday_read = read_weekday(sentence, pos, Letters::any_case)) {
        lead.weekday = weekday_read->value;
        pos = weekday_read->end;
        if (pos < sentence.size() && sentence[pos] == ',')
            ++pos;
        const std::size_t after = skip_blanks(sentence, pos);
        if (after < sentence.size() && sentence[after] == '(') {
            pos = skip_blanks(sentence, after + 1);  // "Tuesday (April 9)"
        } else if (after == pos) {
            return std::nullopt;
        } else {
            pos = after;
        }
    }
    const auto date = read_text_date(sentence, pos, Letters::capitalised, 1000, 9999);
    if (!date || date->day == 0)
        return std::nullopt;
    if (lead.weekday && date->year &&
        !weekday_matches(*lead.weekday, *date->year, date->month, date->day)) {
        return std::nullopt;
    }
    lead.month = date->month;
    lead.day = date->day;
    lead.year = date->year;
    return lead;
}

std::optional<int> resolve_weekday_year(unsigned month_number, unsigned day_number,
                                        std::chrono::weekday weekday, const CivilDate& today,
                                        const std::vector<int>& named_years) {
    if (!day_exists(month_number, day_number, std::nullopt) || !weekday.ok())
        return std::nullopt;
    // A today without month or day counts as the end of its year or month.
    const unsigned today_month = today.has_month() ? today.month : 12;
    const unsigned today_day = today.has_day() ? today.day : 31;
    const auto fits = [&](int y) {
        if (y < -32767 || y > 32767 || !day_exists(month_number, day_number, y))
            return false;
        if (y > today.year)
            return false;
        if (y == today.year && (month_number > today_month ||
                                (month_number == today_month && day_number > today_day))) {
            return false;
        }
        return weekday_matches(weekday, y, month_number, day_number);
    };
    std::optional<int> best;
    for (const int y : named_years) {
        if (fits(y) && (!best || y > *best))
            best = y;
    }
    if (best)
        return best;
    // Weekdays repeat every 400 years, so a fitting year exists in that window
    // (February 29 included).
    for (int y = today.year; y > today.year - 400; --y) {
        if (fits(y))
            return y;
    }
    return std::nullopt;
}

std::vector<DateMention> find_date_mentions(std::string_view text,
                                            std::optional<int> context_year) {
    std::vector<DateMention> mentions;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const bool token_start = pos == 0 || !is_alnum(text[pos - 1]);
        if (!token_start || !is_alnum(text[pos])) {
            ++pos;
            continue;
        }
        if (is_alpha(text[pos])) {
            const auto date = read_month_first(text, pos, Letters::capitalised, kFirstMentionYear,
                                               kLastMentionYear);
            if (date && (date->day == 0 || day_exists(date->month, date->day, date->year))) {
                const std::optional<int> y = date->year ? date->year : context_year;
                if (y && (date->day == 0 || day_exists(date->month, date->day, y))) {
                    mentions.push_back({pos, date->end, CivilDate{*y, date->month, date->day}});
                }
                pos = date->end;
            } else {
                pos = end_of_letters(text, pos);
            }
            continue;
        }
        const std::size_t digits_end = end_of_digits(text, pos);
        if (digits_end - pos <= 2) {
            const auto date = read_text_date(text, pos, Letters::capitalised, kFirstMentionYear,
                                             kLastMentionYear);
            if (date) {
                const std::optional<int> y = date->year ? date->year : context_year;
                if (y && day_exists(date->month, date->day, y)) {
                    mentions.push_back({pos, date->end, CivilDate{*y, date->month, date->day}});
                }
                pos = date->end;
                continue;
            }
        } else if (digits_end - pos == 4 && starts_like_a_year(text, pos)) {
            if (const auto numeric = read_numeric_date(text, pos)) {
                const int y = numeric->value.year;
                if (y >= kFirstMentionYear && y <= kLastMentionYear &&
                    (numeric->end == text.size() || !is_alnum(text[numeric->end]))) {
                    mentions.push_back({pos, numeric->end, numeric->value});
                    pos = numeric->end;
                    continue;
                }
            }
            if (const auto first = read_year(text, pos, kFirstMentionYear, kLastMentionYear)) {
                mentions.push_back({pos, first->end, CivilDate{first->value, 0, 0}});
                pos = first->end;
                if (const auto second_begin = range_second_year_at(text, first->end)) {
                    if (const auto second =
                            read_year(text, *second_begin, kFirstMentionYear, kLastMentionYear)) {
                        mentions.push_back(
                            {*second_begin, second->end, CivilDate{second->value, 0, 0}});
                        pos = second->end;
                    }
                }
                continue;
            }
        }
        pos = digits_end;
    }
    return mentions;
}

std::vector<int> find_named_years(std::string_view text) {
    std::vector<int> years;
    for (const DateMention& mention : find_date_mentions(text)) {
        bool seen = false;
        for (const int y : years)
            seen = seen || y == mention.date.year;
        if (!seen)
            years.push_back(mention.date.year);
    }
    return years;
}

CivilDate today_utc() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const year_month_day ymd{now};
    return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day())};
}

}  // namespace dossier
