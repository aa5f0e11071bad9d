#pragma once
// The anchor series workload shared by the forecasting benchmarks: HARMCAST_SERIES_CSV names a
// `series_id,month,count` file from ../shared/anchors/gen_series.R (rows grouped by series, in
// time order; NA for missing), HARMCAST_SERIES_LIMIT optionally keeps only the first N series.
// Empty when HARMCAST_SERIES_CSV is unset.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/timeseries/forecast_model.hpp"

namespace harmcast::bench {

struct Workload {
  std::vector<std::string> ids;
  std::vector<std::vector<double>> values;  // full series (train + test)
};

inline const Workload& workload() {
  static const Workload data = [] {
    Workload w;
    const char* path = std::getenv("HARMCAST_SERIES_CSV");
    if (path == nullptr) return w;
    const char* limit_text = std::getenv("HARMCAST_SERIES_LIMIT");
    const std::size_t limit = limit_text ? std::stoul(limit_text) : 1000000;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::stringstream ss(line);
      std::string id, month, count;
      std::getline(ss, id, ',');
      std::getline(ss, month, ',');
      std::getline(ss, count, ',');
      if (!id.empty() && id.front() == '"') id = id.substr(1, id.size() - 2);
      if (w.ids.empty() || w.ids.back() != id) {
        if (w.ids.size() == limit) break;
        w.ids.push_back(id);
        w.values.emplace_back();
      }
      w.values.back().push_back(count == "NA" ? std::nan("") : std::stod(count));
    }
    return w;
  }();
  return data;
}

constexpr int kTrain = 96;    // training months of each anchor series
constexpr int kHorizon = 12;  // held-out months

// The first kTrain months of series i, monthly.
inline timeseries::Series training(int i) {
  const auto& w = workload();
  timeseries::Series s;
  s.id = w.ids[i];
  s.period = 12;
  s.values.assign(w.values[i].begin(), w.values[i].begin() + kTrain);
  return s;
}

// Marks the benchmark skipped (with how to give the data) when no workload was named.
inline bool skip_if_no_data(benchmark::State& state) {
  if (!workload().ids.empty()) return false;
  state.SkipWithError("set HARMCAST_SERIES_CSV to an anchor series.csv (gen_series.R)");
  return true;
}

}  // namespace harmcast::bench
