// "Forecasts": the model chosen for each series, then one fan chart per series (recent history,
// forecast mean, intervals) as small multiples grouped by the series' KPI assessment.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "reports/charts/line_chart.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {
namespace {

// Interval levels present in the points table, widest first (so narrow bands draw on top).
std::vector<std::string> levels_widest_first(const Table& points) {
  std::vector<std::pair<int, std::string>> found;
  for (const auto& name : points.column_names()) {
    if (name.rfind("lo_", 0) == 0) found.emplace_back(std::stoi(name.substr(3)), name.substr(3));
  }
  std::sort(found.rbegin(), found.rend());
  std::vector<std::string> out;
  for (const auto& [level, text] : found) out.push_back(text);
  return out;
}

// Forecast charts are grouped by what the KPI stage found for the same series, so the board sees
// the worsening ones first; series without a KPI assessment come last.
constexpr const char* kGroupOrder[] = {"Worsening against baseline", "No clear change",
                                       "Improving against baseline", "Other series"};

std::string kpi_group(const RunResults& results, const std::string& key, const std::string& id) {
  const Table* kpi = results.find_table("/kpi/summary");
  if (kpi == nullptr || !kpi->has_column(key) || !kpi->has_column("assessment")) {
    return kGroupOrder[3];
  }
  for (std::size_t r = 0; r < kpi->rows(); ++r) {
    if (text_cell(*kpi, key, r) != id) continue;
    const std::string assessment = text_cell(*kpi, "assessment", r);
    if (assessment == "worsening") return kGroupOrder[0];
    if (assessment == "no clear change") return kGroupOrder[1];
    if (assessment == "improving") return kGroupOrder[2];
  }
  return kGroupOrder[3];
}

// One fan chart: the recorded history, the forecast mean joined to the last recorded month, and
// the interval bands (widest first). Nothing when the series has no forecast.
std::optional<HtmlDocument::GridChart> fan_chart(const Table& history, const Table& points,
                                                 const std::string& key, const std::string& id,
                                                 const std::string& model,
                                                 const std::vector<std::string>& levels) {
  LineChartSpec chart;
  chart.title = humanise(id);
  chart.x_label = "month";
  chart.y_label = "offences per month";
  chart.width = 520;
  chart.height = 290;
  std::vector<double> recorded, mean;
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> bands;
  for (std::size_t h = 0; h < history.rows(); ++h) {
    if (text_cell(history, key, h) != id) continue;
    chart.x_labels.push_back(text_cell(history, "period", h));
    recorded.push_back(cell(history, "value", h));
  }
  const std::size_t n_history = chart.x_labels.size();
  mean.assign(n_history, NAN);
  for (const auto& l : levels)
    bands[l] = {std::vector<double>(n_history, NAN), std::vector<double>(n_history, NAN)};
  if (n_history > 0) mean.back() = recorded.back();
  for (std::size_t p = 0; p < points.rows(); ++p) {
    if (text_cell(points, key, p) != id) continue;
    chart.x_labels.push_back(text_cell(points, "period", p));
    recorded.push_back(points.has_column("actual") ? cell(points, "actual", p) : NAN);
    mean.push_back(cell(points, "mean", p));
    for (const auto& l : levels) {
      bands[l].first.push_back(std::max(0.0, cell(points, "lo_" + l, p)));
      bands[l].second.push_back(cell(points, "hi_" + l, p));
    }
  }
  if (chart.x_labels.size() == n_history) return std::nullopt;
  double opacity = 0.15;
  for (const auto& l : levels) {
    chart.bands.push_back({l + "% interval", bands[l].first, bands[l].second, "#0072B2", opacity});
    opacity += 0.15;
  }
  chart.lines = {{"recorded", recorded, "#1f2328"}, {"forecast", mean, "#0072B2", true}};
  chart.marker_at = n_history > 0 ? n_history - 1 : 0;
  chart.marker_label = "forecast starts";
  return HtmlDocument::GridChart{
      render_line_chart(chart),
      fmt::format("{}: last {} months recorded and {} months forecast ({}).", humanise(id),
                  n_history, chart.x_labels.size() - n_history, model)};
}

}  // namespace

void add_forecast_section(HtmlDocument& doc, const RunResults& results, const ReportSettings&) {
  const Table* points = results.find_table("/forecast/points");
  const Table* history = results.find_table("/forecast/history");
  const Table* models = results.find_table("/forecast/models");
  if (points == nullptr || history == nullptr || models == nullptr) return;
  const std::string key = points->column(0).name();
  doc.section("forecasts", "Forecasts");
  doc.paragraph(
      "Recorded offences by month with forecasts for the coming months. The shaded bands are "
      "prediction intervals: in the darker band the monthly count is expected 80 times in 100, in "
      "the lighter band 95 times in 100. Wider bands mean the future is less certain.");

  HtmlTable table;
  table.caption = "Models used";
  table.header = {humanise(key), "Model", "Fit"};
  for (std::size_t r = 0; r < models->rows(); ++r) {
    const std::string model = text_cell(*models, "model", r);
    table.rows.push_back({humanise(text_cell(*models, key, r)),
                          model.empty() ? "none (see run notes)" : model,
                          text_cell(*models, "status", r)});
  }
  table.note =
      "With the automatic choice, each series gets the family (ARIMA, exponential smoothing "
      "(ETS), structural, count model, seasonal naive or their average) whose forecasts were "
      "most accurate (lowest mean MASE) when tried at "
      "several earlier points of the series. ARIMA(p,d,q)(P,D,Q)[12]: order chosen by the "
      "corrected Akaike information criterion, as R's forecast::auto.arima does.";
  doc.table(table);

  const auto levels = levels_widest_first(*points);
  std::map<std::string, std::vector<HtmlDocument::GridChart>> charts_by_group;
  for (std::size_t r = 0; r < models->rows(); ++r) {
    const std::string id = text_cell(*models, key, r);
    std::optional<HtmlDocument::GridChart> chart =
        fan_chart(*history, *points, key, id, text_cell(*models, "model", r), levels);
    if (chart) charts_by_group[kpi_group(results, key, id)].push_back(std::move(*chart));
  }
  for (const char* group : kGroupOrder) {
    const auto found = charts_by_group.find(group);
    if (found == charts_by_group.end()) continue;
    if (charts_by_group.size() > 1) doc.subheading(group);
    doc.chart_grid(found->second);
  }
}

}  // namespace harmcast::report
