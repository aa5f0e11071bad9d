#include "engine/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace harmcast {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0) return "--:--";
  const long long total = std::llround(seconds);
  const long long hours = total / 3600;
  const long long minutes = (total / 60) % 60;
  const long long secs = total % 60;
  if (hours > 0) return fmt::format("{}:{:02d}:{:02d}", hours, minutes, secs);
  return fmt::format("{}:{:02d}", minutes, secs);
}

std::string format_progress_line(std::string_view label, std::size_t done, std::size_t total,
                                 double elapsed_seconds, int bar_width) {
  const bool complete = done >= total;
  const auto width = static_cast<std::size_t>(bar_width > 0 ? bar_width : 0);
  std::size_t filled = width;
  int percent = 100;
  if (!complete) {
    // Integer arithmetic: round(done / total * width) half up, never full before the end.
    filled = (2 * done * width + total) / (2 * total);
    if (filled >= width && width > 0) filled = width - 1;
    percent = static_cast<int>(100 * done / total);
  }
  std::string line(label);
  if (!line.empty()) line += ' ';
  line += '[';
  line.append(filled, '#');
  line.append(width - filled, ' ');
  line += fmt::format("] {}% {}/{} ", percent, done, total);
  if (complete) {
    line += "in " + format_duration(elapsed_seconds);
  } else if (done == 0) {
    line += "ETA --:--";
  } else {
    const double eta =
        elapsed_seconds * static_cast<double>(total - done) / static_cast<double>(done);
    line += "ETA " + format_duration(eta);
  }
  return line;
}

namespace {
double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
bool mode_draws(ProgressMode mode) {
  switch (mode) {
    case ProgressMode::Quiet:
      return false;
    case ProgressMode::Always:
      return true;
    case ProgressMode::Auto:
      return isatty(fileno(stderr)) != 0;
  }
  return false;
}
}  // namespace

ProgressBar::ProgressBar(std::string label, std::size_t total, ProgressMode mode)
    : ProgressBar(std::move(label), total, mode, std::cerr) {}

ProgressBar::ProgressBar(std::string label, std::size_t total, ProgressMode mode, std::ostream& out,
                         ProgressClock clock)
    : label_(std::move(label)),
      total_(total),
      out_(&out),
      clock_(clock ? std::move(clock) : ProgressClock(steady_seconds)),
      enabled_(mode_draws(mode)),
      start_(clock_()),
      last_draw_(-1e300) {}

ProgressBar::~ProgressBar() {
  try {
    finish();
  } catch (...) {  // a destructor must not throw; a failed final draw is harmless
  }
}

void ProgressBar::advance(std::size_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  if (!enabled_) return;
  const double now = clock_();
  if (now - last_draw_.load(std::memory_order_relaxed) < kRedrawInterval) return;
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;  // another thread is drawing
  if (now - last_draw_.load(std::memory_order_relaxed) < kRedrawInterval) return;
  draw_locked(now);
}

void ProgressBar::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  draw_locked(clock_());
  *out_ << '\n' << std::flush;
}

void ProgressBar::draw_locked(double now) {
  last_draw_.store(now, std::memory_order_relaxed);
  std::string line = format_progress_line(label_, done(), total_, now - start_);
  const std::size_t width = line.size();
  if (width < last_width_) line.append(last_width_ - width, ' ');
  last_width_ = width;
  *out_ << '\r' << line << std::flush;
}

}  // namespace harmcast
