#include "models/causal/interrupted_time_series.hpp"

#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/negbin.hpp"

namespace harmcast::causal {

namespace {
const char* kWhere = "interrupted time series";
}

std::string to_string(CountModel model) {
  switch (model) {
    case CountModel::Poisson:
      return "poisson";
    case CountModel::QuasiPoisson:
      return "quasipoisson";
    case CountModel::NegativeBinomial:
      return "negbin";
  }
  return "unknown";
}

CountModel parse_count_model(const std::string& text) {
  if (text == "poisson") return CountModel::Poisson;
  if (text == "quasipoisson" || text == "quasi-poisson") return CountModel::QuasiPoisson;
  if (text == "negbin" || text == "negative_binomial") return CountModel::NegativeBinomial;
  throw Error("count model", "unknown model '" + text + "'", "use poisson, quasipoisson or negbin");
}

std::string to_string(ItsStandardErrors type) {
  return type == ItsStandardErrors::Model ? "model" : "newey_west";
}

std::string to_string(Seasonality seasonality) {
  switch (seasonality) {
    case Seasonality::None:
      return "none";
    case Seasonality::MonthOfYear:
      return "month";
    case Seasonality::Fourier:
      return "fourier";
  }
  return "unknown";
}

Seasonality parse_seasonality(const std::string& text) {
  if (text == "none") return Seasonality::None;
  if (text == "month" || text == "month_of_year") return Seasonality::MonthOfYear;
  if (text == "fourier") return Seasonality::Fourier;
  throw Error("seasonality", "unknown seasonality '" + text + "'", "use none, month or fourier");
}

void ItsOptions::validate() const {
  if (fourier_harmonics < 1 || fourier_harmonics > 6) {
    throw Error(kWhere, "fourier_harmonics must be between 1 and 6, got " +
                            std::to_string(fourier_harmonics));
  }
  if (!(confidence_level > 0.0 && confidence_level < 1.0)) {
    throw Error(kWhere, "confidence_level must be in (0, 1)");
  }
  if (simulation_draws < 0) throw Error(kWhere, "simulation_draws must be >= 0");
  if (simulation_draws > 0 && simulation_draws < 100) {
    throw Error(kWhere, "simulation_draws must be 0 (delta method) or at least 100");
  }
  if (newey_west_lag < 0) throw Error(kWhere, "newey_west_lag must be >= 0");
  if (min_pre_periods < 3) throw Error(kWhere, "min_pre_periods must be >= 3");
  if (min_post_periods < 1) throw Error(kWhere, "min_post_periods must be >= 1");
}

Eigen::MatrixXd its_design(const ItsInput& input, const ItsOptions& options,
                           std::vector<std::string>* names, bool counterfactual) {
  const auto n = static_cast<Eigen::Index>(input.counts.size());
  const std::int64_t t0 = input.intervention_start - input.start;  // 0-based index of T0
  const int per_year = periods_per_year(input.start.frequency());
  std::vector<std::string> cols = {"(Intercept)", "t"};
  std::vector<int> season_levels;  // positions in year that get a dummy (all but the lowest)
  if (options.seasonality == Seasonality::MonthOfYear) {
    std::vector<bool> present(static_cast<std::size_t>(per_year) + 1, false);
    for (Eigen::Index i = 0; i < n; ++i) present[(input.start + i).position_in_year()] = true;
    bool reference_seen = false;
    for (int m = 1; m <= per_year; ++m) {
      if (!present[m]) continue;
      if (!reference_seen) {
        reference_seen = true;  // the lowest level present is R's reference
        continue;
      }
      season_levels.push_back(m);
      cols.push_back("season" + std::to_string(m));
    }
  } else if (options.seasonality == Seasonality::Fourier) {
    for (int k = 1; k <= options.fourier_harmonics; ++k) {
      cols.push_back("sin" + std::to_string(k));
      cols.push_back("cos" + std::to_string(k));
    }
  }
  cols.push_back("step");
  if (options.slope_change) cols.push_back("t_after");
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(cols.size()));
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Index c = 0;
    x(i, c++) = 1.0;
    x(i, c++) = static_cast<double>(i + 1);
    const int position = (input.start + i).position_in_year();
    if (options.seasonality == Seasonality::MonthOfYear) {
      for (int level : season_levels) x(i, c++) = position == level ? 1.0 : 0.0;
    } else if (options.seasonality == Seasonality::Fourier) {
      for (int k = 1; k <= options.fourier_harmonics; ++k) {
        const double angle = 2.0 * std::numbers::pi * k * position / per_year;
        x(i, c++) = std::sin(angle);
        x(i, c++) = std::cos(angle);
      }
    }
    const bool after = i >= t0 && !counterfactual;
    x(i, c++) = after ? 1.0 : 0.0;
    if (options.slope_change) x(i, c++) = after ? static_cast<double>(i - t0) : 0.0;
  }
  if (names) *names = cols;
  return x;
}

