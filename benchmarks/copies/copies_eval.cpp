// Scores the stories of a Dossier index (the story key of slot
// schema::kSlotStory, docs/copies.md) against copies_reference's exact pairs:
// how many true copies Dossier puts in one story (recall), how many of the
// articles it puts together are copies (precision), by pair and by story, and
// examples of both kinds of error with their exact containment, so that a
// threshold or a sketch can be judged on what it gets wrong.
//
//   copies_eval --index IX --pairs pairs.tsv [--threshold 0.8] [--near 0.05]
//
// Reference positives: the pairs of pairs.tsv at containment >= --threshold
// whose two ids are both in the index. Dossier's pairs: every two articles
// with the same non-empty story key. Reference stories: the connected
// components of the positive pairs, so that both sides are transitive.
// --near: the width of the bands either side of the threshold where an error
// is a judgement call rather than a plain error: false pairs at containment
// in [threshold - near, threshold), missed positives in [threshold,
// threshold + near).
// Prints a markdown report, then one JSON line with the figures (null where
// a ratio has no denominator).
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/schema.h"
#include "common/stored_article.h"

namespace {

constexpr std::uint32_t kNoStory = UINT32_MAX;

struct Options {
    std::string index;
    std::string pairs;
    double threshold = 0.8;
    double near = 0.05;
};

struct IndexedArticles {
    std::vector<std::string> ids;
    std::vector<std::string> titles;
    std::vector<std::uint32_t> story;  // per article: its story number, or kNoStory
    std::vector<std::uint32_t> story_sizes;
    std::unordered_map<std::string, std::uint32_t> article_of_id;
};

IndexedArticles read_index(const std::string& path) {
    IndexedArticles out;
    const Xapian::Database db(path);
    const dossier::RecordCompressor records = dossier::record_compressor(db);
    std::unordered_map<std::string, std::uint32_t> story_of_key;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        dossier::StoredArticle stored = dossier::read_stored_article(doc, records);
        const auto article = static_cast<std::uint32_t>(out.ids.size());
        out.article_of_id.emplace(stored.article.id, article);
        out.ids.push_back(std::move(stored.article.id));
        out.titles.push_back(std::move(stored.article.title));
        const std::string key = doc.get_value(dossier::schema::kSlotStory);
        if (key.empty()) {
            out.story.push_back(kNoStory);
            continue;
        }
        const auto [found, added] =
            story_of_key.emplace(key, static_cast<std::uint32_t>(out.story_sizes.size()));
        if (added)
            out.story_sizes.push_back(0);
        ++out.story_sizes[found->second];
        out.story.push_back(found->second);
    }
    return out;
}

struct ReferencePair {
    std::uint32_t a;
    std::uint32_t b;
    double containment;
    double jaccard;
    std::string shingles_a;
    std::string shingles_b;
    std::string title_a;
    std::string title_b;
};

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
    return a < b ? (std::uint64_t{a} << 32) | b : (std::uint64_t{b} << 32) | a;
}

std::uint64_t pairs_among(std::uint64_t n) {
    return n * (n - (n > 0)) / 2;
}

struct ReferenceFile {
    std::vector<ReferencePair> pairs;  // both ids in the index
    std::size_t rows = 0;
    std::size_t rows_not_in_index = 0;
};

ReferenceFile read_pairs(const std::string& path, const IndexedArticles& index) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error(path + ": cannot read");
    ReferenceFile out;
    std::string line;
    std::getline(in, line);  // the header
    std::vector<std::string> fields;
    while (std::getline(in, line)) {
        fields.clear();
        std::istringstream row(line);
        for (std::string field; std::getline(row, field, '\t');)
            fields.push_back(std::move(field));
        if (fields.size() < 6)
            throw std::runtime_error(path + ": a row with fewer than 6 fields: " + line);
        fields.resize(8);  // empty titles leave no trailing field
        ++out.rows;
        const auto a = index.article_of_id.find(fields[0]);
        const auto b = index.article_of_id.find(fields[1]);
        if (a == index.article_of_id.end() || b == index.article_of_id.end()) {
            ++out.rows_not_in_index;
            continue;
        }
        out.pairs.push_back({a->second, b->second, std::stod(fields[2]), std::stod(fields[3]),
                             fields[4], fields[5], fields[6], fields[7]});
    }
    return out;
}

