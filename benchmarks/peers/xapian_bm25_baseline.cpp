// The ranking-quality baseline of benchmarks/quality: plain Xapian BM25 at
// article level, built exactly as the reference figures of the CISI/NPL
// development sets were made, so that a run of it reproduces them and a
// Dossier figure beside it has a known floor. One document per article, title
// and text indexed together by TermGenerator (Snowball english, STEM_SOME),
// BM25Weight with its default parameters, QueryParser with the default
// operator OR, the top 100 articles.
//
//   xapian_bm25_baseline index DB DOCS.jsonl[.gz]...
//   xapian_bm25_baseline run DB TOPICS.tsv [--depth 100] [--as-typed] [--tag NAME]
//
// `run` reads `qid<TAB>text` lines and prints a TREC run on stdout,
// `qid Q0 docid rank score tag`. By default each topic is reduced to its
// words, lower-cased, joined by OR (anything that is not a letter or digit
// separates words), as benchmarks/quality does for Dossier; --as-typed parses
// the topic text as written (QueryParser's default flags: an upper-case AND,
// OR or NOT in a topic is an operator, and STEM_SOME leaves capitalised words
// unstemmed).
#include <xapian.h>

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "benchmarks/article_stream.h"

namespace {

namespace bench = dossier::bench;

// Each document's data is the article id, the one thing a run needs back.
int index_articles(const std::string& path, const std::vector<std::filesystem::path>& files) {
    // Before the database is created, so that a typo leaves nothing behind.
    for (const std::filesystem::path& file : files)
        if (!std::filesystem::is_regular_file(file))
            throw std::runtime_error(file.string() + ": no such file");
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    const std::size_t articles =
        bench::for_each_article(files, 0, [&](const bench::StreamedArticle& article) {
            Xapian::Document document;
            generator.set_document(document);
            generator.index_text(article.title);
            generator.increase_termpos();
            generator.index_text(article.text);
            document.set_data(article.id);
            db.add_document(document);
        });
    db.commit();
    std::cerr << "xapian_bm25_baseline: indexed " << articles << " articles into " << path << '\n';
    return 0;
}

bool is_letter_or_digit(unsigned ch) {
    using Xapian::Unicode::category;
    switch (Xapian::Unicode::get_category(ch)) {
        case category::UPPERCASE_LETTER:
        case category::LOWERCASE_LETTER:
        case category::TITLECASE_LETTER:
        case category::MODIFIER_LETTER:
        case category::OTHER_LETTER:
        case category::DECIMAL_DIGIT_NUMBER:
        case category::LETTER_NUMBER:
        case category::OTHER_NUMBER:
            return true;
        default:
            return false;
    }
}

// "What is X-ray?" -> "what OR is OR x OR ray": only lower-case words remain,
// so no operator, field prefix or phrase of the topic can reach the parser.
std::string words_joined_by_or(const std::string& text) {
    std::string joined;
    std::string word;
    const auto flush = [&] {
        if (word.empty())
            return;
        joined += (joined.empty() ? "" : " OR ") + word;
        word.clear();
    };
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
        if (is_letter_or_digit(*it))
            Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(*it));
        else
            flush();
    }
    flush();
    return joined;
}

int run_topics(const std::string& path, const std::string& topics_file, Xapian::doccount depth,
               bool as_typed, const std::string& tag) {
    std::ifstream topics(topics_file);
    if (!topics)
        throw std::runtime_error(topics_file + ": cannot read");
    Xapian::Database db(path);
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_OR);
    parser.set_database(db);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());

    std::string line;
    std::size_t line_number = 0;
    while (std::getline(topics, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            continue;
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos || tab == 0)
            throw std::runtime_error(topics_file + ":" + std::to_string(line_number) +
                                     ": expected qid<TAB>text");
        const std::string qid = line.substr(0, tab);
        const std::string text = line.substr(tab + 1);
        Xapian::Query query;
        try {
            query = parser.parse_query(as_typed ? text : words_joined_by_or(text));
        } catch (const Xapian::QueryParserError& error) {
            // A topic the parser rejects ranks nothing; say so and go on, as
            // benchmarks/quality does for Dossier.
            std::cerr << "xapian_bm25_baseline: " << topics_file << ":" << line_number << ": "
                      << error.get_description() << '\n';
            continue;
        }
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(0, depth);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            char score[32];
            std::snprintf(score, sizeof score, "%.6f", it.get_weight());
            std::cout << qid << " Q0 " << it.get_document().get_data() << ' ' << it.get_rank() + 1
                      << ' ' << score << ' ' << tag << '\n';
        }
    }
    return 0;
}

int usage() {
    std::cerr << "usage: xapian_bm25_baseline index DB DOCS.jsonl[.gz]...\n"
                 "       xapian_bm25_baseline run DB TOPICS.tsv [--depth 100] [--as-typed] "
                 "[--tag NAME]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4)
        return usage();
    const std::string command = argv[1];
    const std::string db = argv[2];
    Xapian::doccount depth = 100;
    bool as_typed = false;
    std::string tag = "xapian-bm25";
    std::vector<std::string> rest;
    for (int i = 3; i < argc; ++i) {
        const std::string argument = argv[i];
        if (command == "run" && argument == "--depth" && i + 1 < argc) {
            const std::string value = argv[++i];
            if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
                value.size() > 9)
                return usage();
            depth = static_cast<Xapian::doccount>(std::stoul(value));
        } else if (command == "run" && argument == "--tag" && i + 1 < argc)
            tag = argv[++i];
        else if (command == "run" && argument == "--as-typed")
            as_typed = true;
        else
            rest.push_back(argument);
    }
    try {
        if (command == "index" && !rest.empty())
            return index_articles(db, {rest.begin(), rest.end()});
        if (command == "run" && rest.size() == 1 && depth > 0)
            return run_topics(db, rest[0], depth, as_typed, tag);
        return usage();
    } catch (const Xapian::Error& error) {
        std::cerr << "xapian_bm25_baseline: " << error.get_description() << '\n';
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "xapian_bm25_baseline: " << error.what() << '\n';
        return 2;
    }
}
