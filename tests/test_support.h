// Small helpers shared by the tests: temporary directories and files.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

namespace dossier::testing {

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "dossier-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::filesystem::path corpus_dir() {
    return std::filesystem::path(DOSSIER_SOURCE_DIR) / "corpus";
}

// Makes `path` and everything under it belong to the user without_root()
// runs as, when the tests run as root (otherwise nothing to do).
inline void hand_to_unprivileged(const std::filesystem::path& path) {
    if (::geteuid() != 0)
        return;
    auto give = [](const std::filesystem::path& p) {
        if (::lchown(p.c_str(), 65534, 65534) != 0)
            throw std::runtime_error("cannot chown " + p.string());
    };
    give(path);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
        give(entry.path());
}

// Runs `work` where file permissions hold and returns what it returned: in
// this process, or, when the tests run as root (whom permissions do not
// stop), in a child process running as the unprivileged user "nobody"
// (uid and gid 65534). Files `work` reads or writes must be open to that user.
inline std::string without_root(const std::function<std::string()>& work) {
    if (::geteuid() != 0)
        return work();
    int pipe_ends[2];
    if (::pipe(pipe_ends) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t child = ::fork();
    if (child < 0)
        throw std::runtime_error("fork failed");
    if (child == 0) {
        ::close(pipe_ends[0]);
        if (::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(3);
        std::string out;
        try {
            out = work();
        } catch (const std::exception& e) {
            out = std::string("exception: ") + e.what();
        }
        for (std::size_t done = 0; done < out.size();) {
            const ssize_t n = ::write(pipe_ends[1], out.data() + done, out.size() - done);
            if (n <= 0)
                ::_exit(4);
            done += static_cast<std::size_t>(n);
        }
        ::_exit(0);
    }
    ::close(pipe_ends[1]);
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;)
        out.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_ends[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("the unprivileged child failed (status " + std::to_string(status) +
                                 ")");
    return out;
}

}  // namespace dossier::testing
