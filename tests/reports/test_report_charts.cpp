#include <gtest/gtest.h>

#include <cmath>

#include "reports/charts/line_chart.hpp"
#include "reports/charts/row_chart.hpp"
#include "reports/html/document.hpp"

using namespace harmcast::report;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST(ReportCharts, FanChartDrawsBandsLinesAndEscapedText) {
  LineChartSpec spec;
  spec.title = "Burglary <city>";
  spec.x_label = "month";
  spec.y_label = "offences per month";
  for (int i = 0; i < 24; ++i) spec.x_labels.push_back("2019-" + std::to_string(i));
  std::vector<double> history(24, NAN), mean(24, NAN), lo(24, NAN), hi(24, NAN);
  for (int i = 0; i < 12; ++i) history[i] = 100 + i;
  for (int i = 12; i < 24; ++i) mean[i] = 110, lo[i] = 90, hi[i] = 130;
  spec.lines = {{"recorded", history}, {"forecast", mean, "", true}};
  spec.bands = {{"95% interval", lo, hi}};
  spec.marker_at = 12;
  spec.marker_label = "forecast";
  const std::string svg = render_line_chart(spec);
  EXPECT_TRUE(contains(svg, "<polygon"));
  EXPECT_TRUE(contains(svg, "<polyline"));
  EXPECT_TRUE(contains(svg, "Burglary &lt;city&gt;"));
  EXPECT_FALSE(contains(svg, "nan"));
  EXPECT_FALSE(contains(svg, "inf"));
}

TEST(ReportCharts, LineChartRejectsMismatchedLengths) {
  LineChartSpec spec;
  spec.x_labels = {"a", "b"};
  spec.lines = {{"x", {1.0}}};
  EXPECT_THROW(render_line_chart(spec), std::logic_error);
}

TEST(ReportCharts, ForestPlotHasOneRowPerEstimate) {
  RowChartSpec spec;
  spec.title = "Effects";
  spec.x_label = "difference in reoffending rate (percentage points)";
  spec.markers = {{"estimate", "#000"}};
  spec.references = {{0.0, "no effect"}};
  spec.rows = {{"IDVA", -9.0, 2.0, {{-4.0, 0}}}, {"Gang exit", -3.0, 6.0, {{1.5, 0}}}};
  const std::string svg = render_row_chart(spec);
  EXPECT_TRUE(contains(svg, "IDVA"));
  EXPECT_TRUE(contains(svg, "Gang exit"));
  std::size_t circles = 0;
  for (std::size_t at = svg.find("<circle"); at != std::string::npos;
       at = svg.find("<circle", at + 1))
    ++circles;
  EXPECT_EQ(circles, 3u);  // two estimates and one legend dot
}

TEST(ReportDocument, EscapesEveryTextAndBuildsContents) {
  HtmlDocument doc("Report & <results>", "subtitle");
  doc.section("kpi", "KPIs");
  doc.paragraph("<script>alert(1)</script>");
  HtmlTable t;
  t.header = {"type", "count"};
  t.align = {Align::Left, Align::Right};
  t.rows = {{"<b>", "12"}};
  doc.table(t);
  const std::string html = doc.str();
  EXPECT_FALSE(contains(html, "<script>"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;"));
  EXPECT_TRUE(contains(html, "href=\"#kpi\""));
  EXPECT_TRUE(contains(html, "<td class=\"num\">12</td>"));
  EXPECT_TRUE(contains(html, "Report &amp; &lt;results&gt;"));
}
