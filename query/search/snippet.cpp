#include "query/search/snippet.h"

#include <algorithm>
#include <cctype>

#include "common/schema.h"
#include "common/text.h"

namespace dossier {

namespace {
constexpr std::string_view kStemPrefix = schema::kStemPrefix;
}

Highlighter::Highlighter(const QueryWords& words)
    : stemmer_(std::string(schema::kStemmerLanguage)),
      terms_(words.terms.begin(), words.terms.end()),
      wildcard_prefixes_(words.patterns) {
    auto note_first_letter = [&](const std::string& term) {
        if (term.size() <= kStemPrefix.size()) {  // a bare "*": every word
            std::fill(std::begin(first_letters_), std::end(first_letters_), true);
            return;
        }
        const char first = term[kStemPrefix.size()];
        if (first >= 'a' && first <= 'z')
            first_letters_[first - 'a'] = true;
    };
    for (const std::string& term : terms_)
        note_first_letter(term);
    for (const std::string& pattern : wildcard_prefixes_)
        note_first_letter(pattern);
}

bool Highlighter::matches_word(std::string_view word) const {
    // Stemming is most of a snippet's cost, and most words cannot match:
    // Snowball English rewrites suffixes only (its exceptions too: "dying"
    // -> "die"), so a word that starts with a letter a-z has a stem that
    // starts with it. Other first characters (an apostrophe, which the
    // stemmer drops, a digit, a non-ASCII letter) take the full path.
    // Checked before case folding, which allocates: an ASCII letter folds
    // to its lower case.
    if (!word.empty()) {
        const char first =
            static_cast<char>(std::tolower(static_cast<unsigned char>(word.front())));
        if (first >= 'a' && first <= 'z' && !first_letters_[first - 'a'])
            return false;
    }
    std::string folded = text::fold_case(word);
    // Xapian's TermGenerator reads a right single quotation mark inside a
    // word as an apostrophe ("China’s" is indexed as "china"); so do we.
    for (std::size_t at = folded.find("\u2019"); at != std::string::npos;
         at = folded.find("\u2019", at + 1))
        folded.replace(at, 3, "'");
    const std::string stem = std::string(kStemPrefix) + stemmer_(folded);
    if (terms_.count(stem) != 0)
        return true;
    const std::string unstemmed = std::string(kStemPrefix) + folded;
    for (const std::string& prefix : wildcard_prefixes_) {
        if (unstemmed.rfind(prefix, 0) == 0 || stem.rfind(prefix, 0) == 0)
            return true;
    }
    return false;
}

std::vector<std::pair<std::size_t, std::size_t>> Highlighter::matches(std::string_view text) const {
    return matches_among(text, text::find_words(text));
}

std::vector<std::pair<std::size_t, std::size_t>> Highlighter::matches_among(
    std::string_view text, const std::vector<text::Word>& words) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (terms_.empty() && wildcard_prefixes_.empty())
        return out;
    for (const text::Word& word : words) {
        std::string_view w = text.substr(word.begin, word.end - word.begin);
        if (matches_word(w))
            out.emplace_back(word.begin, word.end);
    }
    return out;
}

Snippet Highlighter::snippet(std::string_view text, std::size_t max_words) const {
    Snippet snippet;
    const auto words = text::find_words(text);
    const auto hits = matches_among(text, words);
    if (words.size() <= max_words) {
        snippet.text = std::string(text);
        snippet.highlights = hits;
        return snippet;
    }
    // Slide a window of max_words words; keep the one with the most matches,
    // the earliest on ties (the start of a passage reads best).
    std::vector<int> is_hit(words.size(), 0);
    std::size_t h = 0;
    for (std::size_t i = 0; i < words.size() && h < hits.size(); ++i) {
        if (words[i].begin == hits[h].first) {
            is_hit[i] = 1;
            ++h;
        }
    }
    int in_window = 0;
    for (std::size_t i = 0; i < max_words; ++i)
        in_window += is_hit[i];
    int best = in_window;
    std::size_t best_start = 0;
    for (std::size_t start = 1; start + max_words <= words.size(); ++start) {
        in_window += is_hit[start + max_words - 1] - is_hit[start - 1];
        if (in_window > best) {
            best = in_window;
            best_start = start;
        }
    }
    // Start a few words before the first match, so it has some context.
    if (best > 0) {
        std::size_t first_hit = best_start;
        while (!is_hit[first_hit])
            ++first_hit;
        best_start = first_hit > best_start + 8 ? first_hit - 8 : best_start;
    }
    best_start = std::min(best_start, words.size() - max_words);
    const std::size_t begin = best_start == 0 ? 0 : words[best_start].begin;
    const std::size_t last = best_start + max_words - 1;
    std::size_t end = last + 1 == words.size() ? text.size() : words[last].end;
    // Keep the sentence's closing punctuation when it directly follows.
    while (end < text.size() && (text[end] == '.' || text[end] == '?' || text[end] == '!'))
        ++end;
    snippet.text = std::string(text.substr(begin, end - begin));
    snippet.truncated_start = begin > 0;
    snippet.truncated_end = end < text.size();
    for (const auto& [b, e] : hits) {
        if (b >= begin && e <= end)
            snippet.highlights.emplace_back(b - begin, e - begin);
    }
    return snippet;
}

}  // namespace dossier
