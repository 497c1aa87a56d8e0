// Reads JSON Lines corpora (plain or gzip-compressed: zlib reads both) one
// record at a time, and turns a record into an article and its text.
// Memory stays bounded by the longest accepted line.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/article.h"

namespace dossier {

class JsonlReader {
  public:
    // Throws std::runtime_error("<path>: <reason>") when the file cannot be opened.
    JsonlReader(const std::filesystem::path& file, std::size_t max_line_bytes);
    ~JsonlReader();
    JsonlReader(const JsonlReader&) = delete;
    JsonlReader& operator=(const JsonlReader&) = delete;

    enum class Status {
        line,      // `line` holds the next line (terminator removed)
        too_long,  // the line exceeded the limit and was skipped whole
        end,       // no more lines
        error,     // a read or decompression error: error_message() says which
    };
    Status next(std::string& line);
    int line_number() const { return line_number_; }
    std::uint64_t file_offset() const;  // bytes of the file as stored, read so far
    const std::string& error_message() const { return error_; }

  private:
    bool fill();
    gzFile file_ = nullptr;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool eof_ = false;
    std::size_t max_line_bytes_;
    int line_number_ = 0;
    std::string error_;
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
// failure returns the reason ("invalid JSON: ...", "no \"text\" field",
// "JSON nested deeper than 64 levels").
std::variant<JsonlRecord, std::string> parse_jsonl_record(std::string_view line,
                                                          std::string_view origin_path,
                                                          int line_number);

}  // namespace dossier
