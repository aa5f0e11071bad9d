#include "models/scenario/simulation_plan.hpp"

#include <algorithm>

namespace harmcast::scenario::plan_detail {
namespace {
constexpr int kPathsPerBlock = 256;  // rows of a group's sums added to the totals at once
}  // namespace

Plan make_plan(const std::vector<Scenario>& scenarios, const std::vector<Target>& targets,
               const SimulationOptions& options, const std::vector<SeriesLabels>& series,
               const std::vector<std::vector<std::vector<int>>>& targeting) {
  Plan plan;
  plan.of_series.resize(series.size());
  const int h = options.horizon;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    std::vector<std::string> types;
    std::map<std::string, std::vector<std::size_t>> by_type;
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (targeting[s][i].empty()) continue;
      if (!by_type.count(series[i].crime_type)) types.push_back(series[i].crime_type);
      by_type[series[i].crime_type].push_back(i);
    }
    const int start = static_cast<int>(scenarios[s].start() - options.first);
    for (const auto& type : types) {
      const auto& members = by_type[type];
      const bool cohort = std::any_of(members.begin(), members.end(),
                                      [&](std::size_t i) { return !series[i].cohort.empty(); });
      std::vector<int> baseline_fans(h);
      for (int t = 0; t < h; ++t) {
        FanKey fan{static_cast<int>(s), t, 0, 0, type, cohort};
        fan.baseline = plan.add({kBaseline, false, t, t + 1}, members);
        fan.with_scenario = plan.add({static_cast<int>(s), false, t, t + 1}, members);
        baseline_fans[t] = fan.baseline;
        plan.fans.push_back(fan);
      }
      for (int t0 = start, year = 1; t0 < h; t0 += 12, ++year) {
        const int t1 = std::min(h, t0 + 12);
        AvertedKey key{static_cast<int>(s), year, t1 - t0, 0, type, {}, cohort};
        key.aggregate = plan.add({static_cast<int>(s), true, t0, t1}, members);
        key.baseline_fans.assign(baseline_fans.begin() + t0, baseline_fans.begin() + t1);
        plan.averted.push_back(std::move(key));
      }
    }
  }
  for (std::size_t k = 0; k < targets.size(); ++k) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < series.size(); ++i)
      if (targets[k].series.matches(series[i].crime_type, series[i].ward, series[i].cohort))
        members.push_back(i);
    const int t0 = static_cast<int>(targets[k].from - options.first);
    const int t1 = static_cast<int>(targets[k].to - options.first) + 1;
    for (int v = kBaseline; v < static_cast<int>(scenarios.size()); ++v)
      plan.targets.push_back({static_cast<int>(k), v, plan.add({v, false, t0, t1}, members)});
  }
  return plan;
}

// Adds one series' counts, path by path (rows of the arrays in order, one cache-friendly sweep),
// into every sum it adds to. Single months (the fans) come in runs: months t0, t0 + 1, ... into
// columns c0, c0 + stride, ..., summed in one tight loop.
void add_path_sums(const Plan& plan, int p0, int p1, int h, std::size_t series, GroupSums& out,
                   const double* base, const std::vector<const double*>& variant) {
  const std::size_t width = out.aggregates.size();
  struct Span {  // a sum over months [t0, t1) of one source
    std::size_t column;
    const double* source;
    bool averted;
    int t0, t1;
  };
  struct Run {  // count single months t0 + k into columns column + k * stride
    std::size_t column, stride;
    const double* source;
    bool averted;
    int t0, count;
  };
  std::vector<Span> spans, months;
  for (int a : plan.of_series[series]) {
    const Aggregate& agg = plan.aggregates[a];
    const auto column = static_cast<std::size_t>(
        std::lower_bound(out.aggregates.begin(), out.aggregates.end(), a) - out.aggregates.begin());
    const Span span{column, agg.variant == kBaseline ? base : variant[agg.variant], agg.averted,
                    agg.t0, agg.t1};
    (agg.t1 == agg.t0 + 1 ? months : spans).push_back(span);
  }
  std::sort(months.begin(), months.end(), [](const Span& x, const Span& y) {
    return std::tie(x.source, x.averted, x.t0) < std::tie(y.source, y.averted, y.t0);
  });
  std::vector<Run> runs;
  for (const Span& m : months) {
    if (!runs.empty()) {
      Run& r = runs.back();
      const bool same = r.source == m.source && r.averted == m.averted && r.t0 + r.count == m.t0;
      if (same && r.count == 1 && m.column > r.column) r.stride = m.column - r.column;
      if (same && m.column == r.column + r.stride * static_cast<std::size_t>(r.count)) {
        ++r.count;
        continue;
      }
    }
    runs.push_back({m.column, 1, m.source, m.averted, m.t0, 1});
  }
  for (int p = p0; p < p1; ++p) {
    const std::size_t row = std::size_t(p - p0) * h;
    const double* b = base + row;
    double* sums = out.sums.data() + std::size_t(p) * width;
    for (const Run& r : runs) {
      const double* v = r.source + row + r.t0;
      double* into = sums + r.column;
      if (r.averted) {
        for (int k = 0; k < r.count; ++k) into[k * r.stride] += b[r.t0 + k] - v[k];
      } else {
        for (int k = 0; k < r.count; ++k) into[k * r.stride] += v[k];
      }
    }
    for (const Span& i : spans) {
      const double* v = i.source + row;
      double total = 0;
      if (i.averted) {
        for (int t = i.t0; t < i.t1; ++t) total += b[t] - v[t];
      } else {
        for (int t = i.t0; t < i.t1; ++t) total += v[t];
      }
      sums[i.column] += total;
    }
  }
}

void add_group_sums(const GroupSums& group, int n, std::vector<std::vector<double>>& totals) {
  const std::size_t width = group.aggregates.size();
  for (int p0 = 0; p0 < n; p0 += kPathsPerBlock) {  // a block of rows stays in cache
    const int p1 = std::min(n, p0 + kPathsPerBlock);
    for (std::size_t a = 0; a < width; ++a) {
      double* total = totals[group.aggregates[a]].data();
      for (int p = p0; p < p1; ++p) total[p] += group.sums[std::size_t(p) * width + a];
    }
  }
}

}  // namespace harmcast::scenario::plan_detail
