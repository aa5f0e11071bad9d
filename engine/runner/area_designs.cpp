#include "engine/runner/area_designs.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "engine/core/error.hpp"
#include "models/causal/difference_in_differences.hpp"
#include "models/causal/interrupted_time_series.hpp"
#include "models/causal/synthetic_control.hpp"

namespace harmcast {
namespace {

using causal::UnitPanel;

std::vector<double> to_vector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

// Copies how a fit ended; false when it failed (nothing else to take from it).
template <class Fit>
bool take_status(const Fit& fit, AreaDesignResult& r) {
  r.status = fit.status;
  r.message = fit.message;
  r.warnings = fit.warnings;
  return fit.status != FitStatus::kFailed;
}

void run_its(const UnitPanel& panel, const AreaDesignOptions& o, AreaDesignResult& r) {
  causal::ItsOptions options;
  options.slope_change = o.slope_change;
  options.confidence_level = o.confidence_level;
  const causal::ItsResult fit = causal::fit_interrupted_time_series(
      causal::its_input_from(panel, o.treated, o.start), options);
  if (!take_status(fit, r)) return;
  r.effect = o.slope_change ? fit.post_ratio : fit.step;
  r.pre_periods = fit.pre_periods;
  r.post_periods = fit.post_periods;
  r.observed = to_vector(panel.total(o.treated));
  r.counterfactual = to_vector(fit.counterfactual);
  r.method = fmt::format(
      "interrupted time series of the treated total: {} regression, month-of-year terms, {}; {}",
      to_string(options.model),
      o.slope_change ? "step and slope change (average post ratio)" : "step", fit.interval_method);
}

void run_did(const UnitPanel& panel, const AreaDesignOptions& o, AreaDesignResult& r) {
  causal::DidOptions options;
  options.confidence_level = o.confidence_level;
  options.permutations = o.permutations;
  options.seed = o.seed;
  const causal::DidResult fit =
      causal::fit_difference_in_differences({panel, o.treated, o.start}, options);
  if (!take_status(fit, r)) return;
  r.effect = fit.effect;
  r.pre_periods = fit.pre_periods;
  r.post_periods = fit.post_periods;
  r.permutation_p_value = fit.permutation_p_value;
  std::vector<std::string> controls;
  for (const auto& id : panel.unit_ids)
    if (std::find(o.treated.begin(), o.treated.end(), id) == o.treated.end())
      controls.push_back(id);
  const Eigen::VectorXd treated = panel.total(o.treated), comparison = panel.total(controls);
  const auto pre = static_cast<Eigen::Index>(panel.column_of(o.start));
  const double scale = treated.head(pre).sum() / comparison.head(pre).sum();
  r.observed = to_vector(treated);
  r.counterfactual = to_vector(comparison * scale);
  r.method = fmt::format(
      "difference-in-differences: Poisson two-way fixed effects, {} treated vs {} "
      "comparison areas; {}",
      o.treated.size(), controls.size(), fit.se_description);
}

void run_synth(const UnitPanel& panel, const AreaDesignOptions& o, AreaDesignResult& r) {
  causal::SyntheticControlOptions options;
  options.scaling = causal::SyntheticScaling::PrePeriodMean;
  options.confidence_level = o.confidence_level;
  const causal::SyntheticControlResult fit =
      causal::fit_synthetic_control({panel, o.treated, o.start}, options);
  if (!take_status(fit, r)) return;
  r.effect = fit.ratio;
  const auto pre = static_cast<Eigen::Index>(panel.column_of(o.start));
  r.pre_periods = static_cast<int>(pre);
  r.post_periods = static_cast<int>(panel.periods()) - r.pre_periods;
  // Back from the pre-mean scale to counts of the treated total.
  const Eigen::VectorXd treated = panel.total(o.treated);
  const double level = treated.head(pre).mean();
  r.observed = to_vector(treated);
  r.counterfactual = to_vector(fit.synthetic_series * level);
  r.method = fmt::format(
      "synthetic control of the treated total from {} areas (series scaled by their pre-period "
      "mean); interval from {} placebos, placebo p = {:.3f}",
      fit.donor_ids.size(), fit.placebos_used, fit.placebo_p_value);
}

}  // namespace

std::string to_string(AreaDesign design) {
  return area_design_words().at(static_cast<int>(design));
}

const std::vector<std::string>& area_design_words() {
  static const std::vector<std::string> words = {"its", "did", "synth"};
  return words;
}

AreaDesign parse_area_design(const std::string& text) {
  const auto& words = area_design_words();
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == text) return static_cast<AreaDesign>(i);
  throw Error("area design", fmt::format("unknown design \"{}\"", text),
              "the designs are its (interrupted time series), did (difference-in-differences) "
              "and synth (synthetic control)");
}

void AreaDesignOptions::validate() const {
  if (treated.empty()) throw Error("treated", "no treated areas", "give the treated area ids");
  if (designs.empty()) throw Error("designs", "no designs", "give its, did and/or synth");
  if (!(confidence_level > 0.5 && confidence_level < 1.0))
    throw Error("confidence_level", fmt::format("must be in (0.5, 1), got {}", confidence_level));
  if (permutations < 0) throw Error("permutations", "must be >= 0");
}

std::vector<AreaDesignResult> run_area_designs(const UnitPanel& panel,
                                               const AreaDesignOptions& options,
                                               const std::string& outcome) {
  options.validate();
  for (const auto& id : options.treated) panel.index_of(id);  // unknown ids: a clear error
  panel.column_of(options.start);
  if (panel.units() <= options.treated.size())
    throw Error(
        "area designs",
        fmt::format("all {} areas are treated: there is nothing to compare with", panel.units()),
        "the panel needs areas without the intervention");
  std::vector<AreaDesignResult> results;
  for (AreaDesign design : options.designs) {
    AreaDesignResult r;
    r.design = design;
    for (std::size_t t = 0; t < panel.periods(); ++t)
      r.periods.push_back((panel.start + static_cast<std::int64_t>(t)).to_string());
    try {
      if (design == AreaDesign::Its) run_its(panel, options, r);
      if (design == AreaDesign::Did) run_did(panel, options, r);
      if (design == AreaDesign::Synth) run_synth(panel, options, r);
    } catch (const Error& error) {
      r.status = FitStatus::kFailed;
      r.message = error.what();
    }
    if (r.status != FitStatus::kFailed)
      r.sentence = causal::describe_rate_ratio(r.effect, outcome, options.confidence_level);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace harmcast
