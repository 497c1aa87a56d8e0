// dossier-serve's HTTP endpoint: the JSON API of docs/openapi.yaml and the
// search page, over the one search service. Connections and searches are
// apart: every open connection has a thread of its own (up to
// `max_connections`; more are answered 503 and closed), and a request that
// searches borrows one of `threads` SearchServices from a ServicePool for
// the search alone. So idle, slow or abandoned connections hold no search
// worker, and /health answers without waiting for one; a client that sends
// its request slowly is cut off after `request_timeout`
// (query/http/connection_server.h). Answers follow the
// index's latest commit within about `reopen_interval`.
//
// Thread safety: bind() and run() from one thread; stop() from any thread
// (a signal-handling thread, a test). Errors: bind() throws
// std::runtime_error when the address cannot be bound. An index that cannot
// be opened is not an error here: the API answers 503 until it can be.
#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "query/search/search_request.h"

namespace dossier {

struct ServerOptions {
    std::filesystem::path index_directory;
    std::string host = "127.0.0.1";  // loopback unless told otherwise
    int port = 8080;                 // 0: any free port (bind() returns it)
    unsigned threads = 4;            // searches at once (each with its own index handle)
    unsigned max_connections = 256;  // open connections at once; more get 503
    SearchLimits limits{1000, 1000, 4096, 5.0};
    std::size_t max_uri_bytes = 8192;              // longer request targets get 414
    std::size_t max_request_bytes = 1 << 16;       // larger bodies get 413
    std::chrono::milliseconds idle_timeout{5000};  // keep-alive connections idle longer are closed
    // A request must arrive whole, and its answer leave, within this of its
    // first byte; a slower client gets 408 and is disconnected.
    std::chrono::milliseconds request_timeout{10000};
    std::chrono::milliseconds reopen_interval{250};
    std::FILE* access_log = stderr;  // one line per request; nullptr for none
};

class HttpServer {
  public:
    explicit HttpServer(ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds the listening socket; returns the port (useful with port 0).
    int bind();
    // Serves until stop(); returns false when the server failed to run.
    bool run();
    void stop();
    // True once run() accepts connections.
    bool running() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
