#include <gtest/gtest.h>

#include <cmath>

#include "reports/charts/scale.hpp"
#include "reports/html/escape.hpp"
#include "reports/html/number_format.hpp"

using namespace harmcast::report;

TEST(ReportFormat, NumbersGetSeparatorsAndTrueMinus) {
  EXPECT_EQ(format_number(1234567.8), "1,234,568");
  EXPECT_EQ(format_number(1234.5, 2), "1,234.50");
  EXPECT_EQ(format_number(-42.0), "\u221242");
  EXPECT_EQ(format_number(-0.2), "0");  // rounds to zero: no sign
  EXPECT_EQ(format_number(NAN), "\u2013");
}

TEST(ReportFormat, SignificantFigures) {
  EXPECT_EQ(format_significant(0.012345, 3), "0.0123");
  EXPECT_EQ(format_significant(123456, 3), "123,000");
  EXPECT_EQ(format_significant(-1.5, 2), "\u22121.5");
}

TEST(ReportFormat, PercentPoundsAndPValues) {
  EXPECT_EQ(format_percent(0.1234), "12.3%");
  EXPECT_EQ(format_percent(0.05, 1, true), "+5.0%");
  EXPECT_EQ(format_pounds(-1234.4), "\u2212\u00a31,234");
  EXPECT_EQ(format_pounds(2345678), "\u00a32.35m");
  EXPECT_EQ(format_p_value(0.0004), "<0.001");
  EXPECT_EQ(format_p_value(0.0123), "0.012");
  EXPECT_EQ(format_p_value(0.0478), "0.048");
  EXPECT_EQ(format_p_value(0.344), "0.34");
}

TEST(ReportFormat, SmallCountsAreSuppressed) {
  EXPECT_EQ(format_count_suppressed(3, 5), "<5");
  EXPECT_EQ(format_count_suppressed(0, 5), "0");
  EXPECT_EQ(format_count_suppressed(5, 5), "5");
  EXPECT_EQ(format_count_suppressed(1200, 5), "1,200");
}

TEST(ReportFormat, EscapesMarkup) {
  EXPECT_EQ(escape_html("<b>\"A&B\"</b> 'x'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;");
}

TEST(ReportScale, NiceTicksCoverTheRangeWithRoundSteps) {
  const auto ticks = nice_ticks(3.2, 97.5, 6);
  ASSERT_GE(ticks.size(), 2u);
  EXPECT_LE(ticks.front(), 3.2);
  EXPECT_GE(ticks.back(), 97.5);
  EXPECT_DOUBLE_EQ(ticks[1] - ticks[0], 20.0);
  const auto labels = tick_labels(nice_ticks(0, 0.5, 6));
  EXPECT_EQ(labels[1], "0.1");
}

TEST(ReportScale, TruncatesLongLabelsWithEllipsis) {
  EXPECT_EQ(truncate_label("short", 10), "short");
  EXPECT_EQ(truncate_label("a very long covariate name", 8), "a very \u2026");
  EXPECT_EQ(truncate_label("exactly8", 8), "exactly8");
}
