// Finds the files an indexing run reads: the paths given on the command line,
// directories walked recursively, in a deterministic order (by path relative to
// the root given), hidden files and folders left out.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dossier {

enum class InputKind {
    page,   // .txt: the text of one scraped web page, one article
    jsonl,  // .jsonl or .jsonl.gz: one article per line
};

struct InputFile {
    std::filesystem::path path;  // as opened
    std::string origin_path;     // relative to the root it was found under, '/'-separated
    InputKind kind = InputKind::page;
    std::uintmax_t size = 0;
    std::int64_t modified_ns = 0;  // last modification, ns since the epoch
};

struct UnlistedDirectory {
    std::filesystem::path path;
    std::string reason;         // "cannot list: Permission denied"
    std::string origin_prefix;  // the origin paths of files under it start with this
};

struct InputListing {
    std::vector<InputFile> files;
    std::vector<std::string> ignored;  // files with other extensions, relative paths
    // Directories under a root that could not be read: reported, and their
    // files (unknown) must not count as gone.
    std::vector<UnlistedDirectory> unlisted;
};

// Thrown for a path that does not exist or cannot be listed; fatal for a run.
class InputPathError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The kind a file name denotes, or nothing for other files.
std::optional<InputKind> input_kind_of(const std::filesystem::path& file);

// A directory root yields paths relative to it; a file root yields its file name.
// Symbolic links to directories are not followed (no loops). A root that
// cannot be listed throws InputPathError; a directory under it is reported
// in `unlisted` and the walk goes on.
InputListing find_input_files(const std::vector<std::filesystem::path>& roots);

}  // namespace dossier
