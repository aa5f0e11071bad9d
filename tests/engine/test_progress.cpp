// Tests for engine/core/progress.hpp: the rendered line (a pure function), rate-limited drawing
// with an injected clock, quiet mode, and thread-safe counting.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "engine/core/parallel.hpp"
#include "engine/core/progress.hpp"

namespace harmcast {
namespace {

TEST(ProgressFormat, LineFromTheSpecification) {
  // 450 of 1000 after 9.82 s: rate 45.8/s, remaining 550 units take 9.82 * 550 / 450 = 12.0 s.
  EXPECT_EQ(format_progress_line("fitting", 450, 1000, 9.82),
            "fitting [#####     ] 45% 450/1000 ETA 0:12");
}

TEST(ProgressFormat, BarAndPercentRounding) {
  EXPECT_EQ(format_progress_line("x", 0, 10, 0.0), "x [          ] 0% 0/10 ETA --:--");
  EXPECT_EQ(format_progress_line("x", 1, 3, 1.0), "x [###       ] 33% 1/3 ETA 0:02");
  EXPECT_EQ(format_progress_line("x", 2, 3, 1.0), "x [#######   ] 66% 2/3 ETA 0:01");
  // 999 of 1000: percent rounds down and the bar is never full before the end.
  EXPECT_EQ(format_progress_line("x", 999, 1000, 999.0), "x [######### ] 99% 999/1000 ETA 0:01");
  EXPECT_EQ(format_progress_line("x", 1000, 1000, 75.4), "x [##########] 100% 1000/1000 in 1:15");
  EXPECT_EQ(format_progress_line("", 0, 0, 0.0), "[##########] 100% 0/0 in 0:00");
  EXPECT_EQ(format_progress_line("x", 1, 4, 1.0, 4), "x [#   ] 25% 1/4 ETA 0:03");
}

TEST(ProgressFormat, Durations) {
  EXPECT_EQ(format_duration(0.0), "0:00");
  EXPECT_EQ(format_duration(7.4), "0:07");
  EXPECT_EQ(format_duration(7.6), "0:08");
  EXPECT_EQ(format_duration(725), "12:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-1), "--:--");
  EXPECT_EQ(format_duration(std::nan("")), "--:--");
}

TEST(ProgressBar, RedrawsAtMostTenTimesPerSecondAndFinishesWithANewline) {
  std::ostringstream out;
  double now = 100.0;
  {
    ProgressBar bar("load", 100, ProgressMode::Always, out, [&] { return now; });
    for (int i = 0; i < 100; ++i) {
      now += 0.01;  // 100 advances over one second
      bar.advance();
    }
    bar.finish();
    bar.finish();  // idempotent
  }                // destructor after finish draws nothing more
  const std::string text = out.str();
  const auto redraws = std::count(text.begin(), text.end(), '\r');
  EXPECT_GE(redraws, 9);
  EXPECT_LE(redraws, 11);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  EXPECT_EQ(text.substr(text.rfind('\r') + 1), "load [##########] 100% 100/100 in 0:01\n");
  // The first draw happens at the first advance, 0.01 s in.
  EXPECT_EQ(text.substr(0, text.find('\r', 1)), "\rload [          ] 1% 1/100 ETA 0:01");
}

TEST(ProgressBar, QuietModeWritesNothingButCounts) {
  std::ostringstream out;
  ProgressBar bar("quiet", 10, ProgressMode::Quiet, out, [] { return 0.0; });
  bar.advance(4);
  bar.advance(6);
  bar.finish();
  EXPECT_EQ(bar.done(), 10u);
  EXPECT_FALSE(bar.drawing());
  EXPECT_TRUE(out.str().empty());
}

TEST(ProgressBar, ShorterLineBlanksTheLongerOne) {
  std::ostringstream out;
  double now = 0.0;
  ProgressBar bar("a", 2, ProgressMode::Always, out, [&] { return now; });
  now = 1.0;
  bar.advance();  // "a [#####     ] 50% 1/2 ETA 0:01" (31 characters)
  now = 3725.0;
  bar.finish();  // "a [#####     ] 50% 1/2 ETA 1:02:05" (34 characters)
  const std::string text = out.str();
  EXPECT_EQ(text, "\ra [#####     ] 50% 1/2 ETA 0:01\ra [#####     ] 50% 1/2 ETA 1:02:05\n");
}

TEST(ProgressBar, CountsExactlyUnderManyThreads) {
  std::ostringstream out;
  ProgressBar bar("threads", 20000, ProgressMode::Always, out);
  parallel_for(20000, 4, [&](std::size_t) { bar.advance(); });
  bar.finish();
  EXPECT_EQ(bar.done(), 20000u);
  const std::string text = out.str();
  EXPECT_NE(text.find("100% 20000/20000 in "), std::string::npos) << text;
}

}  // namespace
}  // namespace harmcast
