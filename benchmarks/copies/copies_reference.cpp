// The exact reference for copy detection: every pair of articles whose texts
// share at least --min-containment of their word 5-shingles, found by brute
// force, so that Dossier's sketch-based copies (docs/copies.md) can be scored
// against it (copies_eval).
//
//   copies_reference [--min-containment 0.5] [--max-df 200] [--threads N]
//                    --out pairs.tsv CORPUS.jsonl[.gz]...
//
// An article's shingles: its text's words (common/text.h), case-folded, taken
// five at a time; each hashed to 64 bits, kept as a set. Candidate pairs are
// the pairs sharing a rare shingle (one in at most --max-df articles: a more
// common one is boilerplate, and its postings would make the pairs
// quadratic). Each candidate's |A∩B| is exact (a merge of the two sorted
// sets); containment = |A∩B| / min(|A|,|B|), Jaccard = |A∩B| / |A∪B|.
// Writes pairs.tsv, one row per pair at or above --min-containment:
// id_a id_b containment jaccard shingles_a shingles_b title_a title_b
// (id_a < id_b), sorted by id_a then id_b; prints the figures to stderr.
//
// Texts of fewer than five words have no shingle and no copy. A later
// article with an id already seen is skipped, as dossier-index refuses it.
// --threads (default: every core) only splits the pair search.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "benchmarks/article_stream.h"
#include "common/text.h"

namespace {

namespace bench = dossier::bench;
namespace text = dossier::text;

constexpr std::size_t kShingleWords = 5;

struct Options {
    double min_containment = 0.5;
    std::uint32_t max_df = 200;
    unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    std::filesystem::path out;
    std::vector<std::filesystem::path> corpora;
};

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// FNV-1a over the words joined by a space; FNV alone mixes its last bytes
// poorly, hence the finishing mixer.
std::uint64_t shingle_hash(const std::vector<std::string>& words, std::size_t first) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (std::size_t i = first; i < first + kShingleWords; ++i) {
        if (i != first)
            hash = (hash ^ ' ') * 0x100000001b3ULL;
        for (const char c : words[i])
            hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    return splitmix64(hash);
}

// The article's shingle set, sorted and unique.
std::vector<std::uint64_t> shingle_set(std::string_view body) {
    std::vector<std::string> words;
    for (const text::Word& word : text::find_words(body))
        words.push_back(text::fold_case(body.substr(word.begin, word.end - word.begin)));
    std::vector<std::uint64_t> hashes;
    if (words.size() < kShingleWords)
        return hashes;
    hashes.reserve(words.size() - kShingleWords + 1);
    for (std::size_t first = 0; first + kShingleWords <= words.size(); ++first)
        hashes.push_back(shingle_hash(words, first));
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    return hashes;
}

// One (shingle, article) incidence; sorted by hash, they become both
// directions of the index.
struct Incidence {
    std::uint64_t hash;
    std::uint32_t article;
    bool operator<(const Incidence& other) const {
        return hash != other.hash ? hash < other.hash : article < other.article;
    }
};

struct Corpus {
    std::vector<std::string> ids;
    std::vector<std::string> titles;
    std::size_t articles_read = 0;
    std::size_t duplicate_ids = 0;
    std::size_t without_shingles = 0;
    // Shingle ids are ranks of the distinct hashes, so each article's list of
    // them is sorted like its hashes and set operations can run on 32 bits.
    std::vector<std::uint64_t> article_begin;  // article -> its range in article_shingles
    std::vector<std::uint32_t> article_shingles;
    std::vector<std::uint64_t> posting_begin;  // shingle id -> its range in postings
    std::vector<std::uint32_t> postings;       // articles, ascending
    // Per article: how many of its shingles are too common to make a
    // candidate; bounds what they can add to an intersection.
    std::vector<std::uint32_t> common_shingles;

