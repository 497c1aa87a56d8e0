#include "indexer/jsonl_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

#include "common/text.h"

namespace dossier {

namespace {
constexpr std::size_t kReadChunk = 1 << 18;
// A reason quotes at most this much of the line it is about.
constexpr std::size_t kMaxReasonBytes = 200;
}  // namespace

Expected<std::unique_ptr<JsonlReader>> JsonlReader::open(const std::filesystem::path& file,
                                                         std::size_t max_line_bytes) {
    gzFile opened = gzopen(file.c_str(), "rb");
    if (opened == nullptr)
        return InputProblem{std::string("cannot open: ") + std::strerror(errno)};
    return std::unique_ptr<JsonlReader>(new JsonlReader(opened, max_line_bytes));
}

JsonlReader::JsonlReader(gzFile file, std::size_t max_line_bytes)
    : file_(file), max_line_bytes_(max_line_bytes) {
    gzbuffer(file_, kReadChunk);
}

JsonlReader::~JsonlReader() {
    if (file_ != nullptr)
        gzclose(file_);
}

std::uint64_t JsonlReader::file_offset() const {
    return static_cast<std::uint64_t>(gzoffset(file_));
}

bool JsonlReader::fill() {
    if (eof_)
        return false;
    // Keep the unread tail, append the next chunk.
    buffer_.erase(0, pos_);
    pos_ = 0;
    const std::size_t old_size = buffer_.size();
    buffer_.resize(old_size + kReadChunk);
    const int got = gzread(file_, buffer_.data() + old_size, static_cast<unsigned>(kReadChunk));
    if (got < 0) {
        int code = 0;
        read_error_ = gzerror(file_, &code);
        buffer_.resize(old_size);
        eof_ = true;
        return false;
    }
    buffer_.resize(old_size + static_cast<std::size_t>(got));
    if (got == 0) {
        eof_ = true;
        // zlib's way to say the input ended inside a compressed stream.
        int code = Z_OK;
        gzerror(file_, &code);
        if (code == Z_BUF_ERROR)
            read_error_ = "the compressed data ends early (a truncated file)";
    }
    return got > 0;
}

JsonlReader::Status JsonlReader::next(std::string& line) {
    if (failed_)
        return Status::end;
    bool skipping = false;  // inside a line longer than the limit
    const auto too_long = [&] {
        problem_ = {"line is over the limit of " + std::to_string(max_line_bytes_) +
                        " bytes (--max-line-mb)",
                    line_number_};
        return Status::problem;
    };
    std::size_t scanned = pos_;
    for (;;) {
        const std::size_t newline = buffer_.find('\n', scanned);
        if (newline != std::string::npos) {
            ++line_number_;
            const std::size_t begin = pos_;
            pos_ = newline + 1;
            if (skipping || newline - begin > max_line_bytes_)
                return too_long();
            std::size_t end = newline;
            if (end > begin && buffer_[end - 1] == '\r')
                --end;
            line.assign(buffer_, begin, end - begin);
            return Status::line;
        }
        if (buffer_.size() - pos_ > max_line_bytes_) {
            // Drop what we have of the oversized line and keep reading to its end.
            skipping = true;
            pos_ = buffer_.size();
        }
        scanned = buffer_.size();
        const std::size_t consumed_before_fill = pos_;
        if (!fill()) {
            if (!read_error_.empty()) {
                failed_ = true;
                problem_ = {"read error: " + read_error_ + "; the rest of the file is skipped",
                            line_number_ + 1};  // the line it was reading
                return Status::problem;
            }
            if (pos_ < buffer_.size() || skipping) {
                // A last line without terminator.
                ++line_number_;
                const std::size_t begin = pos_;
                pos_ = buffer_.size();
                if (skipping || buffer_.size() - begin > max_line_bytes_)
                    return too_long();
                line.assign(buffer_, begin, buffer_.size() - begin);
                return Status::line;
            }
            return Status::end;
        }
        scanned -= consumed_before_fill;  // fill() moved the unread tail to the front
    }
}

namespace {

const char* json_kind(const nlohmann::json& value) {
    if (value.is_number())
        return "a number";
    if (value.is_boolean())
        return "true or false";
    if (value.is_array())
        return "a list";
    return "an object";
}

// A metadata field as text. Scrapes put numbers where text belongs ("id": 42)
// and lists where one name belongs ("author": ["A", "B"]): a number or a
// boolean is read as its JSON text, a list of strings joined with ", ", and
// anything else left out; each of these is said in `warnings`.
std::string string_field(const nlohmann::json& record, const char* name,
                         std::vector<std::string>& warnings) {
    const auto it = record.find(name);
    if (it == record.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    const std::string field = std::string("\"") + name + "\" is " + json_kind(*it);
    if (it->is_number() || it->is_boolean()) {
        warnings.push_back(field + "; read as the text " + it->dump());
        return it->dump();
    }
    if (it->is_array() &&
        std::all_of(it->begin(), it->end(), [](const auto& v) { return v.is_string(); })) {
        std::string joined;
        for (const auto& v : *it)
            joined += (joined.empty() ? "" : ", ") + v.get<std::string>();
        warnings.push_back(field + " of text; read joined with \", \"");
        return joined;
    }
    warnings.push_back(field + "; left out");
    return {};
}

// Whether `line` nests arrays and objects deeper than `limit` (brackets
// inside strings do not count). Checked before parsing: the parser builds
// nested values, and writing or destroying a value nested tens of thousands
// deep recurses once per level and overflows the stack.
bool nested_deeper_than(std::string_view line, int limit) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\')
                ++i;  // the escaped character cannot end the string
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

}  // namespace

Expected<JsonlRecord> parse_jsonl_record(std::string_view line, std::string_view origin_path,
                                         int line_number) {
    const auto problem = [&](std::string reason) {
        return InputProblem{std::move(reason), line_number};
    };
    if (text::trim(line).empty())
        return problem("empty line");
    if (line.find('\0') != std::string_view::npos)
        return problem("binary data (NUL byte)");
    if (const std::size_t bad = text::find_invalid_utf8(line); bad != text::npos) {
        return problem("not valid UTF-8 (byte " + std::to_string(bad + 1) + " of the line)");
    }
    if (nested_deeper_than(line, kMaxJsonNesting))
        return problem("JSON nested deeper than " + std::to_string(kMaxJsonNesting) + " levels");
    nlohmann::json record;
    try {
        record = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        // parse_error, and out_of_range for a number no double holds (1e999).
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at ...",
        // and quotes what it last read, which can be the whole line.
        if (const auto pos = what.find("] "); pos != std::string::npos)
            what.erase(0, pos + 2);
        if (what.size() > kMaxReasonBytes)
            what = std::string(text::utf8_prefix(what, kMaxReasonBytes)) + "...";
        return problem("invalid JSON: " + what);
    }
    if (!record.is_object())
        return problem("not a JSON object");
    const auto text_it = record.find("text");
    const bool has_text = text_it != record.end() && !text_it->is_null();
    if (has_text && !text_it->is_string())
        return problem("\"text\" is not a string");
    // A headline alone is an article (indexed by its title, without passages).
    std::vector<std::string> said_below;  // the title is read again, and warned of, below
    if (!has_text && text::is_blank(string_field(record, "title", said_below)))
        return problem("no \"text\" field and no \"title\"");

    JsonlRecord out;
    Article& article = out.article;
    article.id = string_field(record, "id", out.warnings);
    if (article.id.empty())
        article.id = std::string(origin_path) + ":" + std::to_string(line_number);
    // Scrapes leave HTML character references in text ("Pap&#233;").
    article.title = text::decode_html_entities(string_field(record, "title", out.warnings));
    article.source = string_field(record, "source", out.warnings);
    article.author = string_field(record, "author", out.warnings);
    article.url = string_field(record, "url", out.warnings);
    article.dateline = std::string(text::trim(string_field(record, "dateline", out.warnings)));
    article.origin_path = std::string(origin_path);
    article.origin_line = line_number;
    const std::string date = string_field(record, "date", out.warnings);
    if (auto parsed = parse_iso_date(date)) {
        article.date = parsed;
        article.date_origin = DateOrigin::json;
    }
    if (has_text)
        out.text = text::decode_html_entities(text_it->get<std::string>());
    std::size_t extra_bytes = 0;
    for (auto& [key, value] : record.items()) {
        static constexpr std::string_view known[] = {"id",     "title", "date", "source",
                                                     "author", "url",   "text", "dateline"};
        bool is_known = false;
        for (const auto k : known)
            is_known = is_known || key == k;
        // A date we could not read is kept as it was, not dropped.
        if (key == "date" && !article.date && !value.is_null())
            is_known = false;
        if (is_known)
            continue;
        // Kept as given, up to a bound: a scrape's stray page dump would
        // otherwise come back with every search hit.
        const std::size_t bytes = value.dump().size();
        if (extra_bytes + bytes > kMaxExtraFieldBytes) {
            out.warnings.push_back("field \"" + key + "\" is " + std::to_string(bytes) +
                                   " bytes; left out (other fields keep " +
                                   std::to_string(kMaxExtraFieldBytes) + " bytes at most)");
            continue;
        }
        extra_bytes += bytes;
        article.extra[key] = std::move(value);
    }
    return out;
}

}  // namespace dossier
