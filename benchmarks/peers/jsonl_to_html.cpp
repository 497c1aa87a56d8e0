// Writes each article of JSONL(.gz) corpora as a small HTML file, the input
// Xapian's omindex takes (it indexes files, not records): <title>, the text as
// <p> paragraphs, and the file's modification time set to the publication
// date, from which omindex makes its date terms (D, M, Y). benchmarks/run
// times this conversion separately from omindex itself.
//
//   jsonl_to_html DIR [--limit N] CORPUS.jsonl[.gz]...   -> articles bytes seconds
#include <utime.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks/article_stream.h"

namespace {

void append_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            default:
                out += c;
        }
    }
}

std::string to_html(const dossier::bench::StreamedArticle& article) {
    std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>";
    append_escaped(html, article.title);
    html += "</title></head><body>\n<p>";
    std::string_view text = article.text;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find("\n\n", start), text.size());
        append_escaped(html, text.substr(start, end - start));
        if (end == text.size())
            break;
        html += "</p>\n<p>";
        start = end + 2;
    }
    html += "</p>\n</body></html>\n";
    return html;
}

// Noon UTC of YYYY-MM-DD, so that no time zone moves it to another day.
std::time_t noon_utc(const std::string& day) {
    std::tm parts{};
    parts.tm_year = std::stoi(day.substr(0, 4)) - 1900;
    parts.tm_mon = std::stoi(day.substr(5, 2)) - 1;
    parts.tm_mday = std::stoi(day.substr(8, 2));
    parts.tm_hour = 12;
    return timegm(&parts);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: jsonl_to_html DIR [--limit N] CORPUS.jsonl[.gz]...\n";
        return 2;
    }
    const std::filesystem::path directory = argv[1];
    std::size_t limit = 0;
    std::vector<std::filesystem::path> files;
    for (int i = 2; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--limit" && i + 1 < argc)
            limit = std::stoul(argv[++i]);
        else
            files.emplace_back(argument);
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        std::filesystem::create_directories(directory);
        std::uint64_t bytes = 0;
        std::size_t number = 0;
        const std::size_t articles = dossier::bench::for_each_article(
            files, limit, [&](const dossier::bench::StreamedArticle& article) {
                char name[32];
                std::snprintf(name, sizeof name, "%07zu.html", number++);
                const std::filesystem::path file = directory / name;
                {
                    std::ofstream out(file, std::ios::binary);
                    const std::string html = to_html(article);
                    out.write(html.data(), static_cast<std::streamsize>(html.size()));
                    if (!out)
                        throw std::runtime_error(file.string() + ": cannot write");
                }
                if (article.date.size() == 10) {
                    const utimbuf times{noon_utc(article.date), noon_utc(article.date)};
                    utime(file.c_str(), &times);
                }
                bytes += article.title.size() + article.text.size();
            });
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::cout << "articles\tbytes\tseconds\n"
                  << articles << '\t' << bytes << '\t' << took.count() << '\n';
    } catch (const std::exception& error) {
        std::cerr << "jsonl_to_html: " << error.what() << '\n';
        return 2;
    }
    return 0;
}
