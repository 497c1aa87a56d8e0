// The gazetteer's phrase index, shared by the matcher (gazetteer.cpp), the
// loader (gazetteer_loader.cpp) and the person-name patterns
// (person_names.cpp). Internal to common/: the public interface is
// gazetteer.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/gazetteer.h"
#include "common/gazetteer_tokens.h"

namespace dossier {

namespace detail {

// Hash maps keyed by std::string that can be probed with a std::string_view, so
// that looking up a word of the text copies nothing.
struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
        return std::hash<std::string_view>{}(key);
    }
};
template <class Value>
using KeyMap = std::unordered_map<std::string, Value, KeyHash, std::equal_to<>>;

// Whether a capitalised word starts no name: a function word, a day or a
// month, a verb of headlines ("Says"); any case (person_names.cpp).
bool is_common_word(std::string_view word);

constexpr std::int32_t kExcluded = -1;  // a not_actors phrase: matched, then dropped

// How long the entries starting with a word can be: bounds the look-ahead.
struct FirstWord {
    std::uint8_t phrase_words = 0;
    std::uint8_t title_words = 0;
};
}  // namespace detail

// The index is a handful of hash maps from word-sequence keys, built once per
// load or merge. Matching tokenizes the text once and, at each word, probes
// `first_words` with that word alone (a view into the text, no copy): nearly all
// words miss and cost one hash lookup. Only words that start some entry build the
// keys of the next few words into one reused buffer, longest first, so longest
// match costs at most `phrase_words` lookups. A trie would save little over this
// for entries of one to three words and would scatter the gazetteer over many
// small allocations; a regex alternation of thousands of aliases is far slower.
struct ActorGazetteer::Impl {
    template <class Value>
    using KeyMap = detail::KeyMap<Value>;
    using FirstWord = detail::FirstWord;
    using Token = detail::Token;

    std::vector<Actor> actors;
    std::vector<std::string> person_titles;
    std::vector<std::string> not_actors;

    KeyMap<FirstWord> first_words;
    KeyMap<std::int32_t> phrases;   // key -> actor index, or kExcluded
    KeyMap<std::int32_t> prefixes;  // "Sino" -> actor index
    KeyMap<bool> titles;            // key -> written with a final dot ("Mr.")
    KeyMap<std::int32_t> folded;    // lower-case key of a name or alias -> actor index
    KeyMap<bool> city_aliases;      // keys of a country's aliases that are its cities ("Tokyo")
    std::vector<ActorRef> refs;     // one per actor, copied into matches

    void build_index();
    void add_phrase(const std::string& written, std::int32_t target, bool written_form);

    // Matching state for one text.
    struct Scan {
        const Impl& index;
        std::string_view text;
        const std::vector<Token>& tokens;
        std::string key;  // reused for keys of several words
        std::string word;

        const FirstWord* first_word(std::size_t i);
        template <class Value>
        const Value* longest(const KeyMap<Value>& map, std::size_t max_words, std::size_t i,
                             std::size_t& words);
        const std::int32_t* phrase_at(std::size_t i, std::size_t& words);
        bool title_at(std::size_t i, std::size_t& words, bool& dotted);
        bool names_currency(std::size_t next, std::int32_t target) const;
        bool is_city_alias(std::size_t i, std::size_t words);
        bool acts(std::size_t i, std::size_t words) const;
        // The person-name patterns (person_names.cpp).
        std::size_t detect_titled_person(std::size_t i, bool dotted_title,
                                         std::vector<ActorMatch>& out);
        std::size_t detect_named_person(std::size_t i, std::vector<ActorMatch>& out);
        std::size_t name_run(std::size_t i, bool& known_person);
        std::string_view spelling(std::size_t i) const;
        // The text between token k - 1 and token k (k > 0).
        std::string_view gap_text(std::size_t k) const;
        std::size_t emit_person(std::size_t i, std::size_t count,
                                std::vector<ActorMatch>& out) const;
        bool cue_before(std::size_t i) const;
        bool comma_ahead(std::size_t i) const;
        bool cue_after(std::size_t last) const;
        bool organisation_follows(std::size_t last) const;
        // The organisation-name patterns (organisation_names.cpp).
        std::size_t detect_organisation(std::size_t i, std::vector<ActorMatch>& out);
        std::size_t detect_results_line(std::size_t i, std::vector<ActorMatch>& out);
        std::size_t team_before_score(std::size_t from) const;
    };
};

}  // namespace dossier
