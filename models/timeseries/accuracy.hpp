#pragma once
// Out-of-sample accuracy of one forecast against held-out values, with the definitions of the
// M4 competition (Makridakis, Spiliotis and Assimakopoulos 2020) and R's forecast::accuracy:
//   MASE  = mean|y - f| / scale,  scale = in-sample mean |y_t - y_{t-m}| (seasonal naive, m = the
//           seasonal period; m = 1 gives the naive scale)
//   RMSSE = sqrt(mean (y - f)^2 / scale2), scale2 = in-sample mean (y_t - y_{t-m})^2
//   sMAPE = mean 200 |y - f| / (|y| + |f|)   (terms with y = f = 0 count as 0)
//   coverage(L) = share of y inside the L% interval
//   MSIS(L) = mean[(u - l) + (2/a)(l - y)1{y < l} + (2/a)(y - u)1{y > u}] / scale, a = 1 - L/100
// Missing held-out values are skipped; a metric with no usable term is NaN with a reason.
#include <string>
#include <vector>

#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

struct AccuracyMetrics {
  int evaluated = 0;  // held-out values compared
  double mase = NAN, rmsse = NAN, smape = NAN;
  std::vector<double> levels;    // interval levels, as in the forecast
  std::vector<double> coverage;  // one per level
  std::vector<double> msis;      // one per level
  std::string note;              // why a metric is NaN, if one is
};

// `training` is the series the model saw (for the scales); `actual` the held-out values aligned
// with forecast.mean (may be shorter: only the overlap is scored).
AccuracyMetrics forecast_accuracy(const std::vector<double>& training, int period,
                                  const Forecast& forecast, const std::vector<double>& actual);

}  // namespace harmcast::timeseries
