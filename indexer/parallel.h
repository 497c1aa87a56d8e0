// Work split over threads for the steps of an indexing run that are not the
// build's workers: compaction and key writes (a shard per thread) and the
// story linker's pair search (a share of the articles per thread).
//
// Errors: the first task's exception (in task order) is rethrown once every
// task has finished.
#pragma once

#include <functional>

namespace dossier {

// Runs `task(i)` for every i in [0, tasks), each on a thread of its own.
void run_in_parallel(unsigned tasks, const std::function<void(unsigned)>& task);

}  // namespace dossier
