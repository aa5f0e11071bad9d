#include "engine/runner/evaluation_calibration.hpp"

#include <fmt/format.h>

#include <boost/math/special_functions/beta.hpp>
#include <chrono>
#include <cmath>

#include "datasets/synthetic/offender_cohort.hpp"
#include "datasets/synthetic/services.hpp"
#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "engine/runner/stage_evaluation.hpp"

namespace harmcast {
namespace {

const std::vector<std::string> kOutcomes = {"reoffended_1y", "n_reoffences"};

double plogis(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// One estimate checked against its truth.
struct Draw {
  bool ok = false;
  double estimate = 0, std_error = 0, low = 0, high = 0, truth = 0, truth_all = 0;
};

// The true effect of service `s` on outcome `k` for person i (conditional on covariates).
double person_effect(const synthetic::CohortCovariates& people, std::size_t i,
                     const synthetic::ServiceSpec& spec, std::size_t k) {
  const double base = synthetic::cohort_base_predictor(people, i);
  if (k == 0) {
    const double eta = synthetic::kCohortLogitIntercept + base + spec.effect_logit;
    return plogis(eta) - plogis(eta - spec.effect_logit);
  }
  const double mu = synthetic::kCohortNegbinIntercept + base + spec.effect_log_mean;
  return std::exp(mu) - std::exp(mu - spec.effect_log_mean);
}

// Evaluates every service on the cohort of one seed; draws[s * outcomes + k].
std::vector<Draw> evaluate_seed(std::uint64_t seed, const CalibrationOptions& options,
                                std::vector<std::string>& failures) {
  const auto& specs = synthetic::service_specs();
  const auto n = static_cast<std::size_t>(options.cohort_size);
  const auto people = synthetic::draw_cohort_covariates(seed, n, 1);
  const auto assignment = synthetic::assign_services(people, seed, 1);
  const auto outcomes = synthetic::draw_cohort_outcomes(people, assignment.service, seed, 1);
  const Table cohort = synthetic::cohort_table(people, assignment.service, outcomes);
  std::vector<Draw> draws(specs.size() * kOutcomes.size());
  for (std::size_t s = 0; s < specs.size(); ++s) {
    EvaluationConfig e;
    e.name = e.service = specs[s].name;
    e.covariates = options.covariates;
    e.outcomes = kOutcomes;
    e.caliper = options.caliper;
    try {
      std::string treatment;
      const Table sample = service_sample(cohort, e, treatment);
      EvaluationOptions eo = evaluation_options(e, treatment, 0);
      eo.effects.confidence_level = options.confidence_level;
      const EvaluationResult r = run_evaluation(sample, eo);
      const Column& id = sample.column("id");
      for (std::size_t k = 0; k < kOutcomes.size(); ++k) {
        Draw& d = draws[s * kOutcomes.size() + k];
        const EffectResult& effect = r.effects.at(k);
        d.estimate = effect.estimate;
        d.std_error = effect.std_error;
        d.low = effect.conf_low;
        d.high = effect.conf_high;
        for (std::size_t row : r.matched_treated_rows)
          d.truth +=
              person_effect(people, static_cast<std::size_t>(id.numeric(row)) - 1, specs[s], k);
        d.truth /= static_cast<double>(r.matched_treated_rows.size());
        std::size_t treated = 0;
        for (std::size_t i = 0; i < n; ++i) {
          if (assignment.service[i] != static_cast<std::int32_t>(s)) continue;
          d.truth_all += person_effect(people, i, specs[s], k);
          ++treated;
        }
        d.truth_all /= static_cast<double>(treated);
        d.ok = true;
      }
    } catch (const Error& error) {
      failures.push_back(fmt::format("seed {}, {}: {}", seed, e.name, error.what()));
    }
  }
  return draws;
}

CalibrationCell summarise(std::string service, std::string outcome,
                          const std::vector<const Draw*>& draws, double level) {
  CalibrationCell c;
  c.service = std::move(service);
  c.outcome = std::move(outcome);
  double sum_error = 0, sum_error2 = 0, sum_z = 0;
  for (const Draw* d : draws) {
    ++c.runs;
    c.covered += d->low <= d->truth && d->truth <= d->high;
    const double error = d->estimate - d->truth;
    sum_error += error;
    sum_error2 += error * error;
    c.mean_se += d->std_error;
    c.mean_truth += d->truth;
    c.mean_truth_all_treated += d->truth_all;
    sum_z += error / d->std_error;
  }
  if (c.runs == 0) return c;
  const double n = c.runs;
  c.coverage = c.covered / n;
  // Clopper-Pearson limits from beta quantiles.
  const double alpha = 1.0 - level;
  c.coverage_low = c.covered == 0
                       ? 0.0
                       : boost::math::ibeta_inv(c.covered, c.runs - c.covered + 1.0, alpha / 2.0);
  c.coverage_high =
      c.covered == c.runs
          ? 1.0
          : boost::math::ibeta_inv(c.covered + 1.0, c.runs - c.covered, 1.0 - alpha / 2.0);
  c.mean_bias = sum_error / n;
  c.mean_se /= n;
  c.mean_truth /= n;
  c.mean_truth_all_treated /= n;
  c.sd_error = n > 1 ? std::sqrt((sum_error2 - n * c.mean_bias * c.mean_bias) / (n - 1)) : 0.0;
  c.bias_over_se = c.mean_bias / c.mean_se;
  c.mean_z = sum_z / n;
  return c;
}

}  // namespace

void CalibrationOptions::validate() const {
  const std::string where = "calibration options";
  if (seeds < 1) throw Error(where, fmt::format("seeds must be at least 1, got {}", seeds));
  if (cohort_size < 2000 || cohort_size > 2'000'000)
    throw Error(where, fmt::format("cohort_size must be 2,000-2,000,000, got {}", cohort_size),
                "smaller cohorts leave some services with too few people to match");
  if (!(caliper >= 0.0)) throw Error(where, fmt::format("caliper must be >= 0, got {}", caliper));
  if (!(confidence_level > 0.5 && confidence_level < 1.0))
    throw Error(where,
                fmt::format("confidence_level must be in (0.5, 1), got {}", confidence_level));
  if (covariates.empty()) throw Error(where, "no covariates", "give the propensity-model columns");
}

CalibrationResult calibrate_service_evaluations(const CalibrationOptions& options) {
  options.validate();
  const auto start = std::chrono::steady_clock::now();
  const auto seeds = static_cast<std::size_t>(options.seeds);
  std::vector<std::vector<Draw>> draws(seeds);
  std::vector<std::vector<std::string>> failures(seeds);
  parallel_for(seeds, options.threads, [&](std::size_t task) {
    draws[task] = evaluate_seed(options.first_seed + task, options, failures[task]);
  });
  CalibrationResult result;
  const auto& specs = synthetic::service_specs();
  std::vector<const Draw*> pooled;
  for (std::size_t s = 0; s < specs.size(); ++s) {
    for (std::size_t k = 0; k < kOutcomes.size(); ++k) {
      std::vector<const Draw*> cell;
      for (const auto& seed_draws : draws)
        if (seed_draws[s * kOutcomes.size() + k].ok)
          cell.push_back(&seed_draws[s * kOutcomes.size() + k]);
      pooled.insert(pooled.end(), cell.begin(), cell.end());
      result.cells.push_back(summarise(specs[s].name, kOutcomes[k], cell, 0.95));
    }
  }
  CalibrationCell all = summarise("all", "all", pooled, 0.95);
  all.mean_truth = all.mean_truth_all_treated = NAN;  // different scales: not meaningful
  all.mean_bias = all.mean_se = all.sd_error = all.bias_over_se = NAN;
  result.cells.push_back(all);
  for (const auto& f : failures) {
    result.failed += static_cast<int>(f.size());
    for (const auto& message : f)
      if (result.failures.size() < 5) result.failures.push_back(message);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string format_calibration(const CalibrationResult& result, const CalibrationOptions& options) {
  std::string out = fmt::format(
      "Calibration of service evaluations: {} synthetic cohorts of {} people (seeds {}-{}), "
      "caliper {}, {:.0f}% intervals; truth = effect on the matched treated given covariates.\n",
      options.seeds, options.cohort_size, options.first_seed,
      options.first_seed + static_cast<std::uint64_t>(options.seeds) - 1, options.caliper,
      options.confidence_level * 100.0);
  out += fmt::format("{:<27} {:<14} {:>5} {:>9} {:>15} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7}\n",
                     "service", "outcome", "runs", "coverage", "(95% interval)", "truth", "bias",
                     "mean SE", "SD error", "bias/SE", "mean z");
  for (const auto& c : result.cells) {
    const bool pooled = c.outcome == "all";
    out += fmt::format("{:<27} {:<14} {:>5} {:>9.3f} {:>15}", c.service, c.outcome, c.runs,
                       c.coverage, fmt::format("({:.3f}-{:.3f})", c.coverage_low, c.coverage_high));
    if (pooled)
      out += fmt::format(" {:>9} {:>9} {:>9} {:>9} {:>8} {:>7.3f}\n", "", "", "", "", "", c.mean_z);
    else
      out += fmt::format(" {:>9.4f} {:>9.4f} {:>9.4f} {:>9.4f} {:>8.3f} {:>7.3f}\n", c.mean_truth,
                         c.mean_bias, c.mean_se, c.sd_error, c.bias_over_se, c.mean_z);
  }
  out += fmt::format("{} evaluations failed; {:.1f} s.\n", result.failed, result.seconds);
  for (const auto& f : result.failures) out += "  " + f + "\n";
  return out;
}

}  // namespace harmcast
