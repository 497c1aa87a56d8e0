#include "query/search/relevance_feedback.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "common/schema.h"

namespace dossier {

namespace {

// Candidates looked up together, in term order: neighbouring terms share
// B-tree blocks, which about halves the cost of a look-up.
constexpr std::size_t kLookupBatch = 64;

// BM25 of the feedback words in an article: Xapian's BM25Weight defaults.
constexpr double kK1 = 1.0;
constexpr double kB = 0.5;

bool is_candidate(const std::string& term) {
    if (!schema::is_word_term(term))
        return false;  // title stems repeat the body's; filters are not words
    return !std::isdigit(static_cast<unsigned char>(term[schema::kStemPrefix.size()]));
}

struct Tally {
    unsigned articles = 0;  // r
    double multiplier = 0;  // sum of 2 wdf / (doclen / avlen + wdf)
};

struct Candidate {
    std::string_view term;
    const Tally* tally;
    double bound;  // the expansion weight at n = r
};

}  // namespace

Feedback relevance_feedback(const Xapian::Database& db, const std::vector<Xapian::docid>& ranked,
                            const std::vector<std::string>& exclude,
                            const FeedbackOptions& options) {
    Feedback out;
    out.scores.assign(ranked.size(), 0.0);
    if (ranked.empty() || options.words == 0 || options.articles == 0)
        return out;
    const double total = db.get_doccount();
    const double average_length = std::max(1.0, db.get_avlength());
    std::vector<std::string> excluded = exclude;
    std::sort(excluded.begin(), excluded.end());

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
            if (is_candidate(term) && !std::binary_search(excluded.begin(), excluded.end(), term))
                entries[i].push_back({std::move(term), std::max<Xapian::termcount>(1, wdf)});
        }
    }

    const std::size_t feedback_articles = std::min(options.articles, ranked.size());
    const double rsize = static_cast<double>(feedback_articles);
    std::unordered_map<std::string_view, Tally> tallies;
    for (std::size_t i = 0; i < feedback_articles; ++i) {
        const double relative_length = lengths[i] / average_length;
        for (const Entry& e : entries[i]) {
            Tally& tally = tallies[e.term];
            ++tally.articles;
            tally.multiplier += 2.0 * e.wdf / (relative_length + e.wdf);
        }
    }
    auto weight_at = [&](const Tally& tally, double n) {
        const double r = tally.articles;
        const double without = rsize - r;
        const double num = (r + 0.5) * (total - n - without + 0.5);
        const double denom = (n - r + 0.5) * (without + 0.5);
        return num <= denom ? 0.0 : tally.multiplier * std::log(num / denom);
    };
    std::vector<Candidate> candidates;
    candidates.reserve(tallies.size());
    for (const auto& [term, tally] : tallies) {
        if (tally.articles >= options.min_articles)
            candidates.push_back({term, &tally, weight_at(tally, tally.articles)});
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.bound != b.bound ? a.bound > b.bound : a.term < b.term;
    });

    // The words kept: a heap with the worst on top while it fills.
    std::vector<FeedbackWord>& kept = out.words;
    const auto better = [](const FeedbackWord& a, const FeedbackWord& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
    };
    std::vector<Candidate> batch;
    for (std::size_t next = 0; next < candidates.size();) {
        const bool full = kept.size() == options.words;
        if (full && candidates[next].bound < kept.front().weight)
            break;  // no later candidate can beat the words kept
        batch.clear();
        while (next < candidates.size() && batch.size() < kLookupBatch &&
               !(full && candidates[next].bound < kept.front().weight))
            batch.push_back(candidates[next++]);
        std::sort(batch.begin(), batch.end(),
                  [](const Candidate& a, const Candidate& b) { return a.term < b.term; });
        for (const Candidate& c : batch) {
            const Xapian::doccount n =
                std::max<Xapian::doccount>(c.tally->articles, db.get_termfreq(std::string(c.term)));
            const double weight = weight_at(*c.tally, n);
            if (weight <= 0)
                continue;
            FeedbackWord word{std::string(c.term), weight, n};
            if (kept.size() == options.words) {
                if (!better(word, kept.front()))
                    continue;
                std::pop_heap(kept.begin(), kept.end(), better);
                kept.pop_back();
            }
            kept.push_back(std::move(word));
            std::push_heap(kept.begin(), kept.end(), better);
        }
    }
    std::sort_heap(kept.begin(), kept.end(), better);  // best first
    if (kept.empty())
        return out;

    // What each word adds per unit of BM25 term frequency: its share of the
    // feedback weight times its idf (never negative, as in passage scoring).
    std::unordered_map<std::string_view, double> factor;
    for (const FeedbackWord& word : kept) {
        const double n = word.n;
        const double idf = std::log(1.0 + (total - n + 0.5) / (n + 0.5));
        factor.emplace(word.term, options.weight * word.weight / kept.front().weight * idf);
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
