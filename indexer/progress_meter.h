// A one-line progress display for long indexing runs: files, MB and
// articles per second, redrawn at most a few times a second on a terminal.
// Silent when disabled (not a terminal, or --quiet).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace dossier {

class ProgressMeter {
  public:
    // Enabled only when `enabled` and `stream` is a terminal.
    ProgressMeter(std::FILE* stream, bool enabled);
    // `disk_done` of `disk_total` bytes of the input files (as stored, so
    // compressed for .gz) drive the bar; `text_bytes` is raw text read.
    void update(std::size_t files_done, std::size_t files_total, std::uint64_t disk_done,
                std::uint64_t disk_total, std::uint64_t text_bytes, std::size_t articles);
    // Erases the bar so that a message can take the line; the next update redraws it.
    void clear_line();
    // Clears the line so that the summary starts on a clean line.
    void finish();

  private:
    std::FILE* stream_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace dossier
