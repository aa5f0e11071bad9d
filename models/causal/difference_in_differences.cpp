#include "models/causal/difference_in_differences.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/regression/glm.hpp"

namespace harmcast::causal {

namespace {

const char* kWhere = "difference-in-differences";

struct Checked {
  std::vector<bool> is_treated;
  std::int64_t t0 = 0;
};

Checked check_input(const DidInput& input) {
  input.panel.check(kWhere);
  Checked c;
  c.is_treated.assign(input.panel.units(), false);
  for (const auto& id : input.treated) c.is_treated[input.panel.index_of(id)] = true;
  const auto n_treated = std::count(c.is_treated.begin(), c.is_treated.end(), true);
  if (n_treated == 0) throw Error(kWhere, "no treated units", "list the treated unit ids");
  if (n_treated == static_cast<long>(c.is_treated.size())) {
    throw Error(kWhere, "no control units", "every unit is listed as treated");
  }
  c.t0 = input.intervention_start - input.panel.start;
  if (c.t0 < 1 || c.t0 >= static_cast<std::int64_t>(input.panel.periods())) {
    throw Error(kWhere,
                "intervention_start " + input.intervention_start.to_string() +
                    " leaves no pre or no post period",
                "it must fall after the first and on or before the last period of the panel");
  }
  for (Eigen::Index i = 0; i < input.panel.values.rows(); ++i) {
    if ((input.panel.values.row(i).array() < 0.0).any()) {
      throw Error(kWhere, "negative count for unit '" + input.panel.unit_ids[i] + "'");
    }
  }
  return c;
}

// Two-way fixed-effects design (intercept, units 2..N, periods 2..T) plus `extra` columns filled
// by the caller; rows unit-major (row = i * T + t).
Eigen::MatrixXd twfe_design(std::size_t units, std::size_t periods, std::size_t extra,
                            std::vector<std::string>& names, const UnitPanel& panel) {
  const std::size_t p = 1 + (units - 1) + (periods - 1) + extra;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(units * periods),
                                            static_cast<Eigen::Index>(p));
  names = {"(Intercept)"};
  for (std::size_t i = 1; i < units; ++i) names.push_back("unit" + panel.unit_ids[i]);
  for (std::size_t t = 1; t < periods; ++t)
    names.push_back("period" + (panel.start + t).to_string());
  for (std::size_t i = 0; i < units; ++i) {
    for (std::size_t t = 0; t < periods; ++t) {
      const auto row = static_cast<Eigen::Index>(i * periods + t);
      x(row, 0) = 1.0;
      if (i > 0) x(row, static_cast<Eigen::Index>(i)) = 1.0;
      if (t > 0) x(row, static_cast<Eigen::Index>(units - 1 + t)) = 1.0;
    }
  }
  return x;
}

struct FittedTwfe {
  GlmResult glm;
  Eigen::MatrixXd covariance;
  double t_df = 0.0;
  std::string se_description;
};

FittedTwfe fit_twfe(const Eigen::MatrixXd& x, const UnitPanel& panel,
                    const std::vector<std::string>& names, const DidOptions& options) {
  const std::size_t units = panel.units(), periods = panel.periods();
  Eigen::VectorXd y(static_cast<Eigen::Index>(units * periods));
  std::vector<std::int32_t> cluster(units * periods);
  for (std::size_t i = 0; i < units; ++i) {
    for (std::size_t t = 0; t < periods; ++t) {
      y(static_cast<Eigen::Index>(i * periods + t)) = panel.values(i, t);
      cluster[i * periods + t] = static_cast<std::int32_t>(i);
    }
  }
  GlmOptions po;
  po.family = GlmFamily::Poisson;
  po.confidence_level = options.confidence_level;
  po.standard_errors = options.standard_errors == DidStandardErrors::ClusterByUnit
                           ? GlmStandardErrors::Cluster
                           : GlmStandardErrors::Model;
  FittedTwfe f;
  f.glm = fit_glm(x, y, po, {}, {}, names, cluster);
  if (options.standard_errors == DidStandardErrors::ClusterByUnit) {
    f.covariance = f.glm.covariance;
    f.se_description = f.glm.se_description;
    if (options.cluster_t_df) {
      f.t_df = static_cast<double>(units) - 1.0;
      f.se_description += ", t with " + std::to_string(units - 1) + " df";
    }
  } else {
    double pearson = 0.0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
      const double mu = f.glm.fitted(i);
      pearson += (y(i) - mu) * (y(i) - mu) / mu;
    }
    const double phi = pearson / f.glm.df_residual;
    f.covariance = f.glm.cov_unscaled * phi;
    f.t_df = f.glm.df_residual;
    f.se_description = "quasi-Poisson model-based (dispersion " + std::to_string(phi) + ")";
  }
  return f;
}

