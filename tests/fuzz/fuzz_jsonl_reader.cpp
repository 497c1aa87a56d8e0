// libFuzzer target: a whole .jsonl (or .jsonl.gz) file read by JsonlReader,
// each line it returns parsed by parse_jsonl_record, as dossier-index does.
//
// The reader's own logic is its buffer: lines split across reads, lines over
// the limit skipped to their end (a problem on their line), a last line
// without a newline. Reads are 256 KB, far past what libFuzzer mutates, so
// the input is also read a second time behind one long line, three times
// over, with a read boundary in the middle of its second copy; the lines
// must be exactly the input's both times.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/jsonl_reader.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace dossier;
using fuzz::require;

// Small, so that short inputs have lines over it; the logic is the same at
// the indexer's 16 MB.
constexpr std::size_t kMaxLineBytes = 1000;
// The reader's read size (kReadChunk in jsonl_reader.cpp).
constexpr std::size_t kReadBytes = 1 << 18;

struct ExpectedLine {
    bool too_long = false;
    std::string text;
};

// What the reader must return for plain (not gzip) bytes: lines split at
// '\n', one '\r' before it dropped, a last line without '\n' as it is.
std::vector<ExpectedLine> expected_lines(std::string_view bytes) {
    std::vector<ExpectedLine> lines;
    std::size_t begin = 0;
    while (begin < bytes.size()) {
        std::size_t end = bytes.find('\n', begin);
        const bool terminated = end != std::string_view::npos;
        if (!terminated)
            end = bytes.size();
        ExpectedLine line;
        line.too_long = end - begin > kMaxLineBytes;
        std::size_t text_end = end;
        if (terminated && text_end > begin && bytes[text_end - 1] == '\r')
            --text_end;
        if (!line.too_long)
            line.text = std::string(bytes.substr(begin, text_end - begin));
        lines.push_back(std::move(line));
        begin = end + 1;
    }
    return lines;
}

bool is_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b';
}

// Reads `file` to its end; parses the lines when `parse`, and compares them
// with `expected` when there is one.
void read_all(const std::string& file, bool parse, const std::vector<ExpectedLine>* expected) {
    Expected<std::unique_ptr<JsonlReader>> opened = JsonlReader::open(file, kMaxLineBytes);
    require(opened.has_value(), "the in-memory file opens (the fuzz target's own set-up)");
    JsonlReader& reader = **opened;
    std::string line;
    std::size_t count = 0;
    bool read_error = false;
    for (;;) {
        const JsonlReader::Status status = reader.next(line);
        if (status == JsonlReader::Status::end)
            break;
        require(!read_error, "after a read error the reader only says end");
        const bool line_problem =
            status == JsonlReader::Status::problem && reader.problem().line == reader.line_number();
        if (status == JsonlReader::Status::problem && !line_problem) {
            // A read error, about the line it was reading: the file ends there.
            require(reader.problem().line == reader.line_number() + 1,
                    "a read error is reported on the line being read");
            require(expected == nullptr, "plain bytes read without a read error");
            read_error = true;
            continue;
        }
        ++count;
        require(reader.line_number() == static_cast<int>(count), "line numbers count lines");
        if (expected != nullptr) {
            require(count <= expected->size(), "the reader returns no line the file lacks");
            const ExpectedLine& want = (*expected)[count - 1];
            require(line_problem == want.too_long,
                    "a line is a problem exactly when it has more than max_line_bytes");
            if (!line_problem)
                require(line == want.text, "a line is the file's bytes up to its newline");
        }
        if (!line_problem) {
            require(line.size() <= kMaxLineBytes, "a returned line is within max_line_bytes");
            require(line.find('\n') == std::string::npos, "a line has no newline");
            if (parse && !text::is_blank(line))
                parse_jsonl_record(line, "fuzz.jsonl", reader.line_number());
        }
    }
    if (expected != nullptr)
        require(count == expected->size(), "the reader returns every line of the file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::MemoryFile file;
    const std::string_view bytes = fuzz::as_text(data, size);
    const bool plain = !is_gzip(bytes);

    const std::vector<ExpectedLine> expected =
        plain ? expected_lines(bytes) : std::vector<ExpectedLine>{};
    read_all(file.write(bytes), true, plain ? &expected : nullptr);

    if (!plain || bytes.empty())
        return 0;
    // One line (too long, skipped) fills the first read up to half-way
    // through the second copy; the input's size moves the boundary.
    const std::size_t boundary_into_copies = bytes.size() + bytes.size() / 2;
    if (boundary_into_copies >= kReadBytes)
        return 0;
    // Kept between inputs: a fresh 256 KB buffer each time costs more than the reading.
    static std::string across;
    across.assign(kReadBytes - boundary_into_copies - 1, 'x');
    across.push_back('\n');
    for (int copy = 0; copy < 3; ++copy)
        across.append(bytes);
    const std::vector<ExpectedLine> expected_across = expected_lines(across);
    read_all(file.write(across), false, &expected_across);
    return 0;
}
