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
        std::error_code ec_root;
        fs::directory_iterator probe(root, ec_root);
        if (ec_root)
            throw InputPathError(root.string() + ": cannot list: " + ec_root.message());
        // Depth first, one directory at a time, so that a directory that
        // cannot be read is reported by its own path and the walk goes on.
        std::vector<fs::path> pending{root};
        while (!pending.empty()) {
            const fs::path directory = std::move(pending.back());
            pending.pop_back();
            fs::directory_iterator it(directory, ec);
            for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
                const fs::path& path = it->path();
                if (is_hidden(path))
                    continue;
                std::error_code type_ec;
                if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
                    pending.push_back(path);
                    continue;
                }
                // A dangling link named like an input is reported when read, not
                // passed over in silence.
                if (!it->is_regular_file(type_ec) &&
                    !(it->is_symlink(type_ec) && input_kind_of(path)))
                    continue;
                const std::string relative = path.lexically_relative(root).generic_string();
                if (const auto kind = input_kind_of(path)) {
                    found.push_back(describe(path, relative, *kind));
                } else {
                    listing.ignored.push_back(relative);
                }
            }
            if (ec) {
                listing.unlisted.push_back(
                    {directory, "cannot list: " + ec.message(),
                     directory.lexically_relative(root).generic_string() + "/"});
                ec.clear();
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
