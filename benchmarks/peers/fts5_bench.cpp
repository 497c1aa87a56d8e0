// The SQLite FTS5 peer of benchmarks/run, through libsqlite3 as a C++
// application would use it: one FTS5 table of articles (title, text, and the
// publication date as stored, unindexed columns), tokenizer porter unicode61,
// content stored; queries ranked by bm25 with snippet().
//
//   fts5_bench build DB [--limit N] CORPUS.jsonl[.gz]...   -> articles bytes seconds
//   fts5_bench query DB QUERIES.tsv [--passes N] [--no-header]
//
// Query translation (the closest FTS5 form of each Dossier query): words are
// ANDed quoted tokens, "phrases" stay phrases, OR stays OR; an actor filter
// becomes the actor's name as a phrase ANDed in (FTS5 has no entities or
// aliases); a date range is a WHERE on the stored date column; a query with
// facets also counts all its matches by month (GROUP BY on the stored column,
// the one facet FTS5 can count); a filter-only query is ordered by date.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "benchmarks/article_stream.h"
#include "benchmarks/query_set.h"

namespace {

namespace bench = dossier::bench;

class Database {
  public:
    explicit Database(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
            throw std::runtime_error(path + ": " + sqlite3_errmsg(db_));
    }
    ~Database() { sqlite3_close(db_); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void execute(const std::string& sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string what = message ? message : "unknown error";
            sqlite3_free(message);
            throw std::runtime_error(sql + ": " + what);
        }
    }
    sqlite3* handle() { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

class Statement {
  public:
    Statement(Database& db, const std::string& sql) {
        if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK)
            throw std::runtime_error(sql + ": " + sqlite3_errmsg(db.handle()));
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement(Statement&& other) noexcept : statement_(other.statement_) {
        other.statement_ = nullptr;
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, const std::string& value) {
        sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT);
    }
    void bind(int index, int value) { sqlite3_bind_int(statement_, index, value); }
    bool step() {
        const int status = sqlite3_step(statement_);
        if (status == SQLITE_ROW)
            return true;
        if (status != SQLITE_DONE)
            throw std::runtime_error(std::string("sqlite3_step: ") +
                                     sqlite3_errmsg(sqlite3_db_handle(statement_)));
        return false;
    }
    void reset() { sqlite3_reset(statement_); }
    std::size_t column_bytes(int column) {
        return static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
    }

  private:
    sqlite3_stmt* statement_ = nullptr;
};

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"')
            out += '"';
    }
    return out + "\"";
}

std::string match_expression(const bench::BenchQuery& query) {
    std::string words;
    for (const bench::QueryToken& token : bench::tokenize_query(query.text)) {
        if (!words.empty())
            words += ' ';
        words += token.operator_ ? token.text : quoted(token.text);
    }
    std::string expression = words.empty() ? "" : "(" + words + ")";
    for (const std::string& actor : query.actors)
        expression += (expression.empty() ? "" : " AND ") + quoted(actor);
    return expression;
}

int build(const std::string& path, std::size_t limit,
          const std::vector<std::filesystem::path>& files) {
    std::filesystem::remove(path);
    Database db(path);
    const auto start = std::chrono::steady_clock::now();
    db.execute(
        "CREATE VIRTUAL TABLE articles USING fts5(title, text, date UNINDEXED, month UNINDEXED, "
        "tokenize = 'porter unicode61')");
    db.execute("BEGIN");
    Statement insert(db, "INSERT INTO articles(title, text, date, month) VALUES (?1, ?2, ?3, ?4)");
    std::uint64_t bytes = 0;
    const std::size_t articles =
        bench::for_each_article(files, limit, [&](const bench::StreamedArticle& article) {
            insert.bind(1, article.title);
            insert.bind(2, article.text);
            insert.bind(3, article.date);
            insert.bind(4, article.date.substr(0, 7));
            insert.step();
            insert.reset();
            bytes += article.title.size() + article.text.size();
        });
    db.execute("COMMIT");
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cout << "articles\tbytes\tseconds\n"
              << articles << '\t' << bytes << '\t' << took.count() << '\n';
    return 0;
}