template <class R>
bool glm_failed(const GlmResult& glm, std::size_t first_effect_col, R& result) {
  for (const auto& w : glm.warnings) result.warnings.push_back(w);
  if (glm.status == FitStatus::kFailed) {
    result.status = FitStatus::kFailed;
    result.message = "Poisson fit failed: " + glm.message;
    return true;
  }
  for (std::size_t j = first_effect_col; j < glm.aliased.size(); ++j) {
    if (glm.aliased[j]) {
      result.status = FitStatus::kFailed;
      result.message = "effect term '" + glm.names[j] + "' is aliased (not identified)";
      return true;
    }
  }
  if (glm.status != FitStatus::kConverged || !result.warnings.empty()) {
    result.status = FitStatus::kUsable;
  }
  return false;
}

// Fills the permutation fields of `r`: refits with the treated label on other sets of units.
void permutation_inference(Eigen::MatrixXd x, const UnitPanel& panel, const DidOptions& options,
                           const std::vector<bool>& is_treated, DidResult& r) {
  const auto units = static_cast<int>(panel.units());
  const int k = r.treated_units;
  const auto periods = static_cast<Eigen::Index>(panel.periods());
  const Eigen::Index d = x.cols() - 1;
  Eigen::VectorXd y(x.rows());
  for (int i = 0; i < units; ++i) y.segment(i * periods, periods) = panel.values.row(i).transpose();
  GlmOptions po;
  po.family = GlmFamily::Poisson;
  po.threads = 1;
  const double observed = std::fabs(std::log(r.effect.estimate));
  auto statistic = [&](const std::vector<int>& set) {
    x.col(d).setZero();
    for (int i : set) x.col(d).segment(i * periods, periods).tail(r.post_periods).setOnes();
    const GlmResult fit = fit_glm(x, y, po);
    return std::fabs(fit.coefficients(d));
  };
  // number of assignments C(units, k), capped to avoid overflow
  double combinations = 1.0;
  for (int j = 0; j < k; ++j) combinations = combinations * (units - j) / (j + 1);
  int extreme = 0;
  const double tolerance = 1e-10 * std::max(1.0, observed);
  if (combinations <= options.permutations) {
    std::vector<int> set(static_cast<std::size_t>(k));
    for (int j = 0; j < k; ++j) set[j] = j;
    while (true) {
      extreme += statistic(set) >= observed - tolerance;
      ++r.permutations_done;
      int j = k - 1;
      while (j >= 0 && set[j] == units - k + j) --j;
      if (j < 0) break;
      ++set[j];
      for (int m = j + 1; m < k; ++m) set[m] = set[m - 1] + 1;
    }
    r.permutations_exhaustive = true;
    r.permutation_p_value = static_cast<double>(extreme) / r.permutations_done;
  } else {
    RandomStream stream(options.seed, 0);
    std::vector<int> order(static_cast<std::size_t>(units));
    for (int draw = 0; draw < options.permutations; ++draw) {
      for (int i = 0; i < units; ++i) order[i] = i;
      for (int j = 0; j < k; ++j) std::swap(order[j], order[stream.uniform_int(j, units - 1)]);
      extreme +=
          statistic(std::vector<int>(order.begin(), order.begin() + k)) >= observed - tolerance;
    }
    r.permutations_done = options.permutations + 1;
    r.permutation_p_value = (1.0 + extreme) / (1.0 + options.permutations);
  }
  (void)is_treated;
}

}  // namespace

std::string to_string(DidStandardErrors type) {
  return type == DidStandardErrors::ClusterByUnit ? "cluster" : "quasipoisson";
}

void DidOptions::validate() const {
  if (!(confidence_level > 0.0 && confidence_level < 1.0)) {
    throw Error(kWhere, "confidence_level must be in (0, 1)");
  }
  if (permutations < 0) throw Error(kWhere, "permutations must be >= 0 (0 = off)");
  if (permutations > 0 && permutations < 19) {
    throw Error(kWhere, "permutations must be 0 or at least 19 (a p-value below 0.05 needs 20)");
  }
  if (max_lead < 0) throw Error(kWhere, "max_lead must be >= 0 (0 = no binning)");
  if (max_lag < 0) throw Error(kWhere, "max_lag must be >= 0 (0 = no binning)");
}

