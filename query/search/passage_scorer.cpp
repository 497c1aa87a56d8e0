#include "query/search/passage_scorer.h"

#include <algorithm>
#include <cmath>

#include "common/schema.h"
#include "common/stored_article.h"

namespace dossier {

namespace {

// Okapi BM25's usual constants, as Xapian's BM25Weight defaults use them.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// A query word's occurrence in the body: its position and which word it is.
struct Occurrence {
    Xapian::termpos position;
    std::size_t word;
};

// The number of positions in the shortest stretch that holds every distinct
// word of `occurrences` (sorted by position), at least 1.
Xapian::termpos shortest_cover(const std::vector<Occurrence>& occurrences, std::size_t words,
                               std::size_t distinct) {
    std::vector<unsigned> inside(words, 0);
    std::size_t covered = 0;
    Xapian::termpos best = 0;
    std::size_t left = 0;
    for (std::size_t right = 0; right < occurrences.size(); ++right) {
        if (inside[occurrences[right].word]++ == 0)
            ++covered;
        while (covered == distinct) {
            const Xapian::termpos span =
                occurrences[right].position - occurrences[left].position + 1;
            if (best == 0 || span < best)
                best = span;
            if (--inside[occurrences[left].word] == 0)
                --covered;
            ++left;
        }
    }
    return std::max<Xapian::termpos>(best, 1);
}

}  // namespace

std::vector<Xapian::termpos> passage_bounds(const Xapian::Document& doc) {
    return decode_passage_bounds(doc.get_value(schema::kSlotPassageStarts));
}

PassageScorer::PassageScorer(const Xapian::Database& db, const QueryWords& words,
                             double average_passage_words)
    : db_(db),
      words_(words),
      average_passage_words_(std::max(1.0, average_passage_words)),
      articles_(db.get_doccount()) {}

double PassageScorer::idf(Xapian::doccount article_frequency) const {
    // Lucene's form, never negative: common words count little, not against.
    const double n = article_frequency;
    return std::log(1.0 + (articles_ - n + 0.5) / (n + 0.5));
}

double PassageScorer::term_idf(const std::string& term) const {
    const auto found = idf_cache_.find(term);
    if (found != idf_cache_.end())
        return found->second;
    const double value = idf(db_.get_termfreq(term));
    idf_cache_.emplace(term, value);
    return value;
}

double PassageScorer::occurrence_weight(Xapian::doccount article_frequency,
                                        double passage_words) const {
    const double norm = kK1 * (1 - kB + kB * passage_words / average_passage_words_);
    return idf(article_frequency) * (kK1 + 1) / (1 + norm);
}

PassageScores PassageScorer::score(Xapian::docid did) const {
    PassageScores out;
    // A matched docid: Xapian need not check that it exists (a read saved).
    const Xapian::Document doc = db_.get_document(did, Xapian::DOC_ASSUME_VALID);
    out.bounds = passage_bounds(doc);
    const std::vector<Xapian::termpos>& bounds = out.bounds;
    if (bounds.empty())
        return out;
    const std::size_t passages = bounds.size() - 1;  // 0 for a headline-only article
    out.by_passage.assign(passages, 0.0);

    std::vector<std::string> terms = words_.terms;
    if (!words_.patterns.empty()) {
        // A wildcard's words in this article, from its term list.
        for (const std::string& pattern : words_.patterns) {
            auto it = db_.termlist_begin(did);
            it.skip_to(pattern);
            for (; it != db_.termlist_end(did) && (*it).rfind(pattern, 0) == 0; ++it) {
                if (std::find(terms.begin(), terms.end(), *it) == terms.end())
                    terms.push_back(*it);
            }
        }
    }

    std::vector<unsigned> frequency(passages);
    std::vector<Occurrence> occurrences;  // in the body, word by word
    for (std::size_t word = 0; word < terms.size(); ++word) {
        const std::string& term = terms[word];
        std::fill(frequency.begin(), frequency.end(), 0u);
        unsigned in_title = 0;
        bool any = false;
        std::size_t passage = 0;
        for (auto pos = db_.positionlist_begin(did, term); pos != db_.positionlist_end(did, term);
             ++pos) {
            const Xapian::termpos at = *pos;
            if (at < bounds.front()) {
                ++in_title;  // the title's words come before the body's
                continue;
            }
            if (passages == 0)
                break;
            while (passage + 1 < passages && at >= bounds[passage + 1])
                ++passage;
            if (at >= bounds.back())
                break;
            ++frequency[passage];
            occurrences.push_back({at, word});
            any = true;
        }
        if (in_title > 0) {
            const double tf = in_title;
            out.title += term_idf(term) * tf * (kK1 + 1) / (tf + kK1);
        }
        if (!any)
            continue;
        const double weight = term_idf(term);
        for (std::size_t p = 0; p < passages; ++p) {
            if (frequency[p] == 0)
                continue;
            const double length = bounds[p + 1] - bounds[p];
            const double tf = frequency[p];
            const double norm = kK1 * (1 - kB + kB * length / average_passage_words_);
            out.by_passage[p] += weight * tf * (kK1 + 1) / (tf + norm);
        }
    }
    for (std::size_t p = 0; p < passages; ++p) {
        if (out.by_passage[p] > out.best) {
            out.best = out.by_passage[p];
            out.best_ordinal = static_cast<int>(p);
        }
    }
    if (out.best_ordinal >= 0) {
        const Xapian::termpos from = bounds[out.best_ordinal];
        const Xapian::termpos to = bounds[out.best_ordinal + 1];
        std::vector<Occurrence> in_best;
        for (const Occurrence& o : occurrences) {
            if (o.position >= from && o.position < to)
                in_best.push_back(o);
        }
        std::sort(in_best.begin(), in_best.end(),
                  [](const Occurrence& a, const Occurrence& b) { return a.position < b.position; });
        std::vector<bool> held(terms.size(), false);
        std::size_t distinct = 0;
        double idf_sum = 0;
        for (const Occurrence& o : in_best) {
            if (held[o.word])
                continue;
            held[o.word] = true;
            ++distinct;
            idf_sum += term_idf(terms[o.word]);
        }
        // One word alone is near nothing: no proximity evidence.
        if (distinct >= 2)
            out.proximity = idf_sum * distinct / shortest_cover(in_best, terms.size(), distinct);
    }
    return out;
}

}  // namespace dossier
