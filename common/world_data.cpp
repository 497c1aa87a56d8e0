#include "common/world_data.h"

#include <array>
#include <charconv>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"

namespace dossier {

namespace {

// Calls `line_of(line)` for each line of an embedded file that is neither
// empty nor a '#' comment.
template <class Line>
void for_each_line(std::string_view data, Line line_of) {
    std::size_t start = 0;
    while (start < data.size()) {
        std::size_t end = data.find('\n', start);
        if (end == std::string_view::npos)
            end = data.size();
        const std::string_view line = data.substr(start, end - start);
        start = end + 1;
        if (!line.empty() && line.front() != '#')
            line_of(line);
    }
}

// Calls `row(fields)` for each line of a three-column TSV.
template <class Row>
void for_each_row(std::string_view tsv, Row row) {
    for_each_line(tsv, [&](std::string_view line) {
        std::string_view fields[3];
        std::size_t count = 0;
        std::size_t from = 0;
        while (count < 3) {
            const std::size_t tab = line.find('\t', from);
            fields[count++] = line.substr(from, tab - from);
            if (tab == std::string_view::npos)
                break;
            from = tab + 1;
        }
        if (count == 3)
            row(fields);
    });
}

// Each table is parsed on its first use, apart from the others: the search
// side resolves capitals through the cities when it loads the gazetteer, and
// needs neither the given names nor the words.
const std::unordered_map<std::string, std::string_view>& city_countries() {
    static const auto table = [] {
        std::unordered_map<std::string, std::string_view> out;  // folded city -> country
        for_each_row(world_cities_tsv(), [&](const std::string_view* fields) {
            out.emplace(text::fold_case(fields[0]), fields[1]);
        });
        return out;
    }();
    return table;
}

const std::unordered_map<std::string_view, GivenName>& given_names() {
    static const auto table = [] {
        std::unordered_map<std::string_view, GivenName> out;
        out.reserve(120'000);
        for_each_row(first_names_tsv(), [&](const std::string_view* fields) {
            GivenName name;
            std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), name.births);
            name.is_word = fields[2] == "1";
            out.emplace(fields[0], name);
        });
        return out;
    }();
    return table;
}

const std::unordered_set<std::string_view>& english_words() {
    static const auto table = [] {
        std::unordered_set<std::string_view> out;
        out.reserve(70'000);
        for_each_line(english_words_txt(), [&](std::string_view word) { out.insert(word); });
        return out;
    }();
    return table;
}

}  // namespace

std::string_view country_of_city(std::string_view city) {
    const auto& map = city_countries();
    const auto it = map.find(text::fold_case(city));
    return it == map.end() ? std::string_view() : it->second;
}

const GivenName* given_name(std::string_view word) {
    const auto& map = given_names();
    const auto it = map.find(word);
    return it == map.end() ? nullptr : &it->second;
}

bool is_english_word(std::string_view word) {
    std::array<char, 32> lower{};
    if (word.empty() || word.size() > lower.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return english_words().contains(std::string_view(lower.data(), word.size()));
}

}  // namespace dossier
