#include "query/http/connection_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dossier {

namespace {

using Clock = std::chrono::steady_clock;

// httplib 0.11 listens with a backlog of 5: 64 clients connecting at once
// waited seconds for the kernel to accept them (docs/reliability.md).
constexpr int kListenBacklog = 4096;

// How often a connection waiting for its next request looks whether the
// server is stopping.
constexpr std::chrono::milliseconds kStopCheckInterval{100};

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

thread_local bool refusing_thread = false;

// The task queue httplib hands each accepted connection to: every
// connection is served on a thread of its own for its whole life
// (keep-alive included), up to `max_connections` at once. One more is not
// queued behind them but served by a few refusing threads.
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

  private:
    static constexpr unsigned kRefusingThreads = 4;

    void work(std::deque<std::function<void()>>& queue, std::condition_variable& ready,
              bool refusing) {
        refusing_thread = refusing;
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
};

// Milliseconds left until `deadline`, at least 0, for poll(): rounded up,
// so that a wait that ends finds the deadline passed.
int milliseconds_until(Clock::time_point deadline) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, 1 << 30));
}

enum class Wait { ready, broken, timed_out };

// Waits until `sock` can be read (data, or the peer's close: POLLIN) or
// written (POLLOUT) before `deadline`.
Wait wait_for(socket_t sock, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd p{sock, events, 0};
        const int ready = ::poll(&p, 1, milliseconds_until(deadline));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            return Wait::broken;
        if (ready > 0) {
            if ((p.revents & events) != 0)
                return Wait::ready;
            return Wait::broken;  // POLLERR, POLLHUP with nothing to read, POLLNVAL
        }
        if (Clock::now() >= deadline)
            return Wait::timed_out;
    }
}

void address_of(const sockaddr_storage& address, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = "";
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

// A connection's socket as httplib reads and writes it, with a deadline for
// the whole of each request and of each answer instead of one per call.
class DeadlineStream final : public httplib::Stream {
  public:
    DeadlineStream(socket_t sock, std::chrono::milliseconds request_timeout)
        : sock_(sock), request_timeout_(request_timeout) {}

    // Waits up to `idle` for the first byte of the next request; false when
    // the connection stayed idle, or `stopped` says the server is stopping.
    template <typename Stopped>
    bool await_request(std::chrono::milliseconds idle, Stopped stopped) {
        const Clock::time_point give_up = Clock::now() + idle;
        while (buffered_ == read_) {
            if (stopped())
                return false;
            const Wait wait =
                wait_for(sock_, POLLIN, std::min(give_up, Clock::now() + kStopCheckInterval));
            if (wait == Wait::ready)
                break;
            if (wait == Wait::broken || Clock::now() >= give_up)
                return false;
        }
        read_deadline_ = Clock::now() + request_timeout_;
        write_deadline_.reset();
        parsed_ = false;
        return true;
    }

    // True once httplib has parsed the request's line and headers: it asks
    // for the peer's address right after, and only then. A request it could
    // not parse was answered 400 (or 414) with its headers maybe unread.
    bool request_parsed() const { return parsed_; }

    // True when the request did not arrive whole in time (the client has
    // been answered 408) or its answer did not leave in time.
    bool timed_out() const { return timed_out_ != Cut::no; }
    bool request_timed_out() const { return timed_out_ == Cut::request; }

    bool is_readable() const override {
        if (buffered_ > read_)
            return true;
        if (timed_out())
            return false;
        const Wait wait = wait_for(sock_, POLLIN, read_deadline_);
        if (wait == Wait::timed_out)
            time_out();
        return wait == Wait::ready;
    }

    bool is_writable() const override {
        if (timed_out())
            return false;
        if (!write_deadline_)
            write_deadline_ = Clock::now() + request_timeout_;
        const Wait wait = wait_for(sock_, POLLOUT, *write_deadline_);
        if (wait == Wait::timed_out)
            timed_out_ = Cut::answer;  // the client does not read: no 408 either
        return wait == Wait::ready;
    }

    ssize_t read(char* ptr, size_t size) override {
        // httplib reads request lines a byte at a time: serve them from a buffer.
        if (buffered_ == read_) {
            if (!is_readable())
                return -1;
            ssize_t n = 0;
            do {
                n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
            } while (n < 0 && errno == EINTR);
            if (n <= 0)
                return n;
            buffered_ = static_cast<std::size_t>(n);
            read_ = 0;
        }
        const std::size_t count = std::min(size, buffered_ - read_);
        std::memcpy(ptr, buffer_.data() + read_, count);
        read_ += count;
        return static_cast<ssize_t>(count);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable())
            return -1;
        ssize_t n = 0;
        do {
            n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
        } while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        parsed_ = true;
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            address_of(address, ip, port);
    }

    void get_local_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            address_of(address, ip, port);
    }

    socket_t socket() const override { return sock_; }

  private:
    // Answers 408; from now on httplib reads and writes nothing here, so
    // its own answer to the cut request (400 for half a header) cannot follow.
    void time_out() const {
        timed_out_ = Cut::request;
        const std::string body = "{\"error\":\"request not received whole within " +
                                 std::to_string(request_timeout_.count()) + " ms\"}";
        const std::string answer =
            "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
            "Connection: close\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body;
        // Into the socket's buffer or not at all: the client is slow already.
        ::send(sock_, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }

    socket_t sock_;
    std::chrono::milliseconds request_timeout_;
    Clock::time_point read_deadline_ = Clock::time_point::max();
    mutable std::optional<Clock::time_point> write_deadline_;
    enum class Cut { no, request, answer };
    mutable Cut timed_out_ = Cut::no;
    mutable bool parsed_ = false;
    std::array<char, 4096> buffer_{};
    std::size_t buffered_ = 0;  // bytes in buffer_
    std::size_t read_ = 0;      // of them, handed to httplib
};

