#include "indexer/parallel.h"

#include <exception>
#include <thread>

namespace dossier {

void run_in_parallel(unsigned tasks, const std::function<void(unsigned)>& task) {
    if (tasks == 1) {
        task(0);
        return;
    }
    std::vector<std::exception_ptr> errors(tasks);
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < tasks; ++i) {
        threads.emplace_back([&, i] {
            try {
                task(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    for (const std::exception_ptr& error : errors) {
        if (error)
            std::rethrow_exception(error);
    }
}

}  // namespace dossier
