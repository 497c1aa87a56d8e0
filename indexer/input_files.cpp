#include "indexer/input_files.h"

#include <algorithm>
#include <chrono>
#include <system_error>

namespace dossier {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_hidden(const fs::path& name) {
    const std::string s = name.filename().string();
    return !s.empty() && s[0] == '.';
}

InputFile describe(const fs::path& path, std::string origin_path, InputKind kind) {
    InputFile file;
    file.path = path;
    file.origin_path = std::move(origin_path);
    file.kind = kind;
    std::error_code ec;
    file.size = fs::file_size(path, ec);
    if (ec)
        file.size = 0;
    const auto modified = fs::last_write_time(path, ec);
    if (!ec) {
        file.modified_ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch())
                .count();
    }
    return file;
}

}  // namespace

std::optional<InputKind> input_kind_of(const fs::path& file) {
    std::string name = file.filename().string();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ends_with(name, ".txt"))
        return InputKind::page;
    if (ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz"))
        return InputKind::jsonl;
    return std::nullopt;
}

InputListing find_input_files(const std::vector<fs::path>& roots) {
    InputListing listing;
    for (const fs::path& root : roots) {
        std::error_code ec;
        const fs::file_status status = fs::status(root, ec);
        if (ec || !fs::exists(status)) {
            throw InputPathError(root.string() + ": no such file or directory");
        }
        if (fs::is_regular_file(status)) {
            if (const auto kind = input_kind_of(root)) {
                listing.files.push_back(describe(root, root.filename().string(), *kind));
            } else {
                listing.ignored.push_back(root.string());
            }
            continue;
        }
        if (!fs::is_directory(status)) {
            throw InputPathError(root.string() + ": not a regular file or directory");
        }
        std::vector<InputFile> found;
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied,
                                            ec);
        if (ec)
            throw InputPathError(root.string() + ": cannot list: " + ec.message());
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec)
                throw InputPathError(root.string() + ": cannot list: " + ec.message());
            const fs::path& path = it->path();
            if (is_hidden(path)) {
                if (it->is_directory())
                    it.disable_recursion_pending();
                continue;
            }
            // A dangling link named like an input is reported when read, not
            // passed over in silence.
            if (!it->is_regular_file(ec) && !(it->is_symlink(ec) && input_kind_of(path)))
                continue;
            const std::string relative = path.lexically_relative(root).generic_string();
            if (const auto kind = input_kind_of(path)) {
                found.push_back(describe(path, relative, *kind));
            } else {
                listing.ignored.push_back(relative);
            }
        }
        std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) {
            return a.origin_path < b.origin_path;
        });
        listing.files.insert(listing.files.end(), std::make_move_iterator(found.begin()),
                             std::make_move_iterator(found.end()));
    }
    return listing;
}

}  // namespace dossier
