#include "query/search/relevance_feedback.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "common/schema.h"
#include "query/search/stop_words.h"

namespace dossier {

namespace {

// BM25 of the feedback words in an article: Xapian's BM25Weight defaults.
constexpr double kK1 = 1.0;
constexpr double kB = 0.5;

bool is_candidate(const std::string& term) {
    if (!schema::is_word_term(term))
        return false;  // title stems repeat the body's; filters are not words
    return !std::isdigit(static_cast<unsigned char>(term[schema::kStemPrefix.size()]));
}

}  // namespace

Feedback relevance_feedback(const Xapian::Database& db, const std::vector<Xapian::docid>& ranked,
                            const std::vector<double>& scores, const FeedbackOptions& options) {
    Feedback out;
    out.scores.assign(ranked.size(), 0.0);
    if (ranked.empty() || options.words == 0 || options.articles == 0)
        return out;
    const double total = db.get_doccount();
    const double average_length = std::max(1.0, db.get_avlength());
    const Xapian::Stopper& stop_words = english_stop_words();

    // The relevance model: each word's frequency in each feedback article,
    // weighted by the article's share of exp(score) among them. The words
    // of the ranked articles are read once; the feedback articles' go into
    // the model, and the others' only where the model has them, for a word
    // outside it cannot be kept.
    const std::size_t feedback_articles = std::min(options.articles, ranked.size());
    const double best_score = *std::max_element(scores.begin(), scores.begin() + feedback_articles);
    double weight_sum = 0;
    for (std::size_t i = 0; i < feedback_articles; ++i)
        weight_sum += std::exp(scores[i] - best_score);
    std::unordered_map<std::string, double> model;
    struct Entry {
        const std::string* term;  // a key of `model`
        double* probability;      // its value
        Xapian::termcount wdf;
    };
    std::vector<std::vector<Entry>> entries(ranked.size());
    std::vector<double> lengths(ranked.size(), 0.0);
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const bool feeds = i < feedback_articles;
        for (auto it = db.termlist_begin(ranked[i]); it != db.termlist_end(ranked[i]); ++it) {
            const Xapian::termcount wdf = it.get_wdf();
            lengths[i] += wdf;
            std::string term = *it;
            if (!is_candidate(term))
                continue;
            const auto found =
                feeds ? model.try_emplace(std::move(term), 0.0).first : model.find(term);
            if (found != model.end())
                entries[i].push_back(
                    {&found->first, &found->second, std::max<Xapian::termcount>(1, wdf)});
        }
        if (feeds) {
            const double share =
                std::exp(scores[i] - best_score) / weight_sum / std::max(1.0, lengths[i]);
            for (const Entry& e : entries[i])
                *e.probability += share * e.wdf;
        }
    }

    // The most probable words that are not stop words (looked up only for
    // the words that come first, not for every word read).
    std::vector<std::pair<double, const std::string*>> ordered;
    ordered.reserve(model.size());
    for (const auto& [term, probability] : model)
        ordered.emplace_back(probability, &term);
    const auto more_probable = [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : *a.second < *b.second;
    };
    // Stop words are a few of the first: order a head four times the words
    // wanted, and the rest only if that is not enough.
    const std::size_t head = std::min(ordered.size(), 4 * options.words);
    std::partial_sort(ordered.begin(), ordered.begin() + head, ordered.end(), more_probable);
    std::vector<FeedbackWord>& kept = out.words;
    std::vector<const std::string*> kept_terms;
    double kept_sum = 0;
    for (std::size_t k = 0; k < ordered.size() && kept.size() < options.words; ++k) {
        if (k == head)
            std::sort(ordered.begin() + head, ordered.end(), more_probable);
        const auto& [probability, term] = ordered[k];
        if (stop_words(term->substr(schema::kStemPrefix.size())))
            continue;
        kept.push_back({*term, probability, 0});
        kept_terms.push_back(term);
        kept_sum += probability;
    }

    // What each word adds per unit of BM25 term frequency: its share of the
    // model times its idf (never negative, as in passage scoring).
    std::unordered_map<const std::string*, double> factor;
    for (std::size_t k = 0; k < kept.size(); ++k) {
        FeedbackWord& word = kept[k];
        word.n = db.get_termfreq(word.term);
        const double n = word.n;
        const double idf = std::log(1.0 + (total - n + 0.5) / (n + 0.5));
        factor.emplace(kept_terms[k], options.weight * word.weight / kept_sum * idf);
    }
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const double norm = kK1 * (1 - kB + kB * lengths[i] / average_length);
        for (const Entry& e : entries[i]) {
            const auto found = factor.find(e.term);
            if (found != factor.end())
                out.scores[i] += found->second * e.wdf * (kK1 + 1) / (e.wdf + norm);
        }
    }
    return out;
}

}  // namespace dossier
