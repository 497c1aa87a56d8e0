#include "query/http/http_server.h"

#include <httplib.h>

#include <atomic>
#include <charconv>

#include "query/http/connection_server.h"
#include "query/http/http_search_params.h"
#include "query/http/service_pool.h"
#include "query/http/web_assets.h"
#include "query/search/search_service.h"

namespace dossier {

namespace {

using nlohmann::json;

constexpr int kBadRequest = 400;
constexpr int kNotFound = 404;
constexpr int kMethodNotAllowed = 405;
constexpr int kPayloadTooLarge = 413;
constexpr int kUriTooLong = 414;
constexpr int kUnavailable = 503;
constexpr unsigned kMaxNeighbours = 20;

// Assigned by the pre-routing handler, read by the access log: both run on
// the worker thread that handles the request.
thread_local std::chrono::steady_clock::time_point request_start;
thread_local bool request_started = false;

void send_json(httplib::Response& res, const json& body, int status = 200) {
    res.status = status;
    // Stored text is valid UTF-8 (the indexer checks); replacing keeps a
    // surprise from turning into a 500.
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                    "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, {{"error", message}}, status);
}

// The declared body size; 0 when absent or not a number (httplib then
// reads no body, or enforces its own limit on chunked bodies).
std::size_t content_length(const httplib::Request& req) {
    const std::string text = req.get_header_value("Content-Length");
    std::size_t length = 0;
    std::from_chars(text.data(), text.data() + text.size(), length);
    return length;
}

const char* status_message(int status) {
    switch (status) {
        case 400:
            return "malformed request: an unknown method, or a bad request line or header";
        case 404:
            return "no such path";
        case 405:
            return "method not allowed (the API is read-only: GET)";
        case 413:
            return "request too large";
        case 414:
            return "request URI too long";
        default:
            return "request failed";
    }
}

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    ServicePool pool;
    ConnectionServer server;
    std::atomic<bool> bound{false};

    explicit Impl(ServerOptions o)
        : options(std::move(o)),
          pool(options.index_directory, options.limits, options.threads, options.reopen_interval),
          server(ConnectionLimits{options.max_connections, options.idle_timeout,
                                  options.request_timeout, options.access_log}) {
        configure();
        route();
    }

    // Runs `answer` with a borrowed search service and maps the service's
    // errors to statuses: bad input 400, unopenable index 503.
    template <typename Fn>
    void with_service(httplib::Response& res, Fn&& answer) {
        try {
            ServicePool::Lease service = pool.acquire();
            answer(*service);
        } catch (const BadRequest& e) {
            send_error(res, kBadRequest, e.what());
        } catch (const IndexUnavailable& e) {
            send_error(res, kUnavailable, e.what());
        } catch (const Xapian::DatabaseError& e) {
            send_error(res, kUnavailable, "index error: " + e.get_description());
        }
    }

    // The query length limit is checked before routing (414), the others by
    // the service (400).
    static SearchRequest search_request(const httplib::Request& req) {
        return search_request_from_params(req.params);
    }

    void configure() {
        // Headers and body go out in separate writes; without TCP_NODELAY the
        // second waits for the client's delayed ACK (about 40 ms per answer).
        server.set_tcp_nodelay(true);
        server.set_payload_max_length(options.max_request_bytes);
        server.set_keep_alive_max_count(1000);
        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            request_start = std::chrono::steady_clock::now();
            request_started = true;
            if (ConnectionServer::refusing_connection()) {
                send_error(res, kUnavailable,
                           "too many connections (at most " +
                               std::to_string(options.max_connections) + "); try again shortly");
                res.set_header("Retry-After", "1");
                res.set_header("Connection", "close");
                return httplib::Server::HandlerResponse::Handled;
            }
            // Before the method check: a large body is refused without reading it.
            if (content_length(req) > options.max_request_bytes) {
                send_error(res, kPayloadTooLarge,
                           "request body is over the limit of " +
                               std::to_string(options.max_request_bytes) + " bytes");
                return httplib::Server::HandlerResponse::Handled;
            }
            if (req.method != "GET" && req.method != "HEAD") {
                send_error(res, kMethodNotAllowed, status_message(kMethodNotAllowed));
                res.set_header("Allow", "GET, HEAD");
                return httplib::Server::HandlerResponse::Handled;
            }
            if (req.target.size() > options.max_uri_bytes) {
                send_error(res, kUriTooLong,
                           "request URI is " + std::to_string(req.target.size()) +
                               " bytes, more than the limit of " +
                               std::to_string(options.max_uri_bytes));
                return httplib::Server::HandlerResponse::Handled;
            }
            const auto q = req.params.find("q");
            if (q != req.params.end() && q->second.size() > options.limits.max_query_bytes) {
                send_error(res, kUriTooLong,
                           "query is " + std::to_string(q->second.size()) +
                               " bytes, more than the limit of " +
                               std::to_string(options.limits.max_query_bytes));
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
            if (res.body.empty()) {
                std::string message = status_message(res.status);
                if (res.status == kNotFound)
                    message += ": " + req.path;
                send_error(res, res.status, message);
            }
        });
        server.set_exception_handler(
            [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
                // Unexpected: a bug, not bad input. No details leave the server.
                std::string what = "unknown exception";
                try {
                    std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    what = e.what();
                } catch (const Xapian::Error& e) {
                    what = e.get_description();
                }
                std::fprintf(stderr, "dossier-serve: internal error: %s\n", what.c_str());
                send_error(res, 500, "internal error");
            });
        if (options.access_log != nullptr) {
            server.set_logger([log = options.access_log](const httplib::Request& req,
                                                         const httplib::Response& res) {
                const double ms = request_started
                                      ? std::chrono::duration<double, std::milli>(
                                            std::chrono::steady_clock::now() - request_start)
                                            .count()
                                      : 0.0;
                request_started = false;
                // One fprintf per line: lines from different workers do not interleave.
                // A request too malformed to parse has no method or target.
                std::fprintf(log, "%s %s %d %.1f ms\n",
                             req.method.empty() ? "-" : req.method.c_str(),
                             req.target.empty() ? "-" : req.target.c_str(), res.status, ms);
            });
        }
    }

