#include "models/causal/synthetic_control.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::causal {

namespace {

const char* kWhere = "synthetic control";

struct SingleFit {
  Eigen::VectorXd weights, synthetic, gap;
  double pre_rmspe = 0.0, post_rmspe = 0.0, mean_gap = 0.0, log_ratio = 0.0;
  SimplexLsResult solver;
};

// donors: periods x J matrix; treated: periods vector; t0: number of pre periods. The weights
// match `treated_features` by `donor_features` (features x J), by default the pre periods.
SingleFit fit_one(const Eigen::MatrixXd& donors, const Eigen::VectorXd& treated, Eigen::Index t0,
                  const SimplexLsOptions& solver, const Eigen::MatrixXd& donor_features,
                  const Eigen::VectorXd& treated_features) {
  SingleFit f;
  f.solver = donor_features.size() > 0
                 ? simplex_least_squares(donor_features, treated_features, solver)
                 : simplex_least_squares(donors.topRows(t0), treated.head(t0), solver);
  f.weights = f.solver.weights;
  f.synthetic = donors * f.weights;
  f.gap = treated - f.synthetic;
  const Eigen::Index post = treated.size() - t0;
  f.pre_rmspe = std::sqrt(f.gap.head(t0).squaredNorm() / static_cast<double>(t0));
  f.post_rmspe = std::sqrt(f.gap.tail(post).squaredNorm() / static_cast<double>(post));
  f.mean_gap = f.gap.tail(post).mean();
  f.log_ratio = std::log(treated.tail(post).sum() / f.synthetic.tail(post).sum());
  return f;
}

}  // namespace

std::string to_string(SyntheticScaling scaling) {
  return scaling == SyntheticScaling::None ? "none" : "pre_period_mean";
}

void SyntheticControlOptions::validate() const {
  if (!(confidence_level > 0.0 && confidence_level < 1.0)) {
    throw Error(kWhere, "confidence_level must be in (0, 1)");
  }
  if (!(placebo_pre_rmspe_cutoff >= 0.0)) {
    throw Error(kWhere, "placebo_pre_rmspe_cutoff must be >= 0 (0 = keep every placebo)");
  }
  for (double v : predictor_weights) {
    if (!(v >= 0.0) || !std::isfinite(v)) {
      throw Error(kWhere, "predictor_weights must be finite and >= 0");
    }
  }
  solver.validate();
}

