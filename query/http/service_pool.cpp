#include "query/http/service_pool.h"

namespace dossier {

ServicePool::ServicePool(std::filesystem::path index_directory, SearchLimits limits, unsigned size,
                         std::chrono::milliseconds reopen_interval)
    : index_directory_(std::move(index_directory)),
      limits_(limits),
      reopen_interval_(reopen_interval),
      slots_(std::max(1u, size)) {
    for (std::size_t i = slots_.size(); i > 0; --i)
        free_.push_back(i - 1);
}

ServicePool::~ServicePool() = default;

ServicePool::Lease::~Lease() {
    if (pool_)
        pool_->give_back(slot_);
}

SearchService& ServicePool::Lease::operator*() const {
    return *pool_->slots_[slot_].service;
}

ServicePool::Lease ServicePool::acquire() {
    std::size_t slot = 0;
    {
        std::unique_lock lock(mutex_);
        freed_.wait(lock, [&] { return !free_.empty(); });
        slot = free_.back();
        free_.pop_back();
    }
    try {
        make_ready(slots_[slot]);
    } catch (...) {
        give_back(slot);
        throw;  // IndexUnavailable, for the caller to report
    }
    return Lease(*this, slot);
}

ServicePool::Usage ServicePool::usage() {
    std::lock_guard lock(mutex_);
    return Usage{open_.load(), free_.empty()};
}

void ServicePool::give_back(std::size_t slot) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(slot);
    }
    freed_.notify_one();
}

void ServicePool::make_ready(Slot& slot) {
    const auto now = std::chrono::steady_clock::now();
    if (slot.service && now - slot.checked >= reopen_interval_) {
        try {
            slot.service->reopen();
        } catch (const Xapian::Error&) {
            // The index was removed or replaced under us: open it afresh below.
            slot.service.reset();
            --open_;
        }
        slot.checked = now;
    }
    if (!slot.service) {
        slot.service = std::make_unique<SearchService>(index_directory_, limits_);
        slot.checked = now;
        ++open_;
    }
}

}  // namespace dossier
