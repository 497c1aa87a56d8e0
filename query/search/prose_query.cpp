#include "query/search/prose_query.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>

#include "common/text.h"
#include "query/search/query_rewrites.h"
#include "query/search/stop_words.h"

namespace dossier {

namespace {

template <std::size_t N>
bool is_one_of(const std::string& word, const std::array<std::string_view, N>& words) {
    for (std::string_view w : words) {
        if (word == w)
            return true;
    }
    return false;
}

// What makes a sentence's head a request rather than its subject.
constexpr std::array<std::string_view, 2> kPoliteness = {"please", "kindly"};
constexpr std::array<std::string_view, 12> kFirstPerson = {
    "i", "we", "me", "us", "my", "our", "you", "i'm", "i'd", "i've", "we're", "we'd"};
// The rest of a request's head: auxiliaries, verbs of asking and wanting, and
// the prepositions they take ("looking for", "interested in").
constexpr std::array<std::string_view, 14> kAuxiliaries = {
    "could", "can", "would", "will", "should", "may",  "am",
    "are",   "do",  "to",    "have", "be",     "also", "like"};
constexpr std::array<std::string_view, 24> kAskingVerbs = {
    "send",    "supply",   "give",       "provide", "find",    "show", "list",    "retrieve",
    "locate",  "identify", "obtain",     "get",     "need",    "want", "wish",    "seek",
    "seeking", "looking",  "interested", "require", "request", "see",  "receive", "know"};
constexpr std::array<std::string_view, 3> kHeadPrepositions = {"for", "in", "about"};
// Verbs that ask even alone when they open a sentence ("Describe ...", "Give
// methods for ..."); a verb such as "supply" or "need" does not ("Supply
// chain disruptions").
constexpr std::array<std::string_view, 10> kImperatives = {
    "describe", "give",    "list",    "identify", "find",
    "show",     "provide", "explain", "discuss",  "retrieve"};

// Between the head and the noun.
constexpr std::array<std::string_view, 14> kDeterminers = {
    "a",     "an",       "the",      "some",   "any",  "all",     "what",
    "which", "suitable", "relevant", "recent", "more", "further", "other"};
// Nouns that name what is asked for, not what it is about.
constexpr std::array<std::string_view, 22> kAskedForNouns = {
    "information", "details",  "detail",     "data",        "articles",  "article",
    "papers",      "paper",    "references", "reference",   "abstracts", "abstract",
    "documents",   "document", "literature", "material",    "materials", "publications",
    "publication", "reports",  "report",     "descriptions"};
// What leads from such a noun to the subject: it must start with one of the
// first list, and may go on with the second ("which deal with", "pertinent to").
constexpr std::array<std::string_view, 16> kLinks = {
    "on",       "about",   "concerning", "regarding", "of",         "pertinent",
    "relating", "related", "relevant",   "dealing",   "discussing", "describing",
    "covering", "that",    "which",      "upon"};
constexpr std::array<std::string_view, 17> kLinkContinuations = {
    "to",      "with",      "exist",    "exists",    "deal",  "deals",
    "discuss", "discusses", "describe", "describes", "cover", "covers",
    "treat",   "treats",    "concern",  "concerns",  "are"};

bool is_head_word(const std::string& w) {
    return is_one_of(w, kPoliteness) || is_one_of(w, kFirstPerson) || is_one_of(w, kAuxiliaries) ||
           is_one_of(w, kAskingVerbs) || is_one_of(w, kImperatives) ||
           is_one_of(w, kHeadPrepositions);
}

bool ends_sentence(std::string_view between) {
    return between.find_first_of(".?!;\n") != std::string_view::npos;
}

// How many of `words` (one sentence, lower-case) from the start frame the
// request, 0 when none do.
std::size_t framing_words_at_start(const std::vector<std::string>& words) {
    bool only_framing = true;
    bool names_a_request = false;
    for (const std::string& w : words) {
        const bool noun = is_one_of(w, kAskedForNouns);
        names_a_request = names_a_request || noun || is_one_of(w, kPoliteness);
        only_framing = only_framing && (noun || is_head_word(w) || is_one_of(w, kDeterminers));
    }
    if (only_framing && names_a_request)
        return words.size();  // "A suitable article please."

    std::size_t head = 0;
    bool asks = !words.empty() && is_one_of(words.front(), kImperatives);
    while (head < words.size() && is_head_word(words[head])) {
        asks = asks || is_one_of(words[head], kPoliteness) || is_one_of(words[head], kFirstPerson);
        ++head;
    }
    if (!asks)
        head = 0;  // "Supply chain disruptions": a verb alone asks nothing

    std::size_t noun = head;
    while (noun < words.size() && is_one_of(words[noun], kDeterminers))
        ++noun;
    if (noun < words.size() && is_one_of(words[noun], kAskedForNouns) && noun + 1 < words.size() &&
        is_one_of(words[noun + 1], kLinks)) {
        std::size_t subject = noun + 2;
        while (subject < words.size() &&
               (is_one_of(words[subject], kLinks) || is_one_of(words[subject], kLinkContinuations)))
            ++subject;
        if (subject < words.size())
            return subject;
    }
    return head;
}

// True when the word [begin, end) of `text` stands alone: only spaces or
// punctuation around it. Anything else (a hyphen, slash, plus, an inner dot)
// makes the parser join it to its neighbour.
bool stands_alone(std::string_view text, const text::Word& word) {
    // Bytes from 0x80 are the rest of a character find_words did not take
    // into the word: punctuation such as quotation marks and dashes.
    const auto is_space_or_mark = [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    };
    const bool free_before =
        word.begin == 0 || is_space_or_mark(text[word.begin - 1]) ||
        std::string_view("([{\"'").find(text[word.begin - 1]) != std::string_view::npos;
    if (!free_before)
        return false;
    if (word.end == text.size() || is_space_or_mark(text[word.end]))
        return true;
    const char after = text[word.end];
    if (std::string_view(",;:?!)]}\"'").find(after) != std::string_view::npos)
        return true;
    // A full stop ends the word; a dot inside ("e.g.x") joins.
    return after == '.' && (word.end + 1 == text.size() || is_space_or_mark(text[word.end + 1]));
}

std::string word_at(std::string_view text, const text::Word& word) {
    return text::fold_case(text.substr(word.begin, word.end - word.begin));
}

// `text` with the words marked in `remove` blanked out, each listed in
// `removed` when `listed` says so and it is not there yet.
template <typename Listed>
ProseWithout blank_out(std::string_view text, const std::vector<text::Word>& words,
                       const std::vector<bool>& remove, Listed listed) {
    ProseWithout out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!remove[i])
            continue;
        out.text.append(text.substr(copied, words[i].begin - copied));
        out.text.push_back(' ');
        copied = words[i].end;
        std::string word = word_at(text, words[i]);
        if (listed(word) &&
            std::find(out.removed.begin(), out.removed.end(), word) == out.removed.end())
            out.removed.push_back(std::move(word));
    }
    out.text.append(text.substr(copied));
    return out;
}

