// The plain-Xapian peer of benchmarks/run: what a developer writes in an
// afternoon with Xapian's documented API. One document per article, a
// single-threaded TermGenerator (Snowball english, STEM_ALL, positions) over
// title and text, the month as a boolean term (M) and a value (slot 1), one
// commit at the end; queries through QueryParser and Enquire, 10 hits with
// their stored data, no snippets.
//
// It also queries omindex's databases (--omindex: STEM_SOME, as omindex
// indexes; no month value, so no facet counting there).
//
//   xapian_plain build DB [--limit N] CORPUS.jsonl[.gz]...   -> articles bytes seconds
//   xapian_plain query DB QUERIES.tsv [--passes N] [--omindex] [--engine NAME] [--no-header]
//
// Query translation as for FTS5 (peers/fts5_bench.cpp): an actor is its name
// as a phrase, a date range is a filter on the month terms it covers, facets
// are a ValueCountMatchSpy on the month over all matches.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "benchmarks/article_stream.h"
#include "benchmarks/query_set.h"

namespace {

namespace bench = dossier::bench;

constexpr Xapian::valueno month_slot = 1;

std::string month_term(const std::string& day) {
    return "M" + day.substr(0, 4) + day.substr(5, 2);
}

int build(const std::string& path, std::size_t limit,
          const std::vector<std::filesystem::path>& files) {
    const auto start = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    std::uint64_t bytes = 0;
    const std::size_t articles =
        bench::for_each_article(files, limit, [&](const bench::StreamedArticle& article) {
            Xapian::Document document;
            generator.set_document(document);
            generator.index_text(article.title);
            generator.increase_termpos();
            generator.index_text(article.text);
            if (article.date.size() >= 7) {
                document.add_boolean_term(month_term(article.date));
                document.add_value(month_slot, article.date.substr(0, 7));
            }
            document.set_data(article.id + '\n' + article.title);
            db.add_document(document);
            bytes += article.title.size() + article.text.size();
        });
    db.commit();
    db.close();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cout << "articles\tbytes\tseconds\n"
              << articles << '\t' << bytes << '\t' << took.count() << '\n';
    return 0;
}

std::string query_string(const bench::BenchQuery& query) {
    std::string text;
    bool has_operator = false;
    for (const bench::QueryToken& token : bench::tokenize_query(query.text)) {
        if (!text.empty())
            text += ' ';
        text += token.phrase ? '"' + token.text + '"' : token.text;
        has_operator = has_operator || token.operator_;
    }
    if (has_operator && !query.actors.empty())
        text = "(" + text + ")";
    for (const std::string& actor : query.actors)
        text += (text.empty() ? "\"" : " \"") + actor + '"';
    return text;
}

// The month terms a date range covers, ORed: the filter Omega itself uses.
Xapian::Query month_filter(const bench::BenchQuery& query) {
    const std::string lower = bench::lower_day(query.from);
    const std::string upper = bench::upper_day(query.to);
    int year = std::stoi(lower.substr(0, 4));
    int month = std::max(1, std::stoi(lower.substr(5, 2)));
    const int last_year = std::min(9999, std::stoi(upper.substr(0, 4)));
    const int last_month = std::stoi(upper.substr(5, 2));
    std::vector<Xapian::Query> months;
    while (year < last_year || (year == last_year && month <= last_month)) {
        char term[16];
        std::snprintf(term, sizeof term, "M%04d%02d", year, month);
        months.emplace_back(term);
        if (++month == 13) {
            month = 1;
            ++year;
        }
    }
    return Xapian::Query(Xapian::Query::OP_OR, months.begin(), months.end());
}

int query(const std::string& path, const std::string& queries_file, unsigned passes, bool omindex,
          const std::string& engine, bool header) {
    const auto queries = bench::load_query_set(queries_file);
    Xapian::Database db(path);
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(omindex ? Xapian::QueryParser::STEM_SOME
                                         : Xapian::QueryParser::STEM_ALL);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_database(db);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                           Xapian::QueryParser::FLAG_BOOLEAN;

    std::vector<Xapian::Query> parsed;
    for (const auto& query : queries) {
        Xapian::Query parsed_query = parser.parse_query(query_string(query), flags);
        if (!query.from.empty() || !query.to.empty())
            parsed_query =
                Xapian::Query(Xapian::Query::OP_FILTER, parsed_query, month_filter(query));
        parsed.push_back(parsed_query);
    }
    std::vector<std::vector<double>> timings(queries.size());
    std::vector<std::size_t> hits(queries.size());
    std::size_t bytes = 0;
    for (unsigned pass = 0; pass <= passes; ++pass) {
        for (std::size_t q = 0; q < queries.size(); ++q) {
            const auto start = std::chrono::steady_clock::now();
            Xapian::Enquire enquire(db);
            enquire.set_query(parsed[q]);
            const bool count_months = !omindex && !queries[q].facets.empty();
            Xapian::ValueCountMatchSpy months(month_slot);
            if (count_months)
                enquire.add_matchspy(&months);
            const Xapian::MSet mset =
                enquire.get_mset(queries[q].offset, 10, count_months ? db.get_doccount() : 0);
            for (auto it = mset.begin(); it != mset.end(); ++it)
                bytes += it.get_document().get_data().size();
            if (count_months)
                for (auto it = months.top_values_begin(10); it != months.top_values_end(10); ++it)
                    bytes += (*it).size();
            const std::chrono::duration<double, std::milli> took =
                std::chrono::steady_clock::now() - start;
            if (pass == 0)
                continue;
            timings[q].push_back(took.count());
            hits[q] = mset.size();
        }
    }
    bench::LatencyTable table;
    for (std::size_t q = 0; q < queries.size(); ++q)
        table.add(queries[q].query_class, std::move(timings[q]), hits[q]);
    table.print_tsv(std::cout, engine, header);
    if (bytes == 0)
        std::cerr << "xapian_plain: no query matched anything\n";
    return 0;
}

int usage() {
    std::cerr
        << "usage: xapian_plain build DB [--limit N] CORPUS.jsonl[.gz]...\n"
           "       xapian_plain query DB QUERIES.tsv [--passes N] [--omindex] [--engine NAME] "
           "[--no-header]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4)
        return usage();
    const std::string command = argv[1];
    const std::string db = argv[2];
    std::size_t limit = 0;
    unsigned passes = 5;
    bool omindex = false;
    bool header = true;
    std::string engine;
    std::vector<std::string> rest;
    for (int i = 3; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--limit" && i + 1 < argc)
            limit = std::stoul(argv[++i]);
        else if (argument == "--passes" && i + 1 < argc)
            passes = static_cast<unsigned>(std::stoul(argv[++i]));
        else if (argument == "--engine" && i + 1 < argc)
            engine = argv[++i];
        else if (argument == "--omindex")
            omindex = true;
        else if (argument == "--no-header")
            header = false;
        else
            rest.push_back(argument);
    }
    if (engine.empty())
        engine = omindex ? "omindex" : "xapian";
    try {
        if (command == "build")
            return build(db, limit, {rest.begin(), rest.end()});
        if (command == "query" && rest.size() == 1 && passes > 0)
            return query(db, rest[0], passes, omindex, engine, header);
        return usage();
    } catch (const Xapian::Error& error) {
        std::cerr << "xapian_plain: " << error.get_description() << '\n';
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "xapian_plain: " << error.what() << '\n';
        return 2;
    }
}
