// Tests for engine/core/parallel.hpp: thread-count independence of per-task random streams,
// deterministic propagation of exceptions, and every task run exactly once.
#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/random.hpp"

namespace harmcast {
namespace {

// A Monte Carlo estimate of E[max(Z1, Z2)] for independent standard normals, whose true value is
// 1/sqrt(pi) = 0.5641896. Each task draws a block of pairs from its own stream.
std::vector<double> monte_carlo_blocks(int threads, std::size_t n_tasks, std::size_t per_task) {
  std::vector<double> block_means(n_tasks, 0.0);
  parallel_for(n_tasks, threads, [&](std::size_t task) {
    RandomStream stream(20240611, task);
    double sum = 0.0;
    for (std::size_t i = 0; i < per_task; ++i) {
      const double a = stream.normal();
      const double b = stream.normal();
      sum += std::max(a, b);
    }
    block_means[task] = sum / static_cast<double>(per_task);
  });
  return block_means;
}

TEST(Parallel, MonteCarloIdenticalForAnyThreadCount) {
  const std::vector<double> one = monte_carlo_blocks(1, 64, 5000);
  for (int threads : {2, 4, 0}) {
    const std::vector<double> many = monte_carlo_blocks(threads, 64, 5000);
    ASSERT_EQ(many.size(), one.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
      EXPECT_EQ(many[i], one[i]) << "task " << i << " threads " << threads;  // bit-identical
    }
  }
  // And the estimate itself is right: Var(max(Z1, Z2)) = 1 - 1/pi, n = 320000 pairs, so the
  // standard error is sqrt((1 - 1/pi) / 320000) = 0.00146; allow 4 standard errors.
  double total = 0.0;
  for (double m : one) total += m;
  const double estimate = total / static_cast<double>(one.size());
  EXPECT_NEAR(estimate, 1.0 / std::sqrt(M_PI), 4 * std::sqrt((1 - 1 / M_PI) / 320000.0));
}

TEST(Parallel, EveryTaskRunsExactlyOnce) {
  for (int threads : {1, 2, 4}) {
    std::vector<std::atomic<int>> runs(1000);
    parallel_for(runs.size(), threads, [&](std::size_t task) { runs[task].fetch_add(1); });
    for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << i;
  }
}

TEST(Parallel, UsesSeveralThreadsWhenAsked) {
  std::mutex mutex;
  std::set<int> thread_numbers;
  parallel_for(200, 4, [&](std::size_t) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::lock_guard<std::mutex> lock(mutex);
    thread_numbers.insert(omp_get_thread_num());
  });
  EXPECT_GT(thread_numbers.size(), 1u);
}

TEST(Parallel, ZeroTasksCallsNothing) {
  bool called = false;
  parallel_for(0, 4, [&](std::size_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST(Parallel, RethrowsTheLowestIndexFailureOnTheCallingThread) {
  for (int threads : {1, 2, 4}) {
    for (int repeat = 0; repeat < 20; ++repeat) {
      try {
        parallel_for(500, threads, [&](std::size_t task) {
          // Late tasks fail fast, the early failure comes after some work, so with several
          // threads the late failure is usually recorded first.
          if (task == 400 || task == 450) throw Error("series " + std::to_string(task), "failed");
          if (task == 37) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            throw Error("series 37", "failed");
          }
        });
        FAIL() << "no exception";
      } catch (const Error& e) {
        EXPECT_EQ(e.where(), "series 37") << "threads " << threads;
      }
    }
  }
}

TEST(Parallel, TasksBelowTheFirstFailureStillRun) {
  std::vector<std::atomic<int>> runs(300);
  EXPECT_THROW(parallel_for(runs.size(), 4,
                            [&](std::size_t task) {
                              runs[task].fetch_add(1);
                              if (task == 250) throw std::runtime_error("boom");
                            }),
               std::runtime_error);
  for (std::size_t i = 0; i <= 250; ++i) ASSERT_EQ(runs[i].load(), 1) << i;
}

TEST(Parallel, PropagatesNonHarmcastExceptions) {
  EXPECT_THROW(parallel_for(10, 2,
                            [](std::size_t task) {
                              if (task == 3) throw std::out_of_range("index");
                            }),
               std::out_of_range);
}

TEST(Parallel, NestedCallsRunSerially) {
  std::vector<std::atomic<int>> runs(20 * 20);
  parallel_for(20, 2, [&](std::size_t outer) {
    parallel_for(20, 2, [&](std::size_t inner) { runs[outer * 20 + inner].fetch_add(1); });
  });
  for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << i;
}

TEST(Parallel, ResolveThreads) {
  EXPECT_EQ(resolve_threads(0), omp_get_num_procs());
  EXPECT_EQ(resolve_threads(3), 3);
  EXPECT_THROW(resolve_threads(-1), Error);
  EXPECT_THROW(parallel_for(5, -2, [](std::size_t) {}), Error);
}

}  // namespace
}  // namespace harmcast
