#include "common/gazetteer.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <utility>

#include "common/gazetteer_index.h"
#include "common/text.h"
#include "common/world_data.h"

namespace dossier {

using namespace detail;

void ActorGazetteer::Impl::add_phrase(const std::string& written, std::int32_t target,
                                      bool written_form) {
    const EntryKey key = entry_key(written);
    if (key.words == 0)
        return;
    // Written forms override each other in order (the later file wins after a
    // merge); an ALL-CAPS variant never displaces a form someone wrote.
    if (written_form) {
        phrases.insert_or_assign(key.key, target);
    } else if (!phrases.try_emplace(key.key, target).second) {
        return;
    }
    FirstWord& first = first_words[key.first_word];
    first.phrase_words = std::max(first.phrase_words, static_cast<std::uint8_t>(key.words));
}

void ActorGazetteer::Impl::build_index() {
    first_words.clear();
    phrases.clear();
    prefixes.clear();
    titles.clear();
    folded.clear();
    refs.clear();

    for (std::size_t a = 0; a < actors.size(); ++a) {
        const auto index = static_cast<std::int32_t>(a);
        refs.push_back(ActorRef{actors[a].name, actors[a].type, true});
        add_phrase(actors[a].name, index, true);
        for (const std::string& alias : actors[a].aliases)
            add_phrase(alias, index, true);
        for (const std::string& prefix : actors[a].prefixes) {
            const EntryKey key = entry_key(prefix);
            prefixes.insert_or_assign(key.key, index);
            if (text::has_lower_case(prefix)) {
                prefixes.try_emplace(entry_key(text::upper_case(prefix)).key, index);
            }
        }
    }
    for (const std::string& phrase : not_actors)
        add_phrase(phrase, kExcluded, true);

    // "An alias with lower-case letters also matches its ALL-CAPS form" (headlines,
    // bylines). Forms written in capitals stay exact, so "US" never matches "us".
    for (std::size_t a = 0; a < actors.size(); ++a) {
        const auto index = static_cast<std::int32_t>(a);
        if (text::has_lower_case(actors[a].name))
            add_phrase(text::upper_case(actors[a].name), index, false);
        for (const std::string& alias : actors[a].aliases) {
            if (text::has_lower_case(alias))
                add_phrase(text::upper_case(alias), index, false);
        }
    }
    for (const std::string& phrase : not_actors) {
        if (text::has_lower_case(phrase))
            add_phrase(text::upper_case(phrase), kExcluded, false);
    }

    for (const std::string& title : person_titles) {
        const EntryKey key = entry_key(title);
        if (key.words == 0)
            continue;
        titles.insert_or_assign(key.key, !title.empty() && title.back() == '.');
        FirstWord& first = first_words[key.first_word];
        first.title_words = std::max(first.title_words, static_cast<std::uint8_t>(key.words));
    }

    // A country's alias that is one of its cities (a capital) names the
    // country only when the text makes it act ("Tokyo said"), not where it
    // is a place ("talks in Tokyo"): common/world_data.h knows the cities.
    city_aliases.clear();
    for (const Actor& actor : actors) {
        if (actor.type != ActorType::country)
            continue;
        for (const std::string& alias : actor.aliases) {
            if (country_of_city(alias) == actor.name) {
                city_aliases.emplace(entry_key(alias).key, true);
                if (text::has_lower_case(alias))
                    city_aliases.emplace(entry_key(text::upper_case(alias)).key, true);
            }
        }
    }

    // For resolve(): canonical names take precedence over aliases when two
    // differ only by case.
    for (std::size_t a = 0; a < actors.size(); ++a) {
        folded.try_emplace(text::fold_case(entry_key(actors[a].name).key),
                           static_cast<std::int32_t>(a));
    }
    for (std::size_t a = 0; a < actors.size(); ++a) {
        for (const std::string& alias : actors[a].aliases) {
            folded.try_emplace(text::fold_case(entry_key(alias).key), static_cast<std::int32_t>(a));
        }
    }
}

const FirstWord* ActorGazetteer::Impl::Scan::first_word(std::size_t i) {
    const Token& token = tokens[i];
    std::string_view probe = text.substr(token.begin, token.end - token.begin);
    if (!token.plain) {
        word.clear();
        append_key(word, text, token);
        probe = word;
    }
    const auto it = index.first_words.find(probe);
    return it == index.first_words.end() ? nullptr : &it->second;
}

// The entry of `map` that covers the most words from token i on (at most
// `max_words`), and its length in `words`.
template <class Value>
const Value* ActorGazetteer::Impl::Scan::longest(const KeyMap<Value>& map, std::size_t max_words,
                                                 std::size_t i, std::size_t& words) {
    std::array<std::size_t, kMaxWords> key_ends{};
    std::size_t count = 0;
    key.clear();
    for (std::size_t k = i; k < tokens.size() && count < max_words; ++k) {
        if (k > i && !append_separator(key, text, tokens[k - 1], tokens[k]))
            break;
        append_key(key, text, tokens[k]);
        key_ends[count++] = key.size();
    }
    for (std::size_t n = count; n > 0; --n) {
        const auto it = map.find(std::string_view(key).substr(0, key_ends[n - 1]));
        if (it != map.end()) {
            words = n;
            return &it->second;
        }
    }
    return nullptr;
}

const std::int32_t* ActorGazetteer::Impl::Scan::phrase_at(std::size_t i, std::size_t& words) {
    const FirstWord* first = first_word(i);
    if (first == nullptr || first->phrase_words == 0)
        return nullptr;
    return longest(index.phrases, first->phrase_words, i, words);
}

bool ActorGazetteer::Impl::Scan::title_at(std::size_t i, std::size_t& words, bool& dotted) {
    const FirstWord* first = first_word(i);
    if (first == nullptr || first->title_words == 0)
        return false;
    const bool* found = longest(index.titles, first->title_words, i, words);
    if (found != nullptr)
        dotted = *found;
    return found != nullptr;
}

ActorGazetteer::ActorGazetteer() : impl_(std::make_unique<Impl>()) {}
ActorGazetteer::~ActorGazetteer() = default;
ActorGazetteer::ActorGazetteer(ActorGazetteer&&) noexcept = default;
ActorGazetteer& ActorGazetteer::operator=(ActorGazetteer&&) noexcept = default;

namespace {

// Currency words after a country's name. Sorted. Left out: those that are
// also verbs after a subject ("Japan won", "Germany marks", "Israel pounds").
// clang-format off
constexpr std::string_view kCurrencyWords[] = {
    "cents", "crown", "crowns", "currency", "dinar", "dinars", "dlr", "dlrs", "dollar", "dollars",
    "franc", "francs", "guilder", "guilders", "krona", "krone", "kroner", "kronor", "lira",
    "lire", "peseta", "pesetas", "peso", "pesos", "rand", "riyal", "riyals", "rouble", "roubles",
    "ruble", "rubles", "rupee", "rupees", "schilling", "schillings", "shekel", "shekels",
    "sterling", "yen", "yuan"};
// clang-format on
// clang-format on
static_assert(std::is_sorted(std::begin(kCurrencyWords), std::end(kCurrencyWords)));

}  // namespace

// "U.S. dlrs", "Swiss francs", "the Japanese yen": a country's name before a
// currency word names the money, not the country acting.
bool ActorGazetteer::Impl::Scan::names_currency(std::size_t next, std::int32_t target) const {
    if (next >= tokens.size() || index.refs[target].type != ActorType::country ||
        tokens[next].gap_before != Gap::space)
        return false;
    const std::string folded =
        text::fold_case(text.substr(tokens[next].begin, tokens[next].end - tokens[next].begin));
    return std::binary_search(std::begin(kCurrencyWords), std::end(kCurrencyWords), folded);
}

namespace {

// Verbs after a capital that make it act for its government. Sorted.
// clang-format off
constexpr std::string_view kActingVerbs[] = {
    "accused", "accuses", "added", "agreed", "agrees", "announced", "announces", "argued",
    "asked", "backed", "believes", "blamed", "called", "can", "cannot", "claimed", "condemned",
    "could", "criticised", "criticized", "decided", "demanded", "denied", "denies", "did", "does",
    "expects", "expelled", "fears", "had", "has", "have", "hit", "hopes", "imposed", "insisted",
    "insists", "intends", "is", "launched", "may", "might", "must", "needs", "objected",
    "offered", "opposed", "plans", "pledged", "promised", "proposed", "protested", "reacted",
    "refused", "rejected", "rejects", "replied", "responded", "retaliated", "said", "says",
    "seeks", "sees", "sent", "should", "signed", "sought", "spoke", "struck", "suspended",
    "threatened", "told", "urged", "urges", "vowed", "wants", "warned", "warns", "was",
    "welcomed", "will", "would"};
// clang-format on
// clang-format on
static_assert(std::is_sorted(std::begin(kActingVerbs), std::end(kActingVerbs)));

}  // namespace

bool ActorGazetteer::Impl::Scan::is_city_alias(std::size_t i, std::size_t words) {
    if (index.city_aliases.empty())
        return false;
    key.clear();
    for (std::size_t k = i; k < i + words; ++k) {
        if (k > i && !append_separator(key, text, tokens[k - 1], tokens[k]))
            return false;
        append_key(key, text, tokens[k]);
    }
    return index.city_aliases.contains(key);
}

// Whether the capital at tokens [i, i + words) acts: a verb after it
// ("Washington said", "Moscow has"), or it owns something ("Beijing's
// plan").
bool ActorGazetteer::Impl::Scan::acts(std::size_t i, std::size_t words) const {
    const std::size_t last = i + words - 1;
    const std::string_view after = text.substr(tokens[last].end, 4);
    if (after.starts_with("'s") || after.starts_with("\u2019s"))
        return true;
    const std::size_t next = last + 1;
    if (next >= tokens.size() || tokens[next].gap_before != Gap::space)
        return false;
    // Folded: headlines act in capitals too ("PEKING SAYS").
    const std::string verb =
        text::fold_case(text.substr(tokens[next].begin, tokens[next].end - tokens[next].begin));
    return std::binary_search(std::begin(kActingVerbs), std::end(kActingVerbs), verb);
}

std::vector<ActorMatch> ActorGazetteer::match(std::string_view text) const {
    std::vector<ActorMatch> out;
    const std::vector<Token> tokens = tokenize(text);
    Impl::Scan scan{*impl_, text, tokens, {}, {}};
    std::size_t i = 0;
    while (i < tokens.size()) {
        if (const std::size_t next = scan.detect_results_line(i, out); next != i) {
            i = next;
            continue;
        }
        if (const std::size_t next = scan.detect_organisation(i, out); next != i) {
            i = next;
            continue;
        }
        const FirstWord* first = scan.first_word(i);
        std::size_t words = 0;
        if (first != nullptr && first->phrase_words != 0) {
            if (const std::int32_t* target =
                    scan.longest(impl_->phrases, first->phrase_words, i, words)) {
                if (*target != kExcluded && !scan.names_currency(i + words, *target) &&
                    (!scan.is_city_alias(i, words) || scan.acts(i, words))) {
                    out.push_back(ActorMatch{tokens[i].begin, tokens[i + words - 1].end,
                                             impl_->refs[*target]});
                }
                i += words;
                continue;
            }
        }
        if (first != nullptr && first->title_words != 0) {
            if (const bool* dotted = scan.longest(impl_->titles, first->title_words, i, words)) {
                i = scan.detect_titled_person(i + words, *dotted, out);
                continue;
            }
        }
        if (const std::size_t next = scan.detect_named_person(i, out); next != i) {
            i = next;
            continue;
        }
        if (tokens[i].hyphen_after && !impl_->prefixes.empty()) {
            scan.word.clear();
            append_key(scan.word, text, tokens[i]);
            if (const auto it = impl_->prefixes.find(scan.word); it != impl_->prefixes.end()) {
                out.push_back(ActorMatch{tokens[i].begin, tokens[i].end, impl_->refs[it->second]});
            }
        }
        ++i;
    }
    return out;
}

const Actor* ActorGazetteer::resolve(std::string_view name_or_alias) const {
    const std::string key = entry_key(name_or_alias).key;
    if (key.empty())
        return nullptr;
    // The exact spelling first, so that forms differing only by case stay apart.
    if (const auto it = impl_->phrases.find(key); it != impl_->phrases.end()) {
        return it->second == kExcluded ? nullptr : &impl_->actors[it->second];
    }
    const auto it = impl_->folded.find(text::fold_case(key));
    return it == impl_->folded.end() ? nullptr : &impl_->actors[it->second];
}

const std::vector<Actor>& ActorGazetteer::actors() const {
    return impl_->actors;
}

}  // namespace dossier
