#include "engine/core/parallel.hpp"

#include <omp.h>

#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <string>

#include "engine/core/error.hpp"

namespace harmcast {

int resolve_threads(int requested) {
  if (requested < 0) {
    throw Error("threads", "the number of threads must be 0 (all processors) or positive, got " +
                               std::to_string(requested));
  }
  if (requested == 0) return omp_get_num_procs() > 0 ? omp_get_num_procs() : 1;
  return requested;
}

namespace {

// Keeps the exception of the lowest-index failing task.
class FirstFailure {
 public:
  bool should_skip(std::size_t task) const {
    return task > first_index_.load(std::memory_order_acquire);
  }
  void record(std::size_t task, std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (task < first_index_.load(std::memory_order_relaxed)) {
      first_index_.store(task, std::memory_order_release);
      error_ = std::move(error);
    }
  }
  void rethrow_if_any() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::atomic<std::size_t> first_index_{std::numeric_limits<std::size_t>::max()};
  std::mutex mutex_;
  std::exception_ptr error_;
};

void run_task(std::size_t task, const std::function<void(std::size_t)>& body,
              FirstFailure& failure) {
  if (failure.should_skip(task)) return;
  try {
    body(task);
  } catch (...) {
    failure.record(task, std::current_exception());
  }
}

}  // namespace

void parallel_for(std::size_t n_tasks, int threads,
                  const std::function<void(std::size_t task)>& body) {
  const int n_threads = resolve_threads(threads);
  FirstFailure failure;
  if (n_threads == 1 || n_tasks <= 1 || omp_in_parallel()) {
    for (std::size_t task = 0; task < n_tasks; ++task) run_task(task, body, failure);
  } else {
    const auto n = static_cast<long long>(n_tasks);
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
    for (long long task = 0; task < n; ++task) {
      run_task(static_cast<std::size_t>(task), body, failure);
    }
  }
  failure.rethrow_if_any();
}

}  // namespace harmcast
