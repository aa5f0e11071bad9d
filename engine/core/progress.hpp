#pragma once
// ProgressBar: a one-line progress report for long loops (fits over many series, bootstrap
// replicates, Monte Carlo paths), drawn on stderr as
//     label [#####     ] 45% 450/1000 ETA 0:12
// and finished as
//     label [##########] 100% 1000/1000 in 0:27
//
// advance() is thread-safe and cheap (one atomic add, one clock read); it is meant to be called
// from inside parallel_for tasks. Redraws are rate-limited to one per 0.1 s, done by whichever
// thread gets the drawing lock first (others do not wait). The ETA assumes a constant rate:
// ETA = elapsed * (total - done) / done.
#include <atomic>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace harmcast {

enum class ProgressMode {
  Auto,    // draw on the stream only if stderr is a terminal (isatty); silent in pipes and logs
  Quiet,   // never draw
  Always,  // always draw (tests, or forcing output into a log)
};

// Seconds on a monotonic clock; injectable so tests control time.
using ProgressClock = std::function<double()>;

// "0:07", "12:05", "1:02:03" (seconds rounded to the nearest); "--:--" for negative or non-finite.
std::string format_duration(double seconds);

// The bar line for `done` of `total` after `elapsed_seconds`: label, a bar of `bar_width` cells
// (filled cells = done / total * width rounded to nearest, full only when done == total), the
// percentage rounded down, the counts, and "ETA m:ss" ("ETA --:--" before the first unit), or
// "in m:ss" once done >= total. A total of 0 counts as complete.
std::string format_progress_line(std::string_view label, std::size_t done, std::size_t total,
                                 double elapsed_seconds, int bar_width = 10);

class ProgressBar {
 public:
  static constexpr double kRedrawInterval = 0.1;  // seconds between redraws, at most

  // Draws on `out` (stderr by default) according to `mode`. `clock` defaults to
  // std::chrono::steady_clock.
  ProgressBar(std::string label, std::size_t total, ProgressMode mode = ProgressMode::Auto);
  ProgressBar(std::string label, std::size_t total, ProgressMode mode, std::ostream& out,
              ProgressClock clock = {});
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();  // calls finish()

  void advance(std::size_t n = 1);
  // Draws the final line and a newline (once; later calls do nothing).
  void finish();

  std::size_t done() const { return done_.load(std::memory_order_relaxed); }
  std::size_t total() const { return total_; }
  bool drawing() const { return enabled_; }

 private:
  void draw_locked(double now);  // with mutex_ held

  std::string label_;
  std::size_t total_;
  std::ostream* out_;
  ProgressClock clock_;
  bool enabled_;
  double start_;
  std::atomic<std::size_t> done_{0};
  std::atomic<double> last_draw_;
  std::mutex mutex_;
  std::size_t last_width_ = 0;  // characters of the previous line, to blank out leftovers
  bool finished_ = false;
};

}  // namespace harmcast