    std::uint32_t shingle_count(std::uint32_t article) const {
        return static_cast<std::uint32_t>(article_begin[article + 1] - article_begin[article]);
    }
    std::uint32_t document_frequency(std::uint32_t shingle) const {
        return static_cast<std::uint32_t>(posting_begin[shingle + 1] - posting_begin[shingle]);
    }
};

Corpus read_corpus(const Options& options) {
    Corpus corpus;
    std::vector<Incidence> incidences;
    std::vector<std::uint32_t> sizes;
    std::unordered_set<std::string> seen_ids;
    corpus.articles_read =
        bench::for_each_article(options.corpora, 0, [&](const bench::StreamedArticle& article) {
            if (!seen_ids.insert(article.id).second) {
                ++corpus.duplicate_ids;
                return;
            }
            const std::vector<std::uint64_t> shingles = shingle_set(article.text);
            if (shingles.empty()) {
                ++corpus.without_shingles;
                return;
            }
            if (corpus.ids.size() >= UINT32_MAX)
                throw std::runtime_error("more articles than 32-bit indices can hold");
            const auto index = static_cast<std::uint32_t>(corpus.ids.size());
            corpus.ids.push_back(article.id);
            std::string title = article.title;
            std::replace_if(
                title.begin(), title.end(),
                [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
            corpus.titles.push_back(std::move(title));
            sizes.push_back(static_cast<std::uint32_t>(shingles.size()));
            for (const std::uint64_t hash : shingles)
                incidences.push_back({hash, index});
        });
    std::sort(incidences.begin(), incidences.end());

    const std::size_t article_total = corpus.ids.size();
    corpus.article_begin.assign(article_total + 1, 0);
    for (std::size_t a = 0; a < article_total; ++a)
        corpus.article_begin[a + 1] = corpus.article_begin[a] + sizes[a];
    corpus.article_shingles.resize(incidences.size());
    corpus.postings.resize(incidences.size());
    std::vector<std::uint64_t> next_slot(corpus.article_begin.begin(),
                                         corpus.article_begin.end() - 1);
    std::uint32_t shingle = 0;
    for (std::size_t i = 0; i < incidences.size(); ++i) {
        if (i == 0 || incidences[i].hash != incidences[i - 1].hash) {
            if (i != 0)
                ++shingle;
            corpus.posting_begin.push_back(i);
        }
        corpus.postings[i] = incidences[i].article;
        corpus.article_shingles[next_slot[incidences[i].article]++] = shingle;
    }
    corpus.posting_begin.push_back(incidences.size());

    corpus.common_shingles.assign(article_total, 0);
    for (std::uint32_t a = 0; a < article_total; ++a)
        for (std::uint64_t k = corpus.article_begin[a]; k < corpus.article_begin[a + 1]; ++k)
            if (corpus.document_frequency(corpus.article_shingles[k]) > options.max_df)
                ++corpus.common_shingles[a];
    return corpus;
}

struct Pair {
    std::uint32_t a;  // the article whose id sorts first
    std::uint32_t b;
    std::uint32_t shared;
};

std::uint32_t intersection_size(const Corpus& corpus, std::uint32_t a, std::uint32_t b) {
    const std::uint32_t* x = corpus.article_shingles.data() + corpus.article_begin[a];
    const std::uint32_t* x_end = corpus.article_shingles.data() + corpus.article_begin[a + 1];
    const std::uint32_t* y = corpus.article_shingles.data() + corpus.article_begin[b];
    const std::uint32_t* y_end = corpus.article_shingles.data() + corpus.article_begin[b + 1];
    std::uint32_t shared = 0;
    while (x != x_end && y != y_end) {
        if (*x < *y) {
            ++x;
        } else if (*y < *x) {
            ++y;
        } else {
            ++shared;
            ++x;
            ++y;
        }
    }
    return shared;
}

struct SearchTotals {
    std::uint64_t candidates = 0;
    std::uint64_t merged = 0;
    std::vector<Pair> pairs;
};

// The pairs (a, b > a) of every a in [first, end) step `stride`. The rare
// shingles a shares with each b are counted first: with every common shingle
// of the smaller side added, they bound |A∩B|, and a pair under the
// threshold even then needs no merge. The bound never drops a pair the exact
// figure would keep.
SearchTotals search_pairs(const Corpus& corpus, const Options& options, std::uint32_t first,
                          std::uint32_t stride) {
    SearchTotals totals;
    const auto article_total = static_cast<std::uint32_t>(corpus.ids.size());
    std::vector<std::uint32_t> shared_rare(article_total, 0);
    std::vector<std::uint32_t> touched;
    for (std::uint32_t a = first; a < article_total; a += stride) {
        touched.clear();
        for (std::uint64_t k = corpus.article_begin[a]; k < corpus.article_begin[a + 1]; ++k) {
            const std::uint32_t shingle = corpus.article_shingles[k];
            if (corpus.document_frequency(shingle) > options.max_df)
                continue;
            const std::uint32_t* posting = corpus.postings.data() + corpus.posting_begin[shingle];
            const std::uint32_t* posting_end =
                corpus.postings.data() + corpus.posting_begin[shingle + 1];
            // Postings are ascending: skip to the articles after a.
            for (posting = std::upper_bound(posting, posting_end, a); posting != posting_end;
                 ++posting) {
                if (shared_rare[*posting]++ == 0)
                    touched.push_back(*posting);
            }
        }
        totals.candidates += touched.size();
        for (const std::uint32_t b : touched) {
            const std::uint32_t smaller =
                std::min(corpus.shingle_count(a), corpus.shingle_count(b));
            const std::uint32_t upper_bound =
                shared_rare[b] + std::min(corpus.common_shingles[a], corpus.common_shingles[b]);
            shared_rare[b] = 0;
            if (upper_bound < options.min_containment * smaller)
                continue;
            ++totals.merged;
            const std::uint32_t shared = intersection_size(corpus, a, b);
            if (shared >= options.min_containment * smaller) {
                const bool a_first = corpus.ids[a] < corpus.ids[b];
                totals.pairs.push_back({a_first ? a : b, a_first ? b : a, shared});
            }
        }
    }
    return totals;
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const bool has_value = i + 1 < argc;
        if (argument == "--min-containment" && has_value)
            options.min_containment = std::stod(argv[++i]);
        else if (argument == "--max-df" && has_value)
            options.max_df = static_cast<std::uint32_t>(std::stoul(argv[++i]));
        else if (argument == "--threads" && has_value)
            options.threads = std::max(1U, static_cast<unsigned>(std::stoul(argv[++i])));
        else if (argument == "--out" && has_value)
            options.out = argv[++i];
        else if (argument.starts_with("--"))
            throw std::invalid_argument("unknown option " + argument);
        else
            options.corpora.emplace_back(argument);
    }
    if (options.out.empty() || options.corpora.empty())
        throw std::invalid_argument("--out and a corpus are required");
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "copies_reference: " << error.what() << "\n"
                  << "usage: copies_reference [--min-containment 0.5] [--max-df 200] "
                     "[--threads N] --out pairs.tsv CORPUS.jsonl[.gz]...\n";
        return 2;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        const Corpus corpus = read_corpus(options);
        const std::chrono::duration<double> read_time = std::chrono::steady_clock::now() - start;

        std::vector<SearchTotals> per_thread(options.threads);
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < options.threads; ++t)
            workers.emplace_back(
                [&, t] { per_thread[t] = search_pairs(corpus, options, t, options.threads); });
        for (std::thread& worker : workers)
            worker.join();
        std::uint64_t candidates = 0;
        std::uint64_t merged = 0;
        std::vector<Pair> pairs;
        for (SearchTotals& totals : per_thread) {
            candidates += totals.candidates;
            merged += totals.merged;
            pairs.insert(pairs.end(), totals.pairs.begin(), totals.pairs.end());
            totals.pairs = {};
        }
        std::sort(pairs.begin(), pairs.end(), [&](const Pair& x, const Pair& y) {
            return x.a != y.a ? corpus.ids[x.a] < corpus.ids[y.a]
                              : corpus.ids[x.b] < corpus.ids[y.b];
        });

        std::ofstream out(options.out);
        if (!out)
            throw std::runtime_error(options.out.string() + ": cannot write");
        out << "id_a\tid_b\tcontainment\tjaccard\tshingles_a\tshingles_b\ttitle_a\ttitle_b\n"
            << std::fixed << std::setprecision(4);
        std::vector<bool> has_close_copy(corpus.ids.size(), false);
        for (const Pair& pair : pairs) {
            const std::uint32_t size_a = corpus.shingle_count(pair.a);
            const std::uint32_t size_b = corpus.shingle_count(pair.b);
            const double containment = static_cast<double>(pair.shared) / std::min(size_a, size_b);
            const double jaccard =
                static_cast<double>(pair.shared) / (size_a + size_b - pair.shared);
            if (containment >= 0.8)
                has_close_copy[pair.a] = has_close_copy[pair.b] = true;
            out << corpus.ids[pair.a] << '\t' << corpus.ids[pair.b] << '\t' << containment << '\t'
                << jaccard << '\t' << size_a << '\t' << size_b << '\t' << corpus.titles[pair.a]
                << '\t' << corpus.titles[pair.b] << '\n';
        }
        out.close();
        if (!out)
            throw std::runtime_error(options.out.string() + ": write failed");

        const auto with_close_copy = std::count(has_close_copy.begin(), has_close_copy.end(), true);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::cerr << std::fixed << std::setprecision(1) << "articles: " << corpus.articles_read
                  << " read, " << corpus.ids.size() << " with shingles (" << corpus.without_shingles
                  << " under " << kShingleWords << " words, " << corpus.duplicate_ids
                  << " duplicate ids)\n"
                  << "shingles: " << corpus.article_shingles.size() << " (article, shingle), "
                  << corpus.posting_begin.size() - 1 << " distinct\n"
                  << "candidate pairs: " << candidates
                  << " (sharing a shingle in <= " << options.max_df << " articles), " << merged
                  << " merged\n"
                  << "pairs written: " << pairs.size()
                  << " (containment >= " << options.min_containment << ")\n"
                  << "articles with a copy at containment >= 0.8: " << with_close_copy << " ("
                  << (corpus.ids.empty() ? 0.0 : 100.0 * with_close_copy / corpus.ids.size())
                  << "%)\n"
                  << "seconds: " << took.count() << " (reading and index " << read_time.count()
                  << ")\n";
    } catch (const std::exception& error) {
        std::cerr << "copies_reference: " << error.what() << '\n';
        return 2;
    }
    return 0;
}
