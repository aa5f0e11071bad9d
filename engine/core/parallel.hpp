#pragma once
// Parallel loops over independent tasks (OpenMP underneath).
//
// The contract that makes results independent of the thread count:
//   * a task's result may depend only on its task index (and on read-only shared inputs);
//   * a task that needs random numbers uses RandomStream(seed, task) (engine/core/random.hpp),
//     never a stream shared between tasks;
//   * each task writes only to its own slot of a pre-sized output (results[task] = ...), and any
//     reduction over tasks happens afterwards, serially, in task order (floating-point sums
//     depend on the order of addition).
// Under this contract parallel_for(n, 1, body) and parallel_for(n, 8, body) give bit-identical
// results. Tasks are handed out dynamically (OpenMP schedule(dynamic, 1)), so uneven task costs
// (series of different lengths, fits that take longer to converge) still balance across threads.
//
// Exceptions: an exception escaping a task is caught on its thread (OpenMP would otherwise
// terminate the process) and rethrown on the calling thread once the loop ends. If several tasks
// throw, the one with the lowest task index is rethrown, whatever the thread count or timing:
// after a failure at task k, tasks with an index above k are skipped (they cannot be the first
// failure) while tasks below k still run.
#include <cstddef>
#include <functional>

namespace harmcast {

// The number of threads to use: `requested` if positive, all available processors if 0.
// Throws harmcast::Error for a negative request.
int resolve_threads(int requested);

// Runs body(task) for task = 0 .. n_tasks - 1 on `threads` threads (0 = all processors; 1 runs
// in the calling thread without OpenMP). Inside an already-parallel region it runs serially.
void parallel_for(std::size_t n_tasks, int threads,
                  const std::function<void(std::size_t task)>& body);

}  // namespace harmcast
