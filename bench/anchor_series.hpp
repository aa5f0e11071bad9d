#pragma once
// The anchor series workload shared by the forecasting benchmarks: HARMCAST_SERIES_CSV names a
// `series_id,month,count` file from ../shared/anchors/gen_series.R (rows grouped by series, in
// time order; NA for missing), HARMCAST_SERIES_LIMIT optionally keeps only the first N series.
// Empty when HARMCAST_SERIES_CSV is unset.
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace harmcast::bench