SyntheticControlResult fit_synthetic_control(const SyntheticControlInput& input,
                                             const SyntheticControlOptions& options) {
  options.validate();
  const UnitPanel& panel = input.panel;
  panel.check(kWhere);
  std::vector<bool> is_treated(panel.units(), false);
  for (const auto& id : input.treated) is_treated[panel.index_of(id)] = true;
  if (input.treated.empty()) throw Error(kWhere, "no treated units", "list the treated unit ids");
  const Eigen::Index t0 = input.intervention_start - panel.start;
  const auto periods = static_cast<Eigen::Index>(panel.periods());
  if (t0 < 2 || t0 >= periods) {
    throw Error(kWhere, "intervention_start " + input.intervention_start.to_string() +
                            " leaves fewer than 2 pre periods or no post period");
  }
  SyntheticControlResult r;
  std::vector<Eigen::Index> donor_rows;
  for (std::size_t i = 0; i < panel.units(); ++i) {
    if (!is_treated[i]) {
      donor_rows.push_back(static_cast<Eigen::Index>(i));
      r.donor_ids.push_back(panel.unit_ids[i]);
    }
  }
  const auto j_count = static_cast<Eigen::Index>(donor_rows.size());
  if (j_count < 2) throw Error(kWhere, "fewer than 2 donor (control) units");

  auto scaled = [&](Eigen::VectorXd v, const std::string& id) {
    if (options.scaling == SyntheticScaling::PrePeriodMean) {
      const double mean = v.head(t0).mean();
      if (!(mean > 0.0)) {
        throw Error(kWhere, "unit '" + id + "' has a pre-period mean of 0",
                    "pre_period_mean scaling needs positive pre-period levels; drop the unit");
      }
      v /= mean;
    }
    return v;
  };
  Eigen::VectorXd treated = Eigen::VectorXd::Zero(periods);
  for (std::size_t i = 0; i < panel.units(); ++i) {
    if (is_treated[i]) treated += panel.values.row(static_cast<Eigen::Index>(i)).transpose();
  }
  treated = scaled(treated, "treated total");
  Eigen::MatrixXd donors(periods, j_count);
  for (Eigen::Index j = 0; j < j_count; ++j) {
    donors.col(j) = scaled(panel.values.row(donor_rows[j]).transpose(), r.donor_ids[j]);
  }

  // Predictor features (rows scaled by their SD over all units, times sqrt(v_h)), if any.
  Eigen::MatrixXd donor_features;
  Eigen::VectorXd treated_features;
  if (input.predictors.size() > 0) {
    const Eigen::Index k = input.predictors.rows();
    if (input.predictors.cols() != static_cast<Eigen::Index>(panel.units())) {
      throw Error(kWhere, "predictors has " + std::to_string(input.predictors.cols()) +
                              " columns for " + std::to_string(panel.units()) + " units");
    }
    if (!options.predictor_weights.empty() &&
        static_cast<Eigen::Index>(options.predictor_weights.size()) != k) {
      throw Error(kWhere, "predictor_weights has " +
                              std::to_string(options.predictor_weights.size()) + " values for " +
                              std::to_string(k) + " predictors");
    }
    if (input.treated.size() > 1 && input.treated_predictors.size() != k) {
      throw Error(kWhere, "several treated units: treated_predictors must give the " +
                              std::to_string(k) + " predictor values of their total");
    }
    treated_features = input.treated.size() > 1
                           ? input.treated_predictors
                           : Eigen::VectorXd(input.predictors.col(
                                 static_cast<Eigen::Index>(panel.index_of(input.treated[0]))));
    donor_features.resize(k, j_count);
    for (Eigen::Index j = 0; j < j_count; ++j) {
      donor_features.col(j) = input.predictors.col(donor_rows[j]);
    }
    for (Eigen::Index h = 0; h < k; ++h) {
      Eigen::VectorXd all(j_count + 1);
      all << treated_features(h), donor_features.row(h).transpose();
      const double sd = std::sqrt((all.array() - all.mean()).square().sum() /
                                  static_cast<double>(all.size() - 1));
      if (!(sd > 0.0)) throw Error(kWhere, "predictor " + std::to_string(h + 1) + " is constant");
      const double v = options.predictor_weights.empty() ? 1.0 : options.predictor_weights[h];
      const double factor = std::sqrt(v) / sd;
      treated_features(h) *= factor;
      donor_features.row(h) *= factor;
    }
  }
  const SingleFit main =
      fit_one(donors, treated, t0, options.solver, donor_features, treated_features);
  r.weights = main.weights;
  r.treated_series = treated;
  r.synthetic_series = main.synthetic;
  r.gap = main.gap;
  r.pre_rmspe = main.pre_rmspe;
  r.post_rmspe = main.post_rmspe;
  r.rmspe_ratio = main.post_rmspe / main.pre_rmspe;
  r.solver = main.solver;
  r.mean_gap.name = "mean post-period gap";
  r.mean_gap.estimate = main.mean_gap;
  r.ratio.name = "post-period ratio (treated / synthetic)";
  r.ratio.estimate = std::exp(main.log_ratio);
  if (!main.solver.converged) {
    r.status = FitStatus::kUsable;
    r.warnings.push_back("weights: " + main.solver.message);
  }

  if (options.placebo_inference) {
    std::vector<double> gaps, log_ratios;
    int at_least = 0;
    for (Eigen::Index j = 0; j < j_count; ++j) {
      Eigen::MatrixXd pool(periods, j_count - 1);
      for (Eigen::Index k = 0, c = 0; k < j_count; ++k) {
        if (k != j) pool.col(c++) = donors.col(k);
      }
      Eigen::MatrixXd pool_features;
      Eigen::VectorXd own_features;
      if (donor_features.size() > 0) {
        pool_features.resize(donor_features.rows(), j_count - 1);
        for (Eigen::Index m = 0, c = 0; m < j_count; ++m) {
          if (m != j) pool_features.col(c++) = donor_features.col(m);
        }
        own_features = donor_features.col(j);
      }
      const SingleFit f =
          fit_one(pool, donors.col(j), t0, options.solver, pool_features, own_features);
      PlaceboFit p;
      p.unit_id = r.donor_ids[j];
      p.pre_rmspe = f.pre_rmspe;
      p.post_rmspe = f.post_rmspe;
      p.rmspe_ratio = f.post_rmspe / f.pre_rmspe;
      p.mean_gap = f.mean_gap;
      p.log_ratio = f.log_ratio;
      p.used = options.placebo_pre_rmspe_cutoff == 0.0 ||
               f.pre_rmspe <= options.placebo_pre_rmspe_cutoff * main.pre_rmspe;
      if (p.used) {
        ++r.placebos_used;
        if (p.rmspe_ratio >= r.rmspe_ratio) ++at_least;
        gaps.push_back(p.mean_gap);
        log_ratios.push_back(p.log_ratio);
      }
      r.placebos.push_back(p);
    }
    r.placebo_p_value = (1.0 + at_least) / (1.0 + r.placebos_used);
    const double a = (1.0 - options.confidence_level) / 2.0;
    if (r.placebos_used >= 2) {
      r.mean_gap.conf_low = main.mean_gap - quantile_type7(gaps, 1.0 - a);
      r.mean_gap.conf_high = main.mean_gap - quantile_type7(gaps, a);
      r.ratio.conf_low = std::exp(main.log_ratio - quantile_type7(log_ratios, 1.0 - a));
      r.ratio.conf_high = std::exp(main.log_ratio - quantile_type7(log_ratios, a));
    }
    r.mean_gap.p_value = r.ratio.p_value = r.placebo_p_value;
    if (r.placebos_used + 1 < static_cast<int>(std::ceil(1.0 / a))) {
      r.warnings.push_back("only " + std::to_string(r.placebos_used) +
                           " placebos: the interval ends are the most extreme placebos");
    }
  }
  r.message = std::string("synthetic control (") +
              (donor_features.size() > 0 ? "predictors with diagonal V" : "outcome-only") +
              ", scaling " + to_string(options.scaling) + "), " + std::to_string(j_count) +
              " donors, " + std::to_string(t0) + " pre periods; pre RMSPE " +
              std::to_string(r.pre_rmspe);
  return r;
}

}  // namespace harmcast::causal
