// Reads JSON Lines corpora (plain or gzip-compressed: zlib reads both) one
// record at a time, and turns a record into an article and its text.
// Memory stays bounded by the longest accepted line.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/article.h"
#include "indexer/input_problem.h"

namespace dossier {

class JsonlReader {
  public:
    // The reader of `file`, or why it cannot be opened (line 0, "cannot
    // open: No such file or directory").
    static Expected<std::unique_ptr<JsonlReader>> open(const std::filesystem::path& file,
                                                       std::size_t max_line_bytes);
    ~JsonlReader();
    JsonlReader(const JsonlReader&) = delete;
    JsonlReader& operator=(const JsonlReader&) = delete;

    enum class Status {
        line,     // `line` holds the next line (terminator removed)
        problem,  // problem() says which line could not be read, and why
        end,      // no more lines
    };
    // A line over the limit is a problem and is skipped whole; reading goes on
    // after it. A read or decompression error is a problem that ends the
    // file: the next call gives `end`.
    Status next(std::string& line);
    const InputProblem& problem() const { return problem_; }
    int line_number() const { return line_number_; }
    std::uint64_t file_offset() const;  // bytes of the file as stored, read so far

  private:
    JsonlReader(gzFile file, std::size_t max_line_bytes);
    bool fill();
    gzFile file_ = nullptr;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool eof_ = false;
    bool failed_ = false;  // a read error was reported: nothing more to read
    std::size_t max_line_bytes_;
    int line_number_ = 0;
    std::string read_error_;  // zlib's or the system's message, when reading failed
    InputProblem problem_;
};

struct JsonlRecord {
    Article article;
    std::string text;  // the decoded `text` field: passage offsets refer to it
    // Fields of the wrong type, and what was made of them ("\"id\" is a
    // number; read as the text 42"): the record is indexed, the caller warns.
    std::vector<std::string> warnings;
};

// Records nested deeper than this are refused whole: no article needs it, and
// values nested tens of thousands deep overflow the stack when written out.
inline constexpr int kMaxJsonNesting = 64;
// Fields other than the known ones are kept (Article::extra) up to this many
// bytes of JSON a record; a field past it is left out, with a warning.
inline constexpr std::size_t kMaxExtraFieldBytes = 64 * 1024;

// One line of a JSONL corpus: `id`, `title`, `date`, `source`, `author`, `url`
// and `text` (only `text` required; other fields go to Article::extra). On
// failure returns the problem, on `line_number` ("invalid JSON: ...",
// "no \"text\" field and no \"title\"", "JSON nested deeper than 64 levels").
Expected<JsonlRecord> parse_jsonl_record(std::string_view line, std::string_view origin_path,
                                         int line_number);

}  // namespace dossier