DidResult fit_difference_in_differences(const DidInput& input, const DidOptions& options) {
  options.validate();
  const Checked c = check_input(input);
  const UnitPanel& panel = input.panel;
  const std::size_t units = panel.units(), periods = panel.periods();
  std::vector<std::string> names;
  Eigen::MatrixXd x = twfe_design(units, periods, 1, names, panel);
  names.push_back("treated:post");
  const Eigen::Index d = x.cols() - 1;
  for (std::size_t i = 0; i < units; ++i) {
    for (std::size_t t = static_cast<std::size_t>(c.t0); t < periods; ++t) {
      if (c.is_treated[i]) x(static_cast<Eigen::Index>(i * periods + t), d) = 1.0;
    }
  }
  DidResult r;
  r.units = static_cast<int>(units);
  r.treated_units = static_cast<int>(std::count(c.is_treated.begin(), c.is_treated.end(), true));
  r.pre_periods = static_cast<int>(c.t0);
  r.post_periods = static_cast<int>(periods - c.t0);
  const FittedTwfe f = fit_twfe(x, panel, names, options);
  r.se_description = f.se_description;
  if (glm_failed(f.glm, static_cast<std::size_t>(d), r)) return r;
  r.effect = wald_ratio("treated:post rate ratio", f.glm.coefficients(d),
                        std::sqrt(f.covariance(d, d)), options.confidence_level, f.t_df);
  double sums[2][2] = {{0, 0}, {0, 0}};  // [treated][post]
  for (std::size_t i = 0; i < units; ++i) {
    for (std::size_t t = 0; t < periods; ++t) {
      sums[c.is_treated[i] ? 1 : 0][t >= static_cast<std::size_t>(c.t0) ? 1 : 0] +=
          panel.values(i, t);
    }
  }
  r.crude_ratio = (sums[1][1] / sums[1][0]) / (sums[0][1] / sums[0][0]);
  if (r.treated_units < 6 && options.standard_errors == DidStandardErrors::ClusterByUnit) {
    r.warnings.push_back("only " + std::to_string(r.treated_units) +
                         " treated clusters: cluster-robust intervals may be too narrow");
    r.status = FitStatus::kUsable;
  }
  if (options.permutations > 0) permutation_inference(x, panel, options, c.is_treated, r);
  r.message = "Poisson two-way fixed effects, " + std::to_string(units) + " units (" +
              std::to_string(r.treated_units) + " treated), " + std::to_string(r.pre_periods) +
              " pre and " + std::to_string(r.post_periods) + " post periods; " + f.se_description;
  return r;
}

EventStudyResult fit_event_study(const DidInput& input, const DidOptions& options) {
  options.validate();
  const Checked c = check_input(input);
  const UnitPanel& panel = input.panel;
  const std::size_t units = panel.units(), periods = panel.periods();
  auto relative = [&](std::size_t t) {
    int e = static_cast<int>(static_cast<std::int64_t>(t) - c.t0);
    if (options.max_lead > 0) e = std::max(e, -options.max_lead);
    if (options.max_lag > 0) e = std::min(e, options.max_lag);
    return e;
  };
  std::map<int, Eigen::Index> column_of;  // relative period -> extra column index
  for (std::size_t t = 0; t < periods; ++t) {
    const int e = relative(t);
    if (e != -1) column_of.emplace(e, 0);
  }
  EventStudyResult r;
  std::vector<std::string> names;
  Eigen::MatrixXd x = twfe_design(units, periods, column_of.size(), names, panel);
  const Eigen::Index first = x.cols() - static_cast<Eigen::Index>(column_of.size());
  Eigen::Index next = first;
  for (auto& [e, col] : column_of) {
    col = next++;
    names.push_back("treated:rel" + std::string(e >= 0 ? "+" : "") + std::to_string(e));
  }
  for (std::size_t i = 0; i < units; ++i) {
    if (!c.is_treated[i]) continue;
    for (std::size_t t = 0; t < periods; ++t) {
      const int e = relative(t);
      if (e != -1) x(static_cast<Eigen::Index>(i * periods + t), column_of.at(e)) = 1.0;
    }
  }
  const FittedTwfe f = fit_twfe(x, panel, names, options);
  r.se_description = f.se_description;
  if (glm_failed(f.glm, static_cast<std::size_t>(first), r)) return r;
  for (const auto& [e, col] : column_of) {
    r.relative_period.push_back(e);
    r.path.push_back(wald_ratio(names[col], f.glm.coefficients(col),
                                std::sqrt(f.covariance(col, col)), options.confidence_level,
                                f.t_df));
  }
  r.message = "event study, reference period -1, " + std::to_string(column_of.size()) +
              " relative periods; " + f.se_description;
  return r;
}

}  // namespace harmcast::causal