struct PreparedQuery {
    Statement hits;
    std::optional<Statement> facets;
};

PreparedQuery prepare(Database& db, const bench::BenchQuery& query) {
    const bool dated = !query.from.empty() || !query.to.empty();
    const std::string where =
        "WHERE articles MATCH ?1" + std::string(dated ? " AND date BETWEEN ?2 AND ?3" : "");
    const std::string order = query.text.empty() ? "date DESC" : "rank";
    PreparedQuery prepared{
        Statement(db,
                  "SELECT rowid, title, snippet(articles, -1, '[', ']', '...', 24), bm25(articles) "
                  "FROM articles " +
                      where + " ORDER BY " + order + " LIMIT 10 OFFSET " +
                      std::to_string(query.offset)),
        std::nullopt};
    if (!query.facets.empty())
        prepared.facets.emplace(
            db, "SELECT month, count(*) FROM articles " + where + " GROUP BY month");
    const std::string expression = match_expression(query);
    for (Statement* statement : {&prepared.hits, prepared.facets ? &*prepared.facets : nullptr}) {
        if (statement == nullptr)
            continue;
        statement->bind(1, expression);
        if (dated) {
            statement->bind(2, bench::lower_day(query.from));
            statement->bind(3, bench::upper_day(query.to));
        }
    }
    return prepared;
}

int query(const std::string& path, const std::string& queries_file, unsigned passes, bool header) {
    const auto queries = bench::load_query_set(queries_file);
    Database db(path);
    std::vector<PreparedQuery> prepared;
    for (const auto& query : queries)
        prepared.push_back(prepare(db, query));
    std::vector<std::vector<double>> timings(queries.size());
    std::vector<std::size_t> hits(queries.size());
    std::size_t bytes = 0;
    for (unsigned pass = 0; pass <= passes; ++pass) {
        for (std::size_t q = 0; q < queries.size(); ++q) {
            const auto start = std::chrono::steady_clock::now();
            std::size_t rows = 0;
            while (prepared[q].hits.step()) {
                bytes += prepared[q].hits.column_bytes(1) + prepared[q].hits.column_bytes(2);
                ++rows;
            }
            prepared[q].hits.reset();
            if (prepared[q].facets) {
                while (prepared[q].facets->step())
                    bytes += prepared[q].facets->column_bytes(0);
                prepared[q].facets->reset();
            }
            const std::chrono::duration<double, std::milli> took =
                std::chrono::steady_clock::now() - start;
            if (pass == 0)
                continue;
            timings[q].push_back(took.count());
            hits[q] = rows;
        }
    }
    bench::LatencyTable table;
    for (std::size_t q = 0; q < queries.size(); ++q)
        table.add(queries[q].query_class, std::move(timings[q]), hits[q]);
    table.print_tsv(std::cout, "fts5", header);
    if (bytes == 0)
        std::cerr << "fts5_bench: no query matched anything\n";
    return 0;
}

int usage() {
    std::cerr << "usage: fts5_bench build DB [--limit N] CORPUS.jsonl[.gz]...\n"
                 "       fts5_bench query DB QUERIES.tsv [--passes N] [--no-header]\n";
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
    bool header = true;
    std::vector<std::string> rest;
    for (int i = 3; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--limit" && i + 1 < argc)
            limit = std::stoul(argv[++i]);
        else if (argument == "--passes" && i + 1 < argc)
            passes = static_cast<unsigned>(std::stoul(argv[++i]));
        else if (argument == "--no-header")
            header = false;
        else
            rest.push_back(argument);
    }
    try {
        if (command == "build")
            return build(db, limit, {rest.begin(), rest.end()});
        if (command == "query" && rest.size() == 1 && passes > 0)
            return query(db, rest[0], passes, header);
        return usage();
    } catch (const std::exception& error) {
        std::cerr << "fts5_bench: " << error.what() << '\n';
        return 2;
    }
}
