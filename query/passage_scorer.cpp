#include "query/passage_scorer.h"

#include <algorithm>
#include <cmath>

#include "common/schema.h"
#include "common/stored_article.h"

namespace dossier {

namespace {

// Okapi BM25's usual constants, as Xapian's BM25Weight defaults use them.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

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
    const Xapian::Document doc = db_.get_document(did);
    const std::vector<Xapian::termpos> bounds = passage_bounds(doc);
    if (bounds.size() < 2)
        return out;
    const std::size_t passages = bounds.size() - 1;
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
    for (const std::string& term : terms) {
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
            while (passage + 1 < passages && at >= bounds[passage + 1])
                ++passage;
            if (at >= bounds.back())
                break;
            ++frequency[passage];
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
    return out;
}

}  // namespace dossier
