// A fixed set of SearchService instances shared by the HTTP worker threads:
// Xapian handles are not thread-safe, so each request borrows one service for
// its duration. The pool opens services lazily (the index may not exist yet
// when the server starts) and has each one re-read the latest commit when it
// has not checked for a while, so answers follow dossier-index's commits
// without a restart.
//
// Thread safety: acquire() and usage() may be called from any thread; a
// Lease is used by one thread. Errors: acquire() throws IndexUnavailable while the index
// cannot be opened.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "query/search/search_service.h"

namespace dossier {

class ServicePool {
  public:
    // `size` services at most; a service older than `reopen_interval` since
    // its last check re-reads the index before it is lent out.
    ServicePool(std::filesystem::path index_directory, SearchLimits limits, unsigned size,
                std::chrono::milliseconds reopen_interval);
    ~ServicePool();
    ServicePool(const ServicePool&) = delete;
    ServicePool& operator=(const ServicePool&) = delete;

    // A borrowed service, given back when the lease ends.
    class Lease {
      public:
        Lease(ServicePool& pool, std::size_t slot) : pool_(&pool), slot_(slot) {}
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease(Lease&& other) noexcept
            : pool_(std::exchange(other.pool_, nullptr)), slot_(other.slot_) {}
        Lease& operator=(Lease&&) = delete;
        SearchService& operator*() const;
        SearchService* operator->() const { return &**this; }

      private:
        ServicePool* pool_;
        std::size_t slot_;
    };

    // Waits for a free service, opening or refreshing it as needed.
    Lease acquire();
    // What the pool holds now, read without waiting, opening or refreshing:
    // a health check must cost nothing a search would wait for.
    struct Usage {
        unsigned open = 0;  // services with the index open
        bool all_lent = false;
    };
    Usage usage();

  private:
    struct Slot {
        std::unique_ptr<SearchService> service;
        std::chrono::steady_clock::time_point checked;
    };
    void give_back(std::size_t slot);
    void make_ready(Slot& slot);

    std::filesystem::path index_directory_;
    SearchLimits limits_;
    std::chrono::milliseconds reopen_interval_;
    std::vector<Slot> slots_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::size_t> free_;  // guarded by mutex_
    std::atomic<unsigned> open_{0};  // slots whose service is open
};

}  // namespace dossier
