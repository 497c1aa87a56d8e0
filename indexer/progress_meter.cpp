#include "indexer/progress_meter.h"

#include <unistd.h>

#include <algorithm>

namespace dossier {

ProgressMeter::ProgressMeter(std::FILE* stream, bool enabled)
    : stream_(stream),
      enabled_(enabled && ::isatty(::fileno(stream)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressMeter::update(std::size_t files_done, std::size_t files_total, std::uint64_t disk_done,
                           std::uint64_t disk_total, std::uint64_t text_bytes,
                           std::size_t articles) {
    if (!enabled_)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200))
        return;
    last_draw_ = now;
    drawn_ = true;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double mb = static_cast<double>(text_bytes) / 1e6;
    constexpr int kBarWidth = 24;
    const int filled =
        disk_total == 0
            ? 0
            : static_cast<int>(kBarWidth * std::min(disk_done, disk_total) / disk_total);
    char bar[kBarWidth + 1];
    for (int i = 0; i < kBarWidth; ++i)
        bar[i] = i < filled ? '#' : '.';
    bar[kBarWidth] = '\0';
    std::fprintf(stream_,
                 "\r[%s] files %zu/%zu  %.1f MB  %zu articles  %.0f articles/s  %.1f MB/s\x1b[K",
                 bar, files_done, files_total, mb, articles,
                 seconds > 0 ? static_cast<double>(articles) / seconds : 0.0,
                 seconds > 0 ? mb / seconds : 0.0);
    std::fflush(stream_);
}

void ProgressMeter::clear_line() {
    if (!enabled_ || !drawn_)
        return;
    std::fprintf(stream_, "\r\x1b[K");
    std::fflush(stream_);
    drawn_ = false;
}

void ProgressMeter::finish() {
    if (!enabled_ || !drawn_)
        return;
    std::fprintf(stream_, "\r\x1b[K");
    std::fflush(stream_);
}

}  // namespace dossier