// Union-find over article numbers, for the reference stories.
class Components {
  public:
    explicit Components(std::size_t n) : parent_(n) {
        std::iota(parent_.begin(), parent_.end(), 0U);
    }
    std::uint32_t root(std::uint32_t x) {
        while (parent_[x] != x)
            x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void join(std::uint32_t a, std::uint32_t b) { parent_[root(a)] = root(b); }

  private:
    std::vector<std::uint32_t> parent_;
};

// Containment buckets of the histograms; the first also holds the pairs
// copies_reference did not write (containment under its --min-containment).
const std::vector<std::pair<double, std::string>> kBuckets = {
    {0.0, "<0.5 / not in file"}, {0.5, "0.5-0.6"},   {0.6, "0.6-0.7"},
    {0.7, "0.7-0.75"},           {0.75, "0.75-0.8"}, {0.8, "0.8-0.85"},
    {0.85, "0.85-0.9"},          {0.9, "0.9-1.0"},   {1.0, "1.0"}};

std::size_t bucket_of(double containment) {
    std::size_t bucket = 0;
    while (bucket + 1 < kBuckets.size() && containment >= kBuckets[bucket + 1].first)
        ++bucket;
    return bucket;
}

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0)
        return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

std::string as_text(std::optional<double> value) {
    if (!value)
        return "n/a";
    std::ostringstream out;
    out << std::fixed << std::setprecision(4) << *value;
    return out.str();
}

std::string as_json(std::optional<double> value) {
    return value ? as_text(value) : "null";
}

std::string escape_markdown(std::string s) {
    std::string out;
    for (const char c : s) {
        if (c == '|')
            out += "\\|";
        else
            out += c;
    }
    return out;
}

// Up to `count` of `items`, evenly spaced, so that examples span the range.
template <typename T>
std::vector<T> spread(const std::vector<T>& items, std::size_t count) {
    if (items.size() <= count)
        return items;
    std::vector<T> out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(items[i * (items.size() - 1) / (count - 1)]);
    return out;
}

struct Counts {
    std::uint64_t articles_in_stories = 0;
    std::uint64_t stories = 0;
    std::uint64_t pairs = 0;
    std::uint64_t largest = 0;
};

Counts count_stories(const std::vector<std::uint64_t>& sizes) {
    Counts counts;
    for (const std::uint64_t size : sizes) {
        if (size < 2)
            continue;
        counts.articles_in_stories += size;
        ++counts.stories;
        counts.pairs += pairs_among(size);
        counts.largest = std::max(counts.largest, size);
    }
    return counts;
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const bool has_value = i + 1 < argc;
        if (argument == "--index" && has_value)
            options.index = argv[++i];
        else if (argument == "--pairs" && has_value)
            options.pairs = argv[++i];
        else if (argument == "--threshold" && has_value)
            options.threshold = std::stod(argv[++i]);
        else if (argument == "--near" && has_value)
            options.near = std::stod(argv[++i]);
        else
            throw std::invalid_argument("unexpected argument " + argument);
    }
    if (options.index.empty() || options.pairs.empty())
        throw std::invalid_argument("--index and --pairs are required");
    return options;
}