// Closes a connection whose client may still be sending: the bytes it sent
// after our answer would make close() reset the connection, and a reset
// can discard the answer before the client reads it. So: end our side,
// read and drop what still comes for a little while, then close.
void close_after_reading(socket_t sock) {
    constexpr std::chrono::milliseconds kLinger{1000};
    ::shutdown(sock, SHUT_WR);
    const Clock::time_point give_up = Clock::now() + kLinger;
    char discard[4096];
    while (wait_for(sock, POLLIN, give_up) == Wait::ready &&
           ::recv(sock, discard, sizeof discard, MSG_DONTWAIT) > 0) {
    }
    ::close(sock);
}

}  // namespace

ConnectionServer::ConnectionServer(ConnectionLimits limits) : limits_(limits) {
    new_task_queue = [max_connections = std::max(1u, limits_.max_connections)] {
        return new ConnectionQueue(max_connections);
    };
}

int ConnectionServer::bind(const std::string& host, int port) {
    const int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : -1);
    // Listening again on a listening socket sets its backlog (Linux).
    if (bound > 0)
        ::listen(svr_sock_, kListenBacklog);
    return bound > 0 ? bound : -1;
}

bool ConnectionServer::refusing_connection() {
    return refusing_thread;
}

bool ConnectionServer::process_and_close_socket(socket_t sock) {
    DeadlineStream stream(sock, limits_.request_timeout);
    const auto stopping = [this] { return svr_sock_ == INVALID_SOCKET; };
    bool served = false;
    for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
        if (!stream.await_request(limits_.idle_timeout, stopping))
            break;
        const Clock::time_point started = Clock::now();
        bool client_closes = false;
        served = process_request(stream, /*close_connection=*/left == 1, client_closes, nullptr);
        if (stream.request_timed_out()) {
            if (limits_.access_log != nullptr) {
                const double ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - started).count();
                std::fprintf(limits_.access_log, "- - 408 %.1f ms\n", ms);
            }
            close_after_reading(sock);
            return false;
        }
        // After a request httplib could not parse, what follows on the
        // connection cannot be told apart from it (httplib stops reading
        // at a bad request line and would read its headers as the next
        // request): close.
        if (stream.timed_out() || !stream.request_parsed())
            break;
        if (!served || client_closes)
            break;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return served;
}

}  // namespace dossier
