#include "query/http/http_server.h"

#include <httplib.h>

#include <sys/socket.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

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

// jemalloc's mallctl when the program runs on jemalloc (not under the
// sanitizers, which bring their own allocator).
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp,
                       std::size_t newlen) __attribute__((weak));

// Gives back what this thread's allocator cache holds. Each of the hundreds
// of connection threads would otherwise keep its own jemalloc cache once it
// had served a request, and the server's memory would grow with every
// thread that ever served (measured by the soak test, docs/reliability.md).
void release_thread_cache() {
    if (mallctl != nullptr)
        mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
}

// httplib 0.11 listens with a backlog of 5: 64 clients connecting at once
// waited seconds for the kernel to accept them (docs/reliability.md).
constexpr int kListenBacklog = 4096;

// The task queue httplib hands each accepted connection to: every
// connection is served on a thread of its own for its whole life
// (keep-alive included), up to `max_connections` at once. One more is not
// queued behind them but served by a few refusing threads, on which every
// request is answered 503 at once (see refusing_connection()). Searches are
// bounded apart, by the ServicePool.
class ConnectionQueue : public httplib::TaskQueue {
  public:
    explicit ConnectionQueue(unsigned max_connections) : max_connections_(max_connections) {
        for (unsigned i = 0; i < max_connections; ++i)
            threads_.emplace_back([this] { work(serving_, serve_ready_, false); });
        for (unsigned i = 0; i < kRefusingThreads; ++i)
            threads_.emplace_back([this] { work(refusing_, refuse_ready_, true); });
    }
    ~ConnectionQueue() override { shutdown(); }

    void enqueue(std::function<void()> connection) override {
        {
            std::lock_guard lock(mutex_);
            if (open_ < max_connections_) {
                ++open_;
                serving_.push_back(std::move(connection));
            } else {
                refusing_.push_back(std::move(connection));
                refuse_ready_.notify_one();
                return;
            }
        }
        serve_ready_.notify_one();  // one thread, not all of them, for one connection
    }

    void shutdown() override {
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
            stopping_ = true;
        }
        serve_ready_.notify_all();
        refuse_ready_.notify_all();
        for (std::thread& thread : threads_)
            thread.join();
    }

    // True on a thread that serves a connection over the cap.
    static bool refusing_connection() { return refusing_thread_; }

  private:
    static constexpr unsigned kRefusingThreads = 4;

    void work(std::deque<std::function<void()>>& queue, std::condition_variable& ready,
              bool refusing) {
        refusing_thread_ = refusing;
        for (;;) {
            std::function<void()> connection;
            {
                std::unique_lock lock(mutex_);
                ready.wait(lock, [&] { return stopping_ || !queue.empty(); });
                if (queue.empty())
                    return;  // stopping, with nothing left to serve
                connection = std::move(queue.front());
                queue.pop_front();
            }
            connection();
            release_thread_cache();
            if (!refusing) {
                std::lock_guard lock(mutex_);
                --open_;
            }
        }
    }

    const unsigned max_connections_;
    std::mutex mutex_;
    std::condition_variable serve_ready_;
    std::condition_variable refuse_ready_;
    std::deque<std::function<void()>> serving_;   // guarded by mutex_
    std::deque<std::function<void()>> refusing_;  // guarded by mutex_
    unsigned open_ = 0;                           // queued or being served; guarded by mutex_
    bool stopping_ = false;                       // guarded by mutex_
    std::vector<std::thread> threads_;
    static thread_local bool refusing_thread_;
};

thread_local bool ConnectionQueue::refusing_thread_ = false;

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    ServicePool pool;
    httplib::Server server;
    std::atomic<bool> bound{false};
    int listening_socket = -1;  // recorded when httplib makes it, to widen its backlog

    explicit Impl(ServerOptions o)
        : options(std::move(o)),
          pool(options.index_directory, options.limits, options.threads, options.reopen_interval) {
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
        server.set_socket_options([this](socket_t sock) {
            httplib::default_socket_options(sock);
            listening_socket = sock;
        });
        server.new_task_queue = [max_connections = std::max(1u, options.max_connections)] {
            return new ConnectionQueue(max_connections);
        };
        // Headers and body go out in separate writes; without TCP_NODELAY the
        // second waits for the client's delayed ACK (about 40 ms per answer).
        server.set_tcp_nodelay(true);
        server.set_payload_max_length(options.max_request_bytes);
        server.set_keep_alive_timeout(options.idle_timeout.count());
        server.set_read_timeout(options.idle_timeout.count());
        server.set_keep_alive_max_count(1000);
        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            request_start = std::chrono::steady_clock::now();
            request_started = true;
            if (ConnectionQueue::refusing_connection()) {
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
                for (const char* key : {"query", "total", "total_exact", "took_ms", "facets"})
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
        server.Get("/stats", [this](const httplib::Request&, httplib::Response& res) {
            with_service(res,
                         [&](SearchService& service) { send_json(res, to_json(service.stats())); });
        });
        // Never waits for a search worker: when every one is busy, the index
        // is open and answering, which is what a health check asks.
        server.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
            try {
                const std::optional<ServicePool::Lease> idle = pool.try_acquire();
                send_json(res, {{"status", "ok"}, {"busy", !idle.has_value()}});
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
    int port = o.port;
    if (port == 0) {
        port = impl_->server.bind_to_any_port(o.host);
        if (port < 0)
            port = 0;
    } else if (!impl_->server.bind_to_port(o.host, port)) {
        port = 0;
    }
    if (port == 0) {
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                 " (address in use or not available)");
    }
    // Listening again on a listening socket sets its backlog (Linux).
    if (impl_->listening_socket >= 0)
        ::listen(impl_->listening_socket, kListenBacklog);
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
