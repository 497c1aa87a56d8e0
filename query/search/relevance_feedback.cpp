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

    // Each ranked article's candidate words with their wdf, read once, and
    // its length (the sum of its wdfs, as Xapian counts it).
    struct Entry {
        std::string term;
        Xapian::termcount wdf;
    };
    std::vector<std::vector<Entry>> entries(ranked.size());
    std::vector<double> lengths(ranked.size(), 0.0);
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        for (auto it = db.termlist_begin(ranked[i]); it != db.termlist_end(ranked[i]); ++it) {
            const Xapian::termcount wdf = it.get_wdf();
            lengths[i] += wdf;
            std::string term = *it;
            if (is_candidate(term) && !stop_words(term.substr(schema::kStemPrefix.size())))
                entries[i].push_back({std::move(term), std::max<Xapian::termcount>(1, wdf)});
        }
    }

    // The relevance model: each word's frequency in each feedback article,
    // weighted by the article's share of exp(score) among them.
    const std::size_t feedback_articles = std::min(options.articles, ranked.size());
    const double best_score = *std::max_element(scores.begin(), scores.begin() + feedback_articles);
    std::vector<double> article_weight(feedback_articles);
    double weight_sum = 0;
    for (std::size_t i = 0; i < feedback_articles; ++i)
        weight_sum += article_weight[i] = std::exp(scores[i] - best_score);
    std::unordered_map<std::string_view, double> model;
    for (std::size_t i = 0; i < feedback_articles; ++i) {
        const double share = article_weight[i] / weight_sum / std::max(1.0, lengths[i]);
        for (const Entry& e : entries[i])
            model[e.term] += share * e.wdf;
    }
    std::vector<FeedbackWord>& kept = out.words;
    for (const auto& [term, probability] : model)
        kept.push_back({std::string(term), probability, 0});
    const auto better = [](const FeedbackWord& a, const FeedbackWord& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
    };
    const std::size_t words = std::min(options.words, kept.size());
    std::partial_sort(kept.begin(), kept.begin() + words, kept.end(), better);
    kept.resize(words);
    double kept_sum = 0;
    for (const FeedbackWord& word : kept)
        kept_sum += word.weight;

    // What each word adds per unit of BM25 term frequency: its share of the
    // model times its idf (never negative, as in passage scoring).
    std::unordered_map<std::string_view, double> factor;
    for (FeedbackWord& word : kept) {
        word.n = db.get_termfreq(word.term);
        const double n = word.n;
        const double idf = std::log(1.0 + (total - n + 0.5) / (n + 0.5));
        factor.emplace(word.term, options.weight * word.weight / kept_sum * idf);
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