bool all_of(const std::vector<bool>& flags) {
    return std::all_of(flags.begin(), flags.end(), [](bool f) { return f; });
}

bool none_of(const std::vector<bool>& flags) {
    return std::none_of(flags.begin(), flags.end(), [](bool f) { return f; });
}

}  // namespace

bool is_plain_prose(std::string_view text) {
    return (is_capitals_prose(text) || !uses_operators(text)) &&
           text.find_first_of("\":*") == std::string_view::npos;
}

ProseWithout without_request_framing(std::string_view prose) {
    const std::vector<text::Word> words = text::find_words(prose);
    std::vector<bool> framing(words.size(), false);
    std::size_t begin = 0;
    while (begin < words.size()) {
        std::size_t end = begin + 1;
        while (
            end < words.size() &&
            !ends_sentence(prose.substr(words[end - 1].end, words[end].begin - words[end - 1].end)))
            ++end;
        // The sentence's words as far as they stand alone: "please-send" is
        // not a request.
        std::vector<std::string> sentence;
        for (std::size_t i = begin; i < end && stands_alone(prose, words[i]); ++i)
            sentence.push_back(word_at(prose, words[i]));
        if (sentence.size() < end - begin)
            sentence.push_back("");  // something other than framing follows
        const std::size_t framed = framing_words_at_start(sentence);
        for (std::size_t i = 0; i < framed; ++i)
            framing[begin + i] = true;
        begin = end;
    }
    if (none_of(framing) || all_of(framing))
        return {std::string(prose), {}};
    const Xapian::Stopper& stop_words = english_stop_words();
    return blank_out(prose, words, framing, [&](const std::string& w) { return !stop_words(w); });
}

ProseWithout without_stop_words(std::string_view prose) {
    const std::vector<text::Word> words = text::find_words(prose);
    const Xapian::Stopper& stop_words = english_stop_words();
    std::vector<bool> stop(words.size(), false);
    for (std::size_t i = 0; i < words.size(); ++i)
        stop[i] = stands_alone(prose, words[i]) && stop_words(word_at(prose, words[i]));
    if (none_of(stop) || all_of(stop))
        return {std::string(prose), {}};
    return blank_out(prose, words, stop, [](const std::string&) { return true; });
}

}  // namespace dossier
