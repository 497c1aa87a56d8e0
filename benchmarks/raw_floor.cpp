// The raw floor of indexing: read the articles of JSONL(.gz) corpora (gzip,
// JSON decoding: what every indexer must do) and split title and text into
// words with a tight loop, doing nothing else. Indexing time divided by this
// time says how much of it is indexing proper.
//
//   raw_floor [--limit N] CORPUS.jsonl[.gz]...
// prints one TSV row: articles bytes words seconds (bytes = title + text,
// decoded: the "raw text" every MB/s figure of benchmarks/run refers to).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks/article_stream.h"

namespace {

// A word is a run of ASCII letters and digits or of non-ASCII bytes (UTF-8
// letters); everything else separates words. Cruder than a real tokenizer,
// which is the point: no indexer can split faster than this.
std::size_t count_words(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool word_byte = (byte >= '0' && byte <= '9') ||
                               ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z') || byte >= 0x80;
        words += static_cast<std::size_t>(word_byte && !in_word);
        in_word = word_byte;
    }
    return words;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::filesystem::path> files;
    std::size_t limit = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--limit" && i + 1 < argc)
            limit = std::stoul(argv[++i]);
        else
            files.emplace_back(argument);
    }
    if (files.empty()) {
        std::cerr << "usage: raw_floor [--limit N] CORPUS.jsonl[.gz]...\n";
        return 2;
    }
    try {
        std::uint64_t bytes = 0;
        std::uint64_t words = 0;
        const auto start = std::chrono::steady_clock::now();
        const std::size_t articles = dossier::bench::for_each_article(
            files, limit, [&](const dossier::bench::StreamedArticle& article) {
                bytes += article.title.size() + article.text.size();
                words += count_words(article.title) + count_words(article.text);
            });
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::cout << "articles\tbytes\twords\tseconds\n"
                  << articles << '\t' << bytes << '\t' << words << '\t' << took.count() << '\n';
    } catch (const std::exception& error) {
        std::cerr << "raw_floor: " << error.what() << '\n';
        return 2;
    }
    return 0;
}
