#include "query/search/snippet.h"

#include <algorithm>
#include <cctype>

#include "common/schema.h"
#include "common/text.h"

namespace dossier {

namespace {
constexpr std::string_view kStemPrefix = schema::kStemPrefix;
}  // namespace

// The start every word with this stem (or, for a pattern, whose stem
// starts with it) has. Stemming is most of a snippet's cost and most words
// cannot match, so a word is stemmed only when it starts with a query
// stem's head. Snowball English only removes suffixes or rewrites their
// last letters ("happy" -> "happi", "hoping" -> "hope", "skies" -> "sky"),
// so a stem without its last letter starts its word; the exceptions
// "dying", "lying", "tying" -> "die", "lie", "tie" end in "ie", so such
// stems lose two. Checked on every word of the seed corpus (a test) and on
// the 97,163 spelling words of Reuters financial news.
std::string stem_head(std::string_view stem) {
    std::size_t keep = stem.size() > 1 ? stem.size() - 1 : stem.size();
    if (stem.size() > 2 && stem.ends_with("ie"))
        keep = stem.size() - 2;
    return std::string(stem.substr(0, keep));
}

Highlighter::Highlighter(const QueryWords& words)
    : stemmer_(std::string(schema::kStemmerLanguage)),
      terms_(words.terms.begin(), words.terms.end()),
      wildcard_prefixes_(words.patterns) {
    auto note_head = [&](const std::string& term) {
        const std::string head = stem_head(std::string_view(term).substr(kStemPrefix.size()));
        const bool ascii_letters = std::all_of(head.begin(), head.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        });
        if (head.empty() || !ascii_letters)
            any_word_ = true;  // a bare "*" matches every word; others take the full path
        else
            heads_.push_back(head);
    };
    for (const std::string& term : terms_)
        note_head(term);
    for (const std::string& pattern : wildcard_prefixes_)
        note_head(pattern);
}

bool Highlighter::could_match(std::string_view word) const {
    if (any_word_ || word.empty())
        return true;
    // Other first characters (an apostrophe, which the stemmer drops, a
    // digit, a non-ASCII letter) take the full path.
    const auto first = static_cast<unsigned char>(word.front());
    if (!std::isalpha(first) || first >= 0x80)
        return true;
    for (const std::string& head : heads_) {
        if (word.size() < head.size())
            continue;
        std::size_t i = 0;
        for (; i < head.size(); ++i) {
            const auto c = static_cast<unsigned char>(word[i]);
            if (c >= 0x80)
                return true;  // case folding of what follows is not ASCII's
            if (std::tolower(c) != head[i])
                break;
        }
        if (i == head.size())
            return true;
    }
    return false;
}

bool Highlighter::matches_word(std::string_view word) const {
    // Checked before case folding, which allocates.
    if (!could_match(word))
        return false;
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
