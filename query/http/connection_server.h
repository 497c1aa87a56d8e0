// How dossier-serve holds its connections, apart from what it answers on
// them (http_server.cpp): cpp-httplib's Server with its connection handling
// replaced.
//
//  - Every open connection has a thread of its own, up to `max_connections`.
//    One more is not queued: a few refusing threads answer each of its
//    requests (refusing_connection() says so to the request handlers).
//  - A request must arrive whole within `request_timeout` of its first byte,
//    and its answer must leave within `request_timeout` of its first byte
//    written; otherwise the client gets 408 and the connection is closed.
//    httplib 0.11 bounds each recv() alone, so a client sending a header
//    byte every few seconds held its thread forever.
//  - A keep-alive connection idle for `idle_timeout` between requests is
//    closed.
//
// Thread safety: as httplib::Server (bind and listen from one thread, stop()
// from any). Errors: bind() returns -1 when the address cannot be bound.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace dossier {

struct ConnectionLimits {
    unsigned max_connections = 256;
    std::chrono::milliseconds idle_timeout{5000};
    std::chrono::milliseconds request_timeout{10000};
    std::FILE* access_log = nullptr;  // a line for each request cut by the timeout
};

class ConnectionServer : public httplib::Server {
  public:
    explicit ConnectionServer(ConnectionLimits limits);

    // Binds `host`:`port` (0: any free port) with a listen backlog wide
    // enough for bursts of clients (httplib's is 5); the port, or -1.
    int bind(const std::string& host, int port);

    // True on a thread that serves a connection over the cap.
    static bool refusing_connection();

  private:
    // httplib hands every accepted socket to this. It is a private virtual
    // of httplib::Server, which C++ lets a derived class override; ours
    // reads and writes through a stream with whole-request deadlines and
    // calls httplib's protected process_request() for each request. Written
    // against cpp-httplib 0.11 (Debian 12).
    bool process_and_close_socket(socket_t sock) override;

    ConnectionLimits limits_;
    socket_t listening_socket_ = -1;
};

}  // namespace dossier
