// Facts about the world from maintained public data, compiled into the
// binaries (common/data/, whose README.md gives each file's source, licence
// and the script that regenerates it): which country a large city is in
// (GeoNames), which words are given names, and how common (US Social
// Security baby-name statistics, faker's name lists), and which are English
// words (wamerican).
//
// The tables are parsed once, on first use; lookups are thread-safe and
// throw nothing. Returned views point into static storage.
#pragma once

#include <cstdint>
#include <string_view>

namespace dossier {

// The embedded files as they are committed.
std::string_view world_cities_tsv();
std::string_view first_names_tsv();
std::string_view english_words_txt();

// The Dossier country name of the most populous city called `city` (case
// ignored: "TORONTO" gives "Canada"), or an empty view when no city of
// 100,000 people or more, and no capital, has that name.
std::string_view country_of_city(std::string_view city);

struct GivenName {
    std::uint32_t births = 0;  // US births 1880-2024 given this name; 0 for faker's alone
    bool is_word = false;      // also a lower-case English word ("Grant", "May")
};

// The given name spelled `word` as names are written ("Nadim", not "NADIM"
// or "nadim"), or nullptr when neither the US statistics nor faker's
// locales list it (common/data/README.md).
const GivenName* given_name(std::string_view word);

// Whether `word`, in ASCII lower case as written or once lowered
// ("Smith", "smith"), is an English word (Debian's wamerican list): a
// surname that is none ("Federer") says more of a name than one that is.
bool is_english_word(std::string_view word);

}  // namespace dossier