    void route() {
        server.Get("/search", [this](const httplib::Request& req, httplib::Response& res) {
            with_service(res, [&](SearchService& service) {
                send_json(res, to_json(service.search(search_request(req))));
            });
        });
        server.Get("/facets", [this](const httplib::Request& req, httplib::Response& res) {
            with_service(res, [&](SearchService& service) {
                SearchRequest request = search_request(req);
                if (request.facets.empty())
                    request.facets = {"actor", "year", "month", "source"};
                request.offset = 0;
                request.limit = 0;
                const json full = to_json(service.search(request));
                json out = json::object();
                for (const char* key : {"query", "total", "total_exact", "total_estimate", "counts",
                                        "facet_counts", "took_ms", "facets"})
                    out[key] = full[key];
                if (full.contains("time_limited"))
                    out["time_limited"] = full["time_limited"];
                send_json(res, out);
            });
        });
        server.Get(
            R"(/passages/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
                with_service(res, [&](SearchService& service) {
                    const unsigned neighbours = unsigned_param(req.params, "neighbours", 2);
                    if (neighbours > kMaxNeighbours)
                        throw BadRequest("neighbours is at most " + std::to_string(kMaxNeighbours));
                    const std::string id = req.matches[1];
                    const auto view = service.passage(id, neighbours);
                    if (!view)
                        return send_error(res, kNotFound, "no passage with id \"" + id + "\"");
                    send_json(res, to_json(*view));
                });
            });
        server.Get(
            R"(/articles/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
                with_service(res, [&](SearchService& service) {
                    const std::string id = req.matches[1];
                    const auto view = service.article(id);
                    if (!view)
                        return send_error(res, kNotFound, "no article with id \"" + id + "\"");
                    send_json(res, to_json(*view));
                });
            });
        // Who republished a story, and when: every copy, oldest first.
        server.Get(R"(/stories/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
            with_service(res, [&](SearchService& service) {
                const std::string id = req.matches[1];
                const auto view = service.story(id);
                if (!view)
                    return send_error(res, kNotFound, "no article with id \"" + id + "\"");
                send_json(res, to_json(*view));
            });
        });
        server.Get("/stats", [this](const httplib::Request&, httplib::Response& res) {
            with_service(res,
                         [&](SearchService& service) { send_json(res, to_json(service.stats())); });
        });
        // Never waits for a search worker, nor opens or refreshes one: when
        // every one is busy, the index is open and answering, which is what
        // a health check asks. Before the first search, it checks that the
        // index opens.
        server.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
            const ServicePool::Usage usage = pool.usage();
            try {
                if (usage.open == 0)
                    check_index(options.index_directory);
                send_json(
                    res,
                    {{"status", "ok"}, {"busy", usage.all_lent}, {"handles_open", usage.open}});
            } catch (const IndexUnavailable& e) {
                send_error(res, kUnavailable, e.what());
            } catch (const Xapian::DatabaseError& e) {
                send_error(res, kUnavailable, "index error: " + e.get_description());
            }
        });
        server.Get(R"(/|/[a-z]+\.(js|css))",
                   [](const httplib::Request& req, httplib::Response& res) {
                       const WebAsset* asset = find_web_asset(req.path);
                       if (asset == nullptr)
                           return send_error(res, kNotFound, "no such path: " + req.path);
                       res.set_content(std::string(asset->body), std::string(asset->content_type));
                       // The page inserts corpus text only as text; the policy makes
                       // sure that even a mistake there cannot run an injected script.
                       res.set_header("Content-Security-Policy",
                                      "default-src 'self'; script-src 'self'; style-src 'self'; "
                                      "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                      "form-action 'self'; frame-ancestors 'none'");
                       res.set_header("X-Content-Type-Options", "nosniff");
                       res.set_header("Cache-Control", "no-cache");
                   });
    }
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpServer::~HttpServer() {
    stop();
}

int HttpServer::bind() {
    const ServerOptions& o = impl_->options;
    const int port = impl_->server.bind(o.host, o.port);
    if (port < 0) {
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                 " (address in use or not available)");
    }
    impl_->bound = true;
    return port;
}

bool HttpServer::run() {
    return impl_->server.listen_after_bind();
}

void HttpServer::stop() {
    if (impl_->bound)
        impl_->server.stop();
}

bool HttpServer::running() const {
    return impl_->server.is_running();
}

}  // namespace dossier
