#include "indexer/actor_annotator.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/dates.h"
#include "common/text.h"
#include "common/world_data.h"

namespace dossier {

namespace {

std::string_view last_word(std::string_view name) {
    const std::size_t space = name.find_last_of(' ');
    return space == std::string_view::npos ? std::string_view() : name.substr(space + 1);
}

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u >= 0x80 || c == '-';
}

// At the start of the text or after a full stop, question or exclamation mark.
bool starts_sentence(std::string_view text, std::size_t at) {
    const std::string_view before = text::trim(text.substr(0, at));
    return before.empty() || before.back() == '.' || before.back() == '?' || before.back() == '!';
}

// News names a person in full once and by surname after ("Nadim Ladki ...
// Ladki said"). Within one article, a surname that only one person named in
// full has (known or detected) names that person: a one-word detected person
// ("Mr Ladki") becomes the full name, and the surname alone, capitalised as a
// whole word outside other matches, is a mention of them.
void attach_surnames(std::vector<std::vector<ActorMatch>>& matches,
                     const std::vector<Passage>& passages) {
    std::unordered_map<std::string, const ActorRef*> full_names;  // surname -> person, or nullptr
    for (const auto& passage_matches : matches) {
        for (const ActorMatch& match : passage_matches) {
            const std::string_view surname = last_word(match.actor.name);
            if (match.actor.type != ActorType::person || surname.size() < 2 ||
                !text::has_lower_case(surname))
                continue;
            const auto [it, fresh] = full_names.try_emplace(std::string(surname), &match.actor);
            if (!fresh && it->second != nullptr && it->second->name != match.actor.name)
                it->second = nullptr;  // two people share it: "Baker"
        }
    }
    std::erase_if(full_names, [](const auto& entry) { return entry.second == nullptr; });
    if (full_names.empty())
        return;
    // Copies: the refs point into `matches`, which grows below.
    std::unordered_map<std::string, ActorRef> people;
    for (const auto& [surname, ref] : full_names)
        people.emplace(surname, *ref);

    for (std::size_t p = 0; p < matches.size(); ++p) {
        std::vector<ActorMatch>& found = matches[p];
        for (ActorMatch& match : found) {
            if (!match.actor.known && match.actor.type == ActorType::person) {
                if (const auto it = people.find(match.actor.name); it != people.end())
                    match.actor = it->second;
            }
        }
        const std::string_view text = passages[p].text;
        const std::size_t matched = found.size();
        for (const auto& [surname, person] : people) {
            const GivenName* given = given_name(surname);
            const bool person_word = given != nullptr && given->is_word;
            for (std::size_t at = text.find(surname); at != std::string_view::npos;
                 at = text.find(surname, at + surname.size())) {
                const std::size_t end = at + surname.size();
                if ((at > 0 && is_word_byte(text[at - 1])) ||
                    (end < text.size() && is_word_byte(text[end])))
                    continue;
                // "Young people ...": a surname that is also a word says
                // nothing at the start of a sentence.
                if (person_word && starts_sentence(text, at))
                    continue;
                const bool inside =
                    std::any_of(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(matched),
                                [&](const ActorMatch& m) { return m.begin < end && at < m.end; });
                if (!inside)
                    found.push_back(ActorMatch{at, end, person});
            }
        }
        if (found.size() != matched) {
            std::stable_sort(
                found.begin(), found.end(),
                [](const ActorMatch& a, const ActorMatch& b) { return a.begin < b.begin; });
        }
    }
}

}  // namespace

std::vector<AnnotatedPassage> annotate_passages(std::vector<Passage> passages,
                                                const ActorGazetteer& gazetteer,
                                                std::optional<int> article_year) {
    std::vector<std::vector<ActorMatch>> matches;
    matches.reserve(passages.size());
    for (const Passage& passage : passages)
        matches.push_back(gazetteer.match(passage.text));
    attach_surnames(matches, passages);

    std::vector<AnnotatedPassage> annotated;
    annotated.reserve(passages.size());
    for (std::size_t p = 0; p < passages.size(); ++p) {
        AnnotatedPassage result;
        // A passage names a handful of actors, so a linear scan keeps them
        // distinct more cheaply than a set would.
        for (ActorMatch& match : matches[p]) {
            if (std::find(result.actors.begin(), result.actors.end(), match.actor) ==
                result.actors.end()) {
                result.actors.push_back(std::move(match.actor));
            }
        }
        result.dates = find_date_mentions(passages[p].text, article_year);
        result.passage = std::move(passages[p]);
        annotated.push_back(std::move(result));
    }
    return annotated;
}

}  // namespace dossier
