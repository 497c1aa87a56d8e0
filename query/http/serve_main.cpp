// dossier-serve: the search API (docs/openapi.yaml) and the search page over
// a Dossier index, on 127.0.0.1 unless told otherwise. Read-only; follows
// dossier-index's commits without a restart. Exit status: 0 after a clean
// shutdown (SIGINT, SIGTERM), 2 on bad arguments or an address that cannot
// be bound.
#include <pthread.h>
#include <signal.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <thread>

#include "query/http/http_server.h"

namespace {

constexpr int kExitClean = 0;
constexpr int kExitError = 2;

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dossier-serve: search a Dossier index over HTTP (JSON API and search page)"};
    app.footer(
        "API: GET /search, /facets, /passages/{id}, /articles/{id}, /stats, /health "
        "(docs/openapi.yaml).\nThe page: GET / . Access log on stderr.");
    dossier::ServerOptions options;
    options.threads = std::max(2u, std::thread::hardware_concurrency());
    bool quiet = false;
    std::size_t max_query_bytes = options.limits.max_query_bytes;
    unsigned max_limit = options.limits.max_limit;
    double time_budget_ms = options.limits.time_budget_seconds * 1000;
    auto idle_seconds = static_cast<unsigned>(options.idle_timeout.count() / 1000);
    auto request_seconds = static_cast<unsigned>(options.request_timeout.count() / 1000);

    app.add_option("--index,-i", options.index_directory, "Index directory")->required();
    app.add_option("--host", options.host, "Address to listen on (default 127.0.0.1)");
    app.add_option("--port,-p", options.port, "Port (default 8080; 0 = any free port)")
        ->check(CLI::Range(0, 65535));
    app.add_option("--threads", options.threads,
                   "Searches at once, each with its own index handle (default: cores, at least 2)")
        ->check(CLI::Range(1u, 256u));
    app.add_option("--max-connections", options.max_connections,
                   "Open connections at once, each on a thread of its own while it lasts; more "
                   "are answered 503 (default 256)")
        ->check(CLI::Range(1u, 10000u));
    app.add_flag("--quiet,-q", quiet, "No access log");
    app.add_option("--max-query-bytes", max_query_bytes, "Longest query text (default 4096)")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-limit", max_limit, "Largest `limit` a request may ask for (default 1000)")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-request-bytes", options.max_request_bytes,
                   "Largest request body (default 65536; larger: 413)")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-uri-bytes", options.max_uri_bytes,
                   "Longest request target (default 8192; longer: 414)")
        ->check(CLI::Range(64, 8192));
    app.add_option("--time-budget-ms", time_budget_ms,
                   "Time budget of one search; past it counts and facets are estimates and the "
                   "result says time_limited (default 5000; 0 = none)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--idle-timeout", idle_seconds,
                   "Seconds before an idle keep-alive connection is closed (default 5)")
        ->check(CLI::Range(1u, 3600u));
    app.add_option("--request-timeout", request_seconds,
                   "Seconds a request has to arrive whole, and its answer to leave; a slower "
                   "client gets 408 and is disconnected (default 10)")
        ->check(CLI::Range(1u, 3600u));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitClean : kExitError;
    }
    options.limits.max_query_bytes = max_query_bytes;
    options.limits.max_limit = max_limit;
    options.limits.time_budget_seconds = time_budget_ms / 1000;
    options.idle_timeout = std::chrono::seconds(idle_seconds);
    options.request_timeout = std::chrono::seconds(request_seconds);
    options.access_log = quiet ? nullptr : stderr;

    // Signals go to one thread that stops the server; the workers, started
    // later, inherit the mask and never see them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    dossier::HttpServer server(options);
    int port = 0;
    try {
        port = server.bind();
    } catch (const std::runtime_error& e) {
        std::cerr << "dossier-serve: " << e.what() << '\n';
        return kExitError;
    }
    std::thread signal_waiter([&] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        server.stop();
    });
    // Printed even with --quiet: scripts started with --port 0 read the port here.
    std::fprintf(stderr, "dossier-serve: listening on http://%s:%d/ (index %s)\n",
                 options.host.c_str(), port, options.index_directory.c_str());
    std::fflush(stderr);
    const bool ran = server.run();
    // Wake the waiter if the server stopped on its own.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    if (!quiet)
        std::fprintf(stderr, "dossier-serve: stopped\n");
    return ran ? kExitClean : kExitError;
}
