// Runs a benchmark query set through Dossier's SearchService in-process (what
// dossier-search and dossier-serve call): 10 hits with snippets and
// attribution, facets where the query asks for them. One untimed warm-up
// pass, then --passes timed passes; prints per-class p50/p95/p99 of each
// query's median latency as TSV (benchmarks/query_set.h).
//
// --bare runs the same Xapian query (built by the service's QueryBuilder) on
// the same index through a plain Enquire: BM25, the 10 hits' stored data,
// no collapsing, snippets, facets or record parsing. It is Xapian's own
// floor on this index, which tells Dossier's overhead from Xapian's.
//
// --copies asks for every copy as a hit (SearchRequest::copies): the same
// articles as an index without stories, to tell what showing stories costs.
//
//   dossier_query_runner --index DIR --queries benchmarks/queries/news.tsv [--passes 5] [--bare]
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "benchmarks/query_set.h"
#include "common/gazetteer.h"
#include "common/schema.h"
#include "query/search/query_builder.h"
#include "query/search/search_service.h"

namespace {

struct Arguments {
    std::string index;
    std::string queries;
    unsigned passes = 5;
    std::string engine = "dossier";
    bool header = true;
    bool bare = false;
    bool stock_facets = false;
    unsigned rerank_depth = dossier::kDefaultRerankDepth;
    bool feedback = false;
    bool copies = false;
    unsigned per_article = dossier::SearchRequest{}.per_article;
};

Arguments parse_arguments(int argc, char** argv) {
    Arguments arguments;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << flag << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (flag == "--index")
            arguments.index = value();
        else if (flag == "--queries")
            arguments.queries = value();
        else if (flag == "--passes")
            arguments.passes = static_cast<unsigned>(std::stoul(value()));
        else if (flag == "--engine")
            arguments.engine = value();
        else if (flag == "--no-header")
            arguments.header = false;
        else if (flag == "--bare")
            arguments.bare = true;
        else if (flag == "--stock-facets")
            arguments.stock_facets = true;
        else if (flag == "--rerank-depth")
            arguments.rerank_depth = static_cast<unsigned>(std::stoul(value()));
        else if (flag == "--feedback")
            arguments.feedback = true;
        else if (flag == "--copies")
            arguments.copies = true;
        else if (flag == "--per-article")
            arguments.per_article = static_cast<unsigned>(std::stoul(value()));
        else {
            std::cerr
                << "usage: dossier_query_runner --index DIR --queries FILE.tsv [--passes N] "
                   "[--engine NAME] [--no-header] [--bare] [--stock-facets] [--rerank-depth N] "
                   "[--per-article K] [--feedback] [--copies]\n";
            std::exit(2);
        }
    }
    if (arguments.index.empty() || arguments.queries.empty() || arguments.passes == 0) {
        std::cerr << "dossier_query_runner: --index and --queries are required\n";
        std::exit(2);
    }
    return arguments;
}

dossier::SearchRequest to_request(const dossier::bench::BenchQuery& query,
                                  const Arguments& arguments) {
    dossier::SearchRequest request;
    request.rerank_depth = arguments.rerank_depth;
    if (arguments.feedback)
        request.feedback = true;  // else as the service decides: on for prose
    request.copies = arguments.copies;
    request.per_article = arguments.per_article;
    request.query = query.text;
    request.actors = query.actors;
    request.from = query.from;
    request.to = query.to;
    request.facets = query.facets;
    request.offset = query.offset;
    request.limit = 10;
    return request;
}

// Xapian alone: the query the service would run, top 10 by BM25 with data.
class BareXapian {
  public:
    explicit BareXapian(const std::string& index)
        : db_(index),
          gazetteer_(dossier::ActorGazetteer::from_json(
              nlohmann::json::parse(db_.get_metadata(std::string(dossier::schema::kMetaGazetteer))),
              "the index's gazetteer")),
          builder_(db_, gazetteer_) {}

    std::size_t search(const dossier::SearchRequest& request) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(builder_.build(request).query);
        const Xapian::MSet mset = enquire.get_mset(request.offset, request.limit);
        std::size_t bytes = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            bytes += it.get_document().get_data().size();
        return bytes > 0 ? mset.size() : 0;
    }

  private:
    Xapian::Database db_;
    dossier::ActorGazetteer gazetteer_;
    dossier::QueryBuilder builder_;
};

}  // namespace

int main(int argc, char** argv) {
    const Arguments arguments = parse_arguments(argc, argv);
    try {
        const auto queries = dossier::bench::load_query_set(arguments.queries);
        std::optional<dossier::SearchService> service;
        std::optional<BareXapian> bare;
        if (arguments.bare)
            bare.emplace(arguments.index);
        else
            service.emplace(arguments.index,
                            dossier::SearchLimits{.stock_facet_spies = arguments.stock_facets});
        std::vector<dossier::SearchRequest> requests;
        for (const auto& query : queries)
            requests.push_back(to_request(query, arguments));

        std::vector<std::vector<double>> timings(requests.size());
        std::vector<std::size_t> hits(requests.size());
        for (unsigned pass = 0; pass <= arguments.passes; ++pass) {
            for (std::size_t q = 0; q < requests.size(); ++q) {
                const auto start = std::chrono::steady_clock::now();
                const std::size_t hit_count =
                    bare ? bare->search(requests[q]) : service->search(requests[q]).hits.size();
                const std::chrono::duration<double, std::milli> took =
                    std::chrono::steady_clock::now() - start;
                if (pass == 0)  // warm-up: caches and the gazetteer, not timed
                    continue;
                timings[q].push_back(took.count());
                hits[q] = hit_count;
            }
        }
        dossier::bench::LatencyTable table;
        for (std::size_t q = 0; q < queries.size(); ++q)
            table.add(queries[q].query_class, std::move(timings[q]), hits[q]);
        table.print_tsv(std::cout, arguments.engine, arguments.header);
    } catch (const std::exception& error) {
        std::cerr << "dossier_query_runner: " << error.what() << '\n';
        return 2;
    }
    return 0;
}