ItsResult fit_interrupted_time_series(const ItsInput& input, const ItsOptions& options) {
  options.validate();
  const auto n = static_cast<Eigen::Index>(input.counts.size());
  const std::int64_t t0 = input.intervention_start - input.start;
  if (input.intervention_start.frequency() != input.start.frequency()) {
    throw Error(kWhere, "intervention_start has a different frequency from the series");
  }
  if (t0 < options.min_pre_periods) {
    throw Error(kWhere,
                "only " + std::to_string(std::max<std::int64_t>(t0, 0)) +
                    " pre-intervention periods before " + input.intervention_start.to_string(),
                "at least min_pre_periods = " + std::to_string(options.min_pre_periods) +
                    " are needed to estimate the trend");
  }
  if (n - t0 < options.min_post_periods) {
    throw Error(kWhere, "intervention_start " + input.intervention_start.to_string() +
                            " leaves fewer than min_post_periods = " +
                            std::to_string(options.min_post_periods) + " post periods");
  }
  if (options.seasonality == Seasonality::Fourier &&
      2 * options.fourier_harmonics > periods_per_year(input.start.frequency())) {
    throw Error(kWhere, "fourier_harmonics too large for the frequency",
                "use at most periods_per_year / 2 harmonics");
  }
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double v = input.counts[static_cast<std::size_t>(i)];
    if (!std::isfinite(v) || v < 0.0) {
      throw Error(kWhere, "count at " + (input.start + i).to_string() + " is missing or negative",
                  "counts must be non-negative numbers with no gaps");
    }
    y(i) = v;
  }
  Eigen::VectorXd offset;
  if (!input.offset.empty()) {
    if (static_cast<Eigen::Index>(input.offset.size()) != n) {
      throw Error(kWhere, "offset has " + std::to_string(input.offset.size()) + " values for " +
                              std::to_string(n) + " counts");
    }
    offset = Eigen::Map<const Eigen::VectorXd>(input.offset.data(), n);
  }

  ItsResult r;
  r.model = options.model;
  r.pre_periods = static_cast<int>(t0);
  r.post_periods = static_cast<int>(n - t0);
  const Eigen::MatrixXd x = its_design(input, options, &r.names);
  const Eigen::MatrixXd x0 = its_design(input, options, nullptr, true);
  if (x.cols() >= n) throw Error(kWhere, "more coefficients than periods", "use fewer terms");

  GlmResult glm;
  if (options.model == CountModel::NegativeBinomial) {
    NegBinOptions nb;
    nb.confidence_level = options.confidence_level;
    NegBinResult fit = fit_negbin(x, y, nb, {}, offset, r.names);
    glm = std::move(fit.glm);
    r.theta = fit.theta;
    for (auto& w : fit.theta_warnings) r.warnings.push_back("theta: " + w);
  } else {
    GlmOptions po;
    po.family = GlmFamily::Poisson;
    po.confidence_level = options.confidence_level;
    glm = fit_glm(x, y, po, {}, offset, r.names);
  }
  for (auto& w : glm.warnings) r.warnings.push_back(w);
  if (glm.status == FitStatus::kFailed) {
    r.status = FitStatus::kFailed;
    r.message = "GLM fit failed: " + glm.message;
    return r;
  }
  for (bool a : glm.aliased) {
    if (a) {
      r.status = FitStatus::kFailed;
      r.message = "a design column is aliased (collinear); simplify the seasonality or trend";
      return r;
    }
  }
  r.df_residual = glm.df_residual;
  r.coefficients = glm.coefficients;
  r.covariance = glm.covariance;
  double t_df = 0.0;
  if (options.model == CountModel::QuasiPoisson) {
    double pearson = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double mu = glm.fitted(i);
      pearson += (y(i) - mu) * (y(i) - mu) / mu;
    }
    r.dispersion = pearson / glm.df_residual;
    r.covariance = glm.cov_unscaled * r.dispersion;
    t_df = glm.df_residual;  // summary.glm uses t tests for quasi families
  }
  if (options.standard_errors == ItsStandardErrors::NeweyWest) {
    if (2 * options.newey_west_lag > n) {
      throw Error(kWhere, "newey_west_lag " + std::to_string(options.newey_west_lag) +
                              " exceeds half the series length");
    }
    Eigen::MatrixXd psi(n, x.cols());
    for (Eigen::Index i = 0; i < n; ++i) {
      psi.row(i) = glm.working_weights(i) * glm.working_residuals(i) * x.row(i);
    }
    Eigen::MatrixXd meat = psi.transpose() * psi;
    for (int lag = 1; lag <= options.newey_west_lag; ++lag) {
      const double weight = 1.0 - lag / (options.newey_west_lag + 1.0);
      const Eigen::MatrixXd cross =
          psi.bottomRows(n - lag).transpose() * psi.topRows(n - lag);  // sum psi_t psi_{t-l}'
      meat += weight * (cross + cross.transpose());
    }
    r.covariance = glm.cov_unscaled * meat * glm.cov_unscaled;
    t_df = 0.0;
  }
  r.std_error = r.covariance.diagonal().cwiseSqrt();
  const double level = options.confidence_level;
  const Eigen::Index step_col = static_cast<Eigen::Index>(
      std::find(r.names.begin(), r.names.end(), "step") - r.names.begin());
  r.step =
      wald_ratio("step rate ratio", r.coefficients(step_col), r.std_error(step_col), level, t_df);
  if (options.slope_change) {
    r.slope = wald_ratio("slope change rate ratio per period", r.coefficients(step_col + 1),
                         r.std_error(step_col + 1), level, t_df);
  }

  // Counterfactual over the post periods.
  r.fitted = glm.fitted;
  Eigen::VectorXd eta0 = x0 * r.coefficients;
  if (offset.size()) eta0 += offset;
  r.counterfactual = eta0.array().exp();
  const auto post = Eigen::seq(t0, n - 1);
  r.expected_with = r.fitted(post).sum();
  r.expected_without = r.counterfactual(post).sum();
  r.observed_post = y(post).sum();
  const Eigen::VectorXd grad_with = x(post, Eigen::all).transpose() * r.fitted(post);
  const Eigen::VectorXd grad_without = x0(post, Eigen::all).transpose() * r.counterfactual(post);
  const Eigen::VectorXd grad_averted = grad_without - grad_with;
  const Eigen::VectorXd grad_log_ratio =
      grad_with / r.expected_with - grad_without / r.expected_without;
  const double se_averted = std::sqrt(grad_averted.dot(r.covariance * grad_averted));
  const double se_log_ratio = std::sqrt(grad_log_ratio.dot(r.covariance * grad_log_ratio));
  r.averted =
      wald_plain("events averted", r.expected_without - r.expected_with, se_averted, level, t_df);
  r.post_ratio =
      wald_ratio("post-period rate ratio (with / without)",
                 std::log(r.expected_with / r.expected_without), se_log_ratio, level, t_df);
  r.interval_method = "delta method";

  if (options.simulation_draws > 0) {
    Eigen::LLT<Eigen::MatrixXd> llt(r.covariance);
    if (llt.info() != Eigen::Success) {
      r.warnings.push_back("covariance not positive definite: delta-method intervals kept");
    } else {
      const Eigen::MatrixXd lower = llt.matrixL();
      RandomStream stream(options.seed, 0);
      std::vector<double> averted, log_ratio;
      const Eigen::Index p = r.coefficients.size();
      Eigen::VectorXd z(p);
      for (int d = 0; d < options.simulation_draws; ++d) {
        for (Eigen::Index j = 0; j < p; ++j) z(j) = stream.normal();
        const Eigen::VectorXd b = r.coefficients + lower * z;
        Eigen::VectorXd e1 = x(post, Eigen::all) * b, e0 = x0(post, Eigen::all) * b;
        if (offset.size()) {
          e1 += offset(post);
          e0 += offset(post);
        }
        const double with = e1.array().exp().sum(), without = e0.array().exp().sum();
        averted.push_back(without - with);
        log_ratio.push_back(std::log(with / without));
      }
      const double a = (1.0 - level) / 2.0;
      r.averted.conf_low = quantile_type7(averted, a);
      r.averted.conf_high = quantile_type7(averted, 1.0 - a);
      r.post_ratio.conf_low = std::exp(quantile_type7(log_ratio, a));
      r.post_ratio.conf_high = std::exp(quantile_type7(log_ratio, 1.0 - a));
      r.interval_method =
          "parametric simulation (" + std::to_string(options.simulation_draws) + " draws)";
    }
  }
  double lag_sum = 0.0, square_sum = 0.0, previous = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double pearson = (y(i) - r.fitted(i)) / std::sqrt(r.fitted(i));
    square_sum += pearson * pearson;
    if (i > 0) lag_sum += pearson * previous;
    previous = pearson;
  }
  r.residual_autocorrelation = lag_sum / square_sum;
  if (std::fabs(r.residual_autocorrelation) > 2.0 / std::sqrt(static_cast<double>(n))) {
    r.warnings.push_back("lag-1 residual autocorrelation " +
                         std::to_string(r.residual_autocorrelation) +
                         " beyond 2/sqrt(n): intervals assuming independence may be too narrow");
  }
  r.status = glm.status == FitStatus::kConverged && r.warnings.empty() ? FitStatus::kConverged
                                                                       : FitStatus::kUsable;
  r.message = "segmented " + to_string(options.model) + " regression, " +
              std::to_string(r.pre_periods) + " pre and " + std::to_string(r.post_periods) +
              " post periods; GLM: " + glm.message;
  return r;
}

}  // namespace harmcast::causal

namespace harmcast::causal {

ItsInput its_input_from(const UnitPanel& panel, const std::vector<std::string>& unit_ids,
                        const Period& intervention_start) {
  panel.check(kWhere);
  if (unit_ids.empty()) throw Error(kWhere, "no unit ids to total");
  ItsInput input;
  input.start = panel.start;
  const Eigen::VectorXd total = panel.total(unit_ids);
  input.counts.assign(total.data(), total.data() + total.size());
  input.intervention_start = intervention_start;
  return input;
}

}  // namespace harmcast::causal
