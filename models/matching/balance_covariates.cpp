// Balance covariates from the propensity model frame (see propensity.hpp).
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "models/matching/propensity.hpp"

namespace harmcast {

BalanceCovariates balance_covariates(const MatchingData& data, bool distance_first) {
  if (!data.frame) throw InternalError("balance_covariates: MatchingData without a model frame");
  const ModelFrame& frame = *data.frame;
  // Plan the columns first, then fill the matrix once. A factor's reference level is 1 - the
  // sum of its contrast columns (true for treatment contrasts with an intercept).
  struct Source {
    std::vector<std::size_t> minus;  // reference level: 1 - sum of these design columns
    std::size_t column = 0;          // otherwise: this design column
    enum { kDesign, kReference, kDistance } kind = kDesign;
  };
  BalanceCovariates out;
  std::vector<Source> plan;
  if (distance_first && !data.distance.empty()) {
    out.names.push_back("distance");
    plan.push_back({{}, 0, Source::kDistance});
  }
  std::vector<bool> done(frame.column_names.size(), false);
  for (std::size_t j = 0; j < frame.column_names.size(); ++j) {
    if (done[j] || frame.column_term[j] < 0) continue;
    const int term = frame.column_term[j];
    const std::string& label = frame.term_labels[static_cast<std::size_t>(term)];
    const FactorLevels* factor = nullptr;
    for (const auto& f : frame.factors)
      if (f.variable == label) factor = &f;
    std::vector<std::size_t> term_cols;
    for (std::size_t c = j; c < frame.column_names.size(); ++c)
      if (frame.column_term[c] == term) term_cols.push_back(c), done[c] = true;
    if (factor && frame.has_intercept() && term_cols.size() + 1 == factor->levels.size()) {
      out.names.push_back(label + factor->levels[0]);
      plan.push_back({term_cols, 0, Source::kReference});
    }
    for (std::size_t c : term_cols) {
      out.names.push_back(frame.column_names[c]);
      plan.push_back({{}, c, Source::kDesign});
    }
  }
  const Eigen::Index n = frame.rows();
  out.values.resize(n, static_cast<Eigen::Index>(plan.size()));
  const auto columns = static_cast<Eigen::Index>(plan.size());
  // Columns are independent: each thread fills whole columns, so the result does not depend on
  // the thread count.
#pragma omp parallel for schedule(dynamic, 1) if (n >= 50000)
  for (Eigen::Index k = 0; k < columns; ++k) {
    const Source& source = plan[static_cast<std::size_t>(k)];
    auto column = out.values.col(k);
    switch (source.kind) {
      case Source::kDistance:
        column = Eigen::Map<const Eigen::VectorXd>(data.distance.data(), n);
        break;
      case Source::kDesign:
        column = frame.x.col(static_cast<Eigen::Index>(source.column));
        break;
      case Source::kReference:
        column.setOnes();
        for (std::size_t c : source.minus) column -= frame.x.col(static_cast<Eigen::Index>(c));
        break;
    }
  }
  return out;
}

}  // namespace harmcast
