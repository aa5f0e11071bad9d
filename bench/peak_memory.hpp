#pragma once
// Extra resident memory of a region of a benchmark, measured only when the environment variable
// HARMCAST_BENCH_MEMORY is set (the scripts run the benchmark a second time for it): the
// kernel's high-water mark is reset when the region starts (writing 5 to /proc/self/clear_refs),
// so the peak counts only the region, however much an earlier step (reading the CSV) used, and
// blocks of 64 kB and more are mapped and unmapped one by one (mallopt), so memory freed earlier
// and kept by malloc cannot hide the region's own allocations. That costs page faults, hence
// not in timing runs. Linux/glibc only.
#include <malloc.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace harmcast::bench {

class PeakMemory {
 public:
  // Starts the region: remembers resident memory now and resets the peak to it.
  static bool enabled() { return std::getenv("HARMCAST_BENCH_MEMORY") != nullptr; }

  PeakMemory() {
    if (!enabled()) return;
    mallopt(M_MMAP_THRESHOLD, 1 << 16);
    mallopt(M_TRIM_THRESHOLD, 1 << 16);
    malloc_trim(0);
    std::ofstream("/proc/self/clear_refs") << "5";
    baseline_kb_ = status_kb("VmRSS:");
  }
  // Peak resident memory since the start minus resident memory at the start, in MB.
  double extra_mb() const { return (status_kb("VmHWM:") - baseline_kb_) / 1e3; }

 private:
  static double status_kb(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string word;
    while (status >> word)
      if (word == key) {
        double kb = 0;
        status >> kb;
        return kb;
      }
    return 0;
  }
  double baseline_kb_ = 0;
};

}  // namespace harmcast::bench
