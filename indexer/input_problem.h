// How the indexer's readers report an input they cannot index: a file, a
// line of a JSONL file, or an article. An InputProblem says why, and on which
// line; a reader that makes a value returns Expected<T>, the value or its
// problem (the shape of C++23's std::expected). Every problem reaches the
// run's report by one path (indexing_run.cpp), printed "path:line: reason"
// and counted by reason.
//
// Exceptions are kept for what stops the whole run (FatalIndexingError and
// the errors that become it: no such input path, an index that cannot be
// opened or written); an input that cannot be indexed is never one.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dossier {

struct InputProblem {
    std::string reason;
    int line = 0;  // 1-based line of the file it is about; 0: the file as a whole

    // "path:line" for a line, "path" for the whole file.
    std::string location(std::string_view path) const {
        std::string out(path);
        if (line > 0)
            out += ":" + std::to_string(line);
        return out;
    }
};

template <typename T>
class Expected {
  public:
    Expected(T value) : value_or_problem_(std::move(value)) {}
    Expected(InputProblem problem) : value_or_problem_(std::move(problem)) {}

    bool has_value() const { return value_or_problem_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& operator*() { return std::get<0>(value_or_problem_); }
    const T& operator*() const { return std::get<0>(value_or_problem_); }
    T* operator->() { return &**this; }
    const T* operator->() const { return &**this; }
    // Only when !has_value().
    const InputProblem& problem() const { return std::get<1>(value_or_problem_); }

  private:
    std::variant<T, InputProblem> value_or_problem_;
};

}  // namespace dossier
