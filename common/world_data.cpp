#include "common/world_data.h"

#include <array>
#include <charconv>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"

namespace dossier {

namespace {

// Calls `row(fields)` for each line of a TSV that is not a '#' comment.
template <class Row>
void for_each_row(std::string_view tsv, Row row) {
    std::size_t start = 0;
    while (start < tsv.size()) {
        std::size_t end = tsv.find('\n', start);
        if (end == std::string_view::npos)
            end = tsv.size();
        const std::string_view line = tsv.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line.front() == '#')
            continue;
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
    }
}

struct Tables {
    std::unordered_map<std::string, std::string_view> city_countries;  // folded city -> country
    std::unordered_map<std::string_view, GivenName> given_names;
    std::unordered_set<std::string_view> english_words;

    Tables() {
        for_each_row(world_cities_tsv(), [&](const std::string_view* fields) {
            city_countries.emplace(text::fold_case(fields[0]), fields[1]);
        });
        given_names.reserve(120'000);
        for_each_row(first_names_tsv(), [&](const std::string_view* fields) {
            GivenName name;
            std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), name.births);
            name.is_word = fields[2] == "1";
            given_names.emplace(fields[0], name);
        });
        const std::string_view words = english_words_txt();
        english_words.reserve(70'000);
        for (std::size_t start = 0; start < words.size();) {
            std::size_t end = words.find('\n', start);
            if (end == std::string_view::npos)
                end = words.size();
            if (end > start && words[start] != '#')
                english_words.insert(words.substr(start, end - start));
            start = end + 1;
        }
    }
};

const Tables& tables() {
    static const Tables instance;
    return instance;
}

}  // namespace

std::string_view country_of_city(std::string_view city) {
    const auto& map = tables().city_countries;
    const auto it = map.find(text::fold_case(city));
    return it == map.end() ? std::string_view() : it->second;
}

const GivenName* given_name(std::string_view word) {
    const auto& map = tables().given_names;
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
    return tables().english_words.contains(std::string_view(lower.data(), word.size()));
}

}  // namespace dossier
