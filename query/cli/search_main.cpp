// dossier-search: ranked articles with their best passages, source attribution and facet counts.
// Exit status, like grep: 0 hits found, 1 none found, 2 an error (bad query,
// bad parameter, no index).
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "query/cli/result_printer.h"
#include "query/search/search_service.h"

namespace {

constexpr int kExitFound = 0;
constexpr int kExitNothing = 1;
constexpr int kExitError = 2;

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "dossier-search: search a Dossier index for ranked articles with their best passages and "
        "source attribution"};
    app.footer(
        "Query language: words (stemmed), AND OR NOT, +word -word, (...), \"phrases\", NEAR, ADJ, "
        "wild*,\n"
        "title:, actor:, source:, author:, year:, mentions:, date:2024-01-01..2024-06-30 (see "
        "docs/query-language.md).\n"
        "Exit status: 0 hits found, 1 none found, 2 error.");
    std::string index;
    std::vector<std::string> words;
    dossier::SearchRequest request;
    std::string facets;
    std::string sort;
    std::string show;
    std::string article;
    std::string color = "auto";
    bool json = false;
    bool jsonl = false;

    app.add_option("--index,-i", index, "Index directory")->required();
    app.add_option("query", words, "Query (several words are joined with spaces)");
    app.add_option("--actor", request.actors,
                   "Only articles about this actor (name or alias); repeatable, all must match");
    app.add_option("--source", request.sources,
                   "Only this source (publication); repeatable, any may match");
    app.add_option("--author", request.authors, "Only this author; repeatable, any may match");
    app.add_option("--from", request.from, "Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)");
    app.add_option("--to", request.to, "Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)");
    app.add_option(
        "--facets", facets,
        "Facets to count over all matches: actor,year,month,source,author,mentioned_year");
    app.add_option("--facet-limit", request.facet_limit, "Values per facet (default 10)");
    app.add_option("--type", request.actor_type,
                   "Actor facet: only person, country or organisation");
    app.add_option("--sort", sort,
                   "relevance (default for word queries) or date (newest first; default for "
                   "filter-only queries)")
        ->check(CLI::IsMember({"relevance", "date"}));
    app.add_option("--per-article", request.per_article,
                   "Best passages shown per article (default 2, 0 = every matching passage)");
    app.add_option("--passage-weight", request.passage_weight,
                   "Ranking: weight of an article's best passage against its BM25 (default " +
                       std::to_string(dossier::kDefaultPassageWeight).substr(0, 4) + ", 0 = off)")
        ->group("Ranking");
    app.add_option("--rerank-depth", request.rerank_depth,
                   "Ranking: articles reranked by passage evidence (default " +
                       std::to_string(dossier::kDefaultRerankDepth) + ")")
        ->group("Ranking");
    bool feedback = false;
    bool no_feedback = false;
    app.add_flag("--feedback", feedback,
                 "Ranking: also weigh what the best articles say about the query (pseudo-relevance "
                 "feedback; on by default for a question typed as prose; about twice the search "
                 "time)")
        ->group("Ranking");
    app.add_flag("--no-feedback", no_feedback, "Ranking: no feedback, for prose too")
        ->group("Ranking")
        ->excludes("--feedback");
    bool strict = false;
    app.add_flag("--all-words", strict,
                 "Keep every word required: no relaxing to articles with most of the words "
                 "when fewer than a page has them all");
    app.add_option("--offset", request.offset, "Skip this many hits (paging)");
    app.add_option("--limit,-n", request.limit, "Hits to return (default 10)");
    app.add_flag("--json", json, "One JSON object (docs/search-json.md)");
    app.add_flag("--jsonl", jsonl, "One JSON hit per line");
    app.add_flag("--explain", request.explain,
                 "Show the parsed query and why each hit scored as it did");
    app.add_option("--show", show,
                   "Print one passage (by passage id) with its neighbours and attribution");
    app.add_option("--article", article, "Print the cleaned article with this id");
    std::string story;
    app.add_option("--story", story,
                   "List every copy of this article's story, oldest first, with source and date "
                   "(docs/copies.md)");
    app.add_flag("--copies", request.copies,
                 "Every copy of a story is a hit and a count (default: a story is one hit, "
                 "shown by its best copy, and counts once)");
    app.add_option("--color", color, "auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitFound : kExitError;
    }
    for (const std::string& word : words)
        request.query += (request.query.empty() ? "" : " ") + word;
    request.facets = dossier::split_facet_list(facets);
    if (feedback || no_feedback)
        request.feedback = feedback;
    if (sort == "relevance")
        request.sort = dossier::SortOrder::relevance;
    if (sort == "date")
        request.sort = dossier::SortOrder::date;
    const dossier::PrintStyle style{color == "always" ||
                                    (color == "auto" && ::isatty(STDOUT_FILENO) != 0)};

    try {
        dossier::SearchService service(index);
        // --show and --article: one view by id, as JSON or for people.
        const auto print_view = [&](const auto& view, const char* what, const std::string& id,
                                    const auto& print_text) {
            if (!view) {
                std::cerr << "dossier-search: no " << what << " with id \"" << id << "\"\n";
                return kExitNothing;
            }
            if (json || jsonl) {
                std::cout << dossier::to_json(*view).dump(json ? 2 : -1) << '\n';
            } else {
                print_text(std::cout, *view, style);
            }
            return kExitFound;
        };
        if (!show.empty())
            return print_view(service.passage(show), "passage", show, dossier::print_passage);
        if (!article.empty())
            return print_view(service.article(article), "article", article, dossier::print_article);
        if (!story.empty())
            return print_view(service.story(story), "article", story, dossier::print_story);
        request.relax = !strict;
        const dossier::SearchResult result = service.search(request);
        if (json) {
            std::cout << dossier::to_json(result).dump(2) << '\n';
        } else if (jsonl) {
            for (const auto& hit : result.hits)
                std::cout << dossier::to_json(hit).dump() << '\n';
        } else {
            if (request.explain)
                std::cout << "query: " << result.parsed_query << "\n";
            dossier::print_result(std::cout, result, style);
        }
        return result.hits.empty() ? kExitNothing : kExitFound;
    } catch (const dossier::IndexUnavailable& e) {
        std::cerr << "dossier-search: " << e.what() << '\n';
    } catch (const dossier::BadRequest& e) {
        std::cerr << "dossier-search: " << e.what() << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << "dossier-search: index error: " << e.get_description() << '\n';
    }
    return kExitError;
}