int evaluate(const Options& options) {
    const IndexedArticles index = read_index(options.index);
    const ReferenceFile reference = read_pairs(options.pairs, index);
    const std::size_t n = index.ids.size();
    const auto same_story = [&](const ReferencePair& pair) {
        return index.story[pair.a] != kNoStory && index.story[pair.a] == index.story[pair.b];
    };

    // Pairs: positives, and which of them Dossier has. A Dossier pair that
    // is a positive is a positive pair in one story, so one count serves both
    // ratios; Dossier's own pairs are counted from story sizes.
    std::vector<std::uint64_t> dossier_sizes(index.story_sizes.begin(), index.story_sizes.end());
    const Counts dossier = count_stories(dossier_sizes);
    std::uint64_t positives = 0;
    std::uint64_t positives_found = 0;
    std::vector<std::uint64_t> dossier_histogram(kBuckets.size(), 0);
    std::vector<std::uint64_t> missed_histogram(kBuckets.size(), 0);
    std::vector<const ReferencePair*> missed;
    std::vector<const ReferencePair*> false_in_file;
    std::uint64_t false_near = 0;
    std::uint64_t missed_near = 0;
    Components components(n);
    for (const ReferencePair& pair : reference.pairs) {
        const bool positive = pair.containment >= options.threshold;
        const bool together = same_story(pair);
        if (positive) {
            ++positives;
            components.join(pair.a, pair.b);
        }
        if (together) {
            ++dossier_histogram[bucket_of(pair.containment)];
            positives_found += positive;
            if (!positive) {
                false_in_file.push_back(&pair);
                false_near += pair.containment >= options.threshold - options.near;
            }
        } else if (positive) {
            ++missed_histogram[bucket_of(pair.containment)];
            missed.push_back(&pair);
            missed_near += pair.containment < options.threshold + options.near;
        }
    }
    std::uint64_t dossier_pairs_in_file = 0;
    for (const std::uint64_t count : dossier_histogram)
        dossier_pairs_in_file += count;
    dossier_histogram[0] += dossier.pairs - dossier_pairs_in_file;

    // Stories: reference components against Dossier stories; the pairs both
    // put together are counted per (component, story) cell.
    std::vector<std::uint64_t> component_sizes(n, 0);
    std::unordered_map<std::uint64_t, std::uint64_t> cell_sizes;
    for (std::uint32_t article = 0; article < n; ++article) {
        const std::uint32_t root = components.root(article);
        ++component_sizes[root];
        if (index.story[article] != kNoStory)
            ++cell_sizes[(std::uint64_t{root} << 32) | index.story[article]];
    }
    const Counts reference_stories = count_stories(component_sizes);
    std::uint64_t story_pairs_shared = 0;
    for (const auto& [cell, size] : cell_sizes)
        story_pairs_shared += pairs_among(size);

    // Examples of false pairs under --min-containment (not in the file) come
    // from Dossier's stories themselves: look for a few, within a budget.
    std::vector<std::uint64_t> file_keys;
    file_keys.reserve(reference.pairs.size());
    for (const ReferencePair& pair : reference.pairs)
        file_keys.push_back(pair_key(pair.a, pair.b));
    std::sort(file_keys.begin(), file_keys.end());
    std::vector<std::vector<std::uint32_t>> members(index.story_sizes.size());
    for (std::uint32_t article = 0; article < n; ++article)
        if (index.story[article] != kNoStory)
            members[index.story[article]].push_back(article);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> false_not_in_file;
    std::uint64_t budget = 20'000'000;
    for (const std::vector<std::uint32_t>& story : members) {
        for (std::size_t i = 0; i < story.size() && false_not_in_file.size() < 5 && budget; ++i)
            for (std::size_t j = i + 1; j < story.size() && false_not_in_file.size() < 5 && budget;
                 ++j, --budget)
                if (!std::binary_search(file_keys.begin(), file_keys.end(),
                                        pair_key(story[i], story[j])))
                    false_not_in_file.emplace_back(story[i], story[j]);
    }

    const auto pair_recall = ratio(positives_found, positives);
    const auto pair_precision = ratio(positives_found, dossier.pairs);
    const auto story_recall = ratio(story_pairs_shared, reference_stories.pairs);
    const auto story_precision = ratio(story_pairs_shared, dossier.pairs);
    const auto share = [&](std::uint64_t articles) { return as_text(ratio(articles, n)); };

    std::cout << "# Copies: Dossier's stories against the exact reference\n\n"
              << "- index: " << options.index << "; reference: " << options.pairs << " ("
              << reference.rows << " pairs, " << reference.rows_not_in_index
              << " with an id not in the index)\n"
              << "- positive: containment >= " << options.threshold << "; near: within "
              << options.near << " of it\n\n"
              << "| figure | Dossier | reference |\n| --- | ---: | ---: |\n"
              << "| articles | " << n << " | " << n << " |\n"
              << "| pairs (positive pairs for the reference) | " << dossier.pairs << " | "
              << positives << " |\n"
              << "| positive pairs in one Dossier story | " << positives_found << " | |\n"
              << "| pair recall | " << as_text(pair_recall) << " | |\n"
              << "| pair precision | " << as_text(pair_precision) << " | |\n"
              << "| pairs within a story (reference: component) | " << dossier.pairs << " | "
              << reference_stories.pairs << " |\n"
              << "| story pairs in both | " << story_pairs_shared << " | |\n"
              << "| story recall | " << as_text(story_recall) << " | |\n"
              << "| story precision | " << as_text(story_precision) << " | |\n"
              << "| articles in stories of >= 2 | " << dossier.articles_in_stories << " | "
              << reference_stories.articles_in_stories << " |\n"
              << "| share of articles | " << share(dossier.articles_in_stories) << " | "
              << share(reference_stories.articles_in_stories) << " |\n"
              << "| stories of >= 2 | " << dossier.stories << " | " << reference_stories.stories
              << " |\n"
              << "| largest story | " << dossier.largest << " | " << reference_stories.largest
              << " |\n"
              << "| false pairs just under the threshold | " << false_near << " | |\n"
              << "| missed positives just over the threshold | " << missed_near << " | |\n\n";

    std::cout << "## Reference containment of Dossier's pairs and of the positives it missed\n\n"
              << "| containment | Dossier pairs | missed positives |\n| --- | ---: | ---: |\n";
    for (std::size_t b = 0; b < kBuckets.size(); ++b)
        std::cout << "| " << kBuckets[b].second << " | " << dossier_histogram[b] << " | "
                  << missed_histogram[b] << " |\n";

    const auto print_examples = [&](const std::string& heading,
                                    const std::vector<const ReferencePair*>& pairs) {
        std::cout << "\n## " << heading << "\n\n";
        if (pairs.empty()) {
            std::cout << "none\n";
            return;
        }
        std::cout << "| containment | jaccard | shingles | id a | id b | title a | title b |\n"
                  << "| ---: | ---: | ---: | --- | --- | --- | --- |\n";
        for (const ReferencePair* pair : pairs)
            std::cout << "| " << as_text(pair->containment) << " | " << as_text(pair->jaccard)
                      << " | " << pair->shingles_a << "/" << pair->shingles_b << " | "
                      << index.ids[pair->a] << " | " << index.ids[pair->b] << " | "
                      << escape_markdown(pair->title_a) << " | " << escape_markdown(pair->title_b)
                      << " |\n";
    };
    std::sort(missed.begin(), missed.end(), [](const ReferencePair* x, const ReferencePair* y) {
        return x->containment > y->containment;
    });
    print_examples("Missed positive pairs (examples, " + std::to_string(missed.size()) + " in all)",
                   spread(missed, 10));
    std::sort(false_in_file.begin(), false_in_file.end(),
              [](const ReferencePair* x, const ReferencePair* y) {
                  return x->containment > y->containment;
              });
    const std::uint64_t false_pairs = dossier.pairs - positives_found;
    print_examples("False Dossier pairs in the file (examples; " + std::to_string(false_pairs) +
                       " false pairs in all, " + std::to_string(false_in_file.size()) +
                       " in the file)",
                   spread(false_in_file, 10 - false_not_in_file.size()));
    std::cout << "\n## False Dossier pairs under --min-containment or sharing no rare shingle "
                 "(examples)\n\n";
    if (false_not_in_file.empty())
        std::cout << "none found\n";
    for (const auto& [a, b] : false_not_in_file)
        std::cout << "- " << index.ids[a] << " \"" << index.titles[a] << "\" / " << index.ids[b]
                  << " \"" << index.titles[b] << "\"\n";

    std::cout << "\n{\"articles\":" << n << ",\"threshold\":" << options.threshold
              << ",\"reference_positive_pairs\":" << positives
              << ",\"dossier_pairs\":" << dossier.pairs
              << ",\"positive_pairs_found\":" << positives_found
              << ",\"pair_recall\":" << as_json(pair_recall)
              << ",\"pair_precision\":" << as_json(pair_precision)
              << ",\"reference_story_pairs\":" << reference_stories.pairs
              << ",\"story_pairs_shared\":" << story_pairs_shared
              << ",\"story_recall\":" << as_json(story_recall)
              << ",\"story_precision\":" << as_json(story_precision)
              << ",\"dossier_articles_in_stories\":" << dossier.articles_in_stories
              << ",\"dossier_stories\":" << dossier.stories
              << ",\"reference_articles_in_stories\":" << reference_stories.articles_in_stories
              << ",\"reference_stories\":" << reference_stories.stories
              << ",\"false_pairs_near\":" << false_near << ",\"missed_pairs_near\":" << missed_near
              << "}\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "copies_eval: " << error.what() << "\n"
                  << "usage: copies_eval --index IX --pairs pairs.tsv [--threshold 0.8] "
                     "[--near 0.05]\n";
        return 2;
    }
    try {
        return evaluate(options);
    } catch (const Xapian::Error& error) {
        std::cerr << "copies_eval: " << options.index << ": " << error.get_description() << '\n';
    } catch (const std::exception& error) {
        std::cerr << "copies_eval: " << error.what() << '\n';
    }
    return 2;
}
