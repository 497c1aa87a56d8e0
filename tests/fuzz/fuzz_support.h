// What the libFuzzer targets in tests/fuzz/ share: the input as text, a fixed
// "today", and the check that turns a broken promise of a header into a
// crash libFuzzer keeps (docs/fuzzing.md).
#pragma once

#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/dates.h"
#include "common/text.h"

namespace dossier::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Not today_utc(): an input must do the same thing on every day it is replayed.
inline constexpr CivilDate kToday{2026, 11, 23};

// Sanitizers catch memory errors; a wrong answer that a header rules out
// ("offsets are bytes of the text", "valid UTF-8") needs saying. Aborting
// makes libFuzzer save the input like any crash.
inline void require(bool holds, const char* promise) {
    if (holds)
        return;
    std::fprintf(stderr, "\n==dossier-fuzz== broken promise: %s\n", promise);
    std::abort();
}

// Spans found in a text of `text_size` bytes (anything with `begin` and
// `end`: actor matches, date mentions) are non-empty byte ranges of it, in
// text order; the promises name the spans.
template <typename Spans>
void require_ranges_in_order(const Spans& spans, std::size_t text_size, const char* range_promise,
                             const char* order_promise) {
    std::size_t previous_begin = 0;
    for (const auto& span : spans) {
        require(span.begin < span.end && span.end <= text_size, range_promise);
        require(span.begin >= previous_begin, order_promise);
        previous_begin = span.begin;
    }
}

inline bool is_valid_utf8(std::string_view bytes) {
    return text::find_invalid_utf8(bytes) == text::npos;
}

// A day, a month or a year that exists: what CivilDate stands for.
inline bool is_real_date(const CivilDate& date) {
    if (date.month > 12 || (date.day != 0 && date.month == 0))
        return false;
    if (date.day == 0)
        return true;
    using namespace std::chrono;
    return year_month_day{year{date.year}, month{date.month}, day{date.day}}.ok();
}

// A file in memory (memfd) for code that reads a path: the bytes of each
// input without disk I/O per run.
class MemoryFile {
  public:
    MemoryFile() : fd_(::memfd_create("dossier-fuzz-input", 0)) {
        require(fd_ >= 0, "memfd_create works (the fuzz target's own set-up)");
        path_ = "/proc/self/fd/" + std::to_string(fd_);
    }
    // Cut to size after writing, not before: the pages stay for the next input.
    const std::string& write(std::string_view bytes) {
        const bool written =
            ::pwrite(fd_, bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size()) &&
            ::ftruncate(fd_, static_cast<off_t>(bytes.size())) == 0;
        require(written, "the in-memory file takes the input (the fuzz target's own set-up)");
        return path_;
    }

  private:
    int fd_;
    std::string path_;
};

}  // namespace dossier::fuzz
