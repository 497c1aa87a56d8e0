#include "indexer/actor_annotator.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/dates.h"
#include "common/text.h"
#include "common/world_data.h"
#include "indexer/credits.h"

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

// The acronym a text gives right after a name: "Football Association (FA)".
std::string_view defined_acronym(std::string_view text, std::size_t name_end) {
    std::size_t at = name_end;
    while (at < text.size() && text[at] == ' ')
        ++at;
    if (at >= text.size() || text[at] != '(')
        return {};
    const std::size_t close = text.find(')', at);
    if (close == std::string_view::npos || close - at - 1 < 2 || close - at - 1 > 10)
        return {};
    const std::string_view inner = text.substr(at + 1, close - at - 1);
    const bool acronym = std::all_of(inner.begin(), inner.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&' || c == '.';
    });
    return acronym && inner.front() >= 'A' && inner.front() <= 'Z' ? inner : std::string_view();
}

// Which actor of an article owns each short form: none when two actors
// share it ("Baker" of James Baker and Howard Baker).
class ShortFormOwners {
  public:
    void claim(std::string_view form, const ActorRef& actor) {
        const auto [it, fresh] = owners_.try_emplace(std::string(form), &actor);
        if (!fresh && it->second != nullptr && it->second->name != actor.name)
            it->second = nullptr;
    }
    // Copies: the claimed refs point into matches that grow after this.
    std::unordered_map<std::string, ActorRef> sole_owners() const {
        std::unordered_map<std::string, ActorRef> out;
        for (const auto& [form, ref] : owners_) {
            if (ref != nullptr)
                out.emplace(form, *ref);
        }
        return out;
    }

  private:
    std::unordered_map<std::string, const ActorRef*> owners_;
};

// News names an actor in full once and by a short form after: a person by
// surname ("Nadim Ladki ... Ladki said"), an organisation by the acronym it
// defines ("the Football Association (FA) ... the FA said"). Within one
// article, a short form that only one actor has names that actor: a one-word
// detected person ("Mr Ladki") becomes the full name, and the short form
// alone, as a whole word outside other matches, is a mention. A surname that
// is also an English word does not count at the start of a sentence ("Young
// people"), and an acronym the gazetteer gives someone else stays theirs.
void attach_short_forms(std::vector<std::vector<ActorMatch>>& matches,
                        const std::vector<Passage>& passages, const ActorGazetteer& gazetteer) {
    ShortFormOwners forms;
    // A one-word detected person may also be a first name ("Sir Alex"), when
    // one person of the article has it; unlike a surname, it names nobody
    // alone in the text.
    ShortFormOwners firsts;
    for (std::size_t p = 0; p < matches.size(); ++p) {
        for (const ActorMatch& match : matches[p]) {
            if (match.actor.type == ActorType::person) {
                const std::string_view name = match.actor.name;
                const std::string_view surname = last_word(name);
                if (surname.size() >= 2 && text::has_lower_case(surname))
                    forms.claim(surname, match.actor);
                if (const std::size_t space = name.find(' '); space != std::string_view::npos)
                    firsts.claim(name.substr(0, space), match.actor);
            } else if (match.actor.type == ActorType::organisation) {
                const std::string_view acronym = defined_acronym(passages[p].text, match.end);
                if (!acronym.empty() && gazetteer.resolve(acronym) == nullptr)
                    forms.claim(acronym, match.actor);
            }
        }
    }
    const std::unordered_map<std::string, ActorRef> short_forms = forms.sole_owners();
    const std::unordered_map<std::string, ActorRef> first_names = firsts.sole_owners();
    if (short_forms.empty() && first_names.empty())
        return;

    for (std::size_t p = 0; p < matches.size(); ++p) {
        std::vector<ActorMatch>& found = matches[p];
        for (ActorMatch& match : found) {
            if (!match.actor.known && match.actor.type == ActorType::person) {
                if (const auto it = short_forms.find(match.actor.name); it != short_forms.end())
                    match.actor = it->second;
                else if (const auto first = first_names.find(match.actor.name);
                         first != first_names.end())
                    match.actor = first->second;  // "Sir Alex": Alex Ferguson
            }
        }
        const std::string_view text = passages[p].text;
        const std::size_t matched = found.size();
        for (const auto& [form, actor] : short_forms) {
            const GivenName* given = given_name(form);
            const bool also_a_word = given != nullptr && given->is_word;
            for (std::size_t at = text.find(form); at != std::string_view::npos;
                 at = text.find(form, at + form.size())) {
                const std::size_t end = at + form.size();
                if ((at > 0 && is_word_byte(text[at - 1])) ||
                    (end < text.size() && is_word_byte(text[end])))
                    continue;
                if (also_a_word && starts_sentence(text, at))
                    continue;
                const bool inside =
                    std::any_of(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(matched),
                                [&](const ActorMatch& m) { return m.begin < end && at < m.end; });
                if (!inside)
                    found.push_back(ActorMatch{at, end, actor});
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
                                                std::optional<int> article_year,
                                                std::vector<std::string>* credited_people) {
    std::vector<std::vector<ActorMatch>> matches;
    matches.reserve(passages.size());
    std::string agency;  // of the dateline, in the first passage
    for (const Passage& passage : passages) {
        std::vector<ActorMatch> found = gazetteer.match(passage.text);
        const Credits credits = find_credits(passage.text, agency);
        if (matches.empty())
            agency = credits.agency;
        if (!credits.spans.empty()) {
            found.erase(
                std::remove_if(found.begin(), found.end(),
                               [&](const ActorMatch& m) { return credits.covers(m.begin, m.end); }),
                found.end());
        }
        if (credited_people) {
            for (const std::string& person : credits.people) {
                if (std::find(credited_people->begin(), credited_people->end(), person) ==
                    credited_people->end())
                    credited_people->push_back(person);
            }
        }
        matches.push_back(std::move(found));
    }
    attach_short_forms(matches, passages, gazetteer);

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
