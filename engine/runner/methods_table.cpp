#include "engine/runner/methods_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

namespace harmcast {
namespace {

struct MethodRows {
  std::vector<std::string> stage, analysis, method, settings;

  void add(std::string s, std::string a, std::string m, std::string set) {
    stage.push_back(std::move(s));
    analysis.push_back(std::move(a));
    method.push_back(std::move(m));
    settings.push_back(std::move(set));
  }
};

std::string joined(const std::vector<std::string>& words, const std::string& none) {
  return words.empty() ? none : fmt::format("{}", fmt::join(words, ", "));
}

std::string percent(double share) { return fmt::format("{:g}%", 100 * share); }

void add_kpi_and_forecast(const ExperimentConfig& c, MethodRows& rows) {
  rows.add("KPIs", "latest period against baseline",
           "Rate ratio from a quasi-Poisson log-linear model with month-of-year effects "
           "(dispersion from Pearson's statistic, floored at 1); interval from Student's t",
           fmt::format("latest {} months against the {} years before; by {}; {} interval",
                       c.kpi.recent_months, c.kpi.baseline_years,
                       joined(c.kpi.group_by, "all crime"), percent(c.kpi.level)));
  if (!c.forecast.enabled) return;
  const std::string model = to_string(c.forecast.model);
  rows.add("Forecasts", "monthly counts",
           model == "auto" ? "Per series, the family (auto ARIMA, ETS, structural, count model, "
                             "seasonal naive or their average) with the lowest mean MASE over "
                             "rolling forecast origins"
                           : "Model \"" + model + "\" for every series",
           fmt::format("{} months ahead; {}% prediction intervals; by {}", c.forecast.horizon,
                       fmt::join(c.forecast.levels, "% and "),
                       joined(c.forecast.group_by, "all crime")));
}

void add_interventions(const StagePlan& plan, MethodRows& rows) {
  for (const InterventionAnalysisConfig& a : plan.interventions) {
    rows.add("Intervention analysis", a.name,
             "Regression with ARIMA errors and a " + a.shape +
                 " term at the start (Box and Tiao's intervention analysis)",
             fmt::format("series {}; from {}; {} scale; {} interval", joined(a.series, "all"),
                         a.start ? a.start->to_string() : "?", a.transform, percent(a.level)));
  }
}

// Time-to-event outcomes ("time:event") are also compared at a quantile of time.
std::string time_settings(const EvaluationConfig& e) {
  const bool timed = std::any_of(e.outcomes.begin(), e.outcomes.end(), [](const std::string& o) {
    return o.find(':') != std::string::npos;
  });
  if (!timed || !e.median_time) return "";
  return e.time_quantile == 0.5
             ? "; median time to event"
             : fmt::format("; {:g}th percentile of time to event", 100 * e.time_quantile);
}

void add_evaluations(const StagePlan& plan, MethodRows& rows) {
  for (const EvaluationConfig& e : plan.evaluations) {
    rows.add(
        "Service evaluation", e.name,
        "Logit propensity score, nearest-neighbour matching, effects on the treated",
        fmt::format(
            "1:{} {}; caliper {}; covariates {}; outcomes {}; standard "
            "errors {}{}{}",
            e.ratio,
            !e.replace ? std::string("without replacement")
            : e.pool_ties
                ? fmt::format("with replacement, ties pooled (tolerance {:g})", e.tie_tolerance)
                : std::string("with replacement"),
            e.caliper > 0 ? fmt::format("{:g} SD of the score", e.caliper) : "none",
            joined(e.covariates, "none"), joined(e.outcomes, "none"), to_string(e.standard_errors),
            time_settings(e), e.jdl ? "; Justice Data Lab preset" : ""));
  }
}

void add_models(const StagePlan& plan, MethodRows& rows) {
  for (const ModelConfig& m : plan.models) {
    const bool cox = m.family == "cox";
    rows.add("Regression model", m.name,
             cox ? "Cox proportional hazards (" + m.ties + " ties)"
             : m.family == "negbin"
                 ? "Negative binomial regression, dispersion by maximum likelihood (as "
                   "MASS::glm.nb)"
                 : "Generalised linear model, " + m.family +
                       (m.link.empty() ? std::string() : " (" + m.link + " link)"),
             fmt::format("{}; standard errors {}{}{}", m.formula, m.se,
                         m.cluster.empty() ? "" : " by " + m.cluster,
                         m.weights.empty() ? "" : "; weights " + m.weights));
  }
}

std::string design_name(const std::string& design) {
  if (design == "its") return "interrupted time series";
  if (design == "did") return "difference-in-differences";
  if (design == "synth") return "synthetic control with placebo-in-space inference";
  return design;
}

void add_areas(const StagePlan& plan, MethodRows& rows) {
  for (const AreaEvaluationConfig& a : plan.areas) {
    std::vector<std::string> designs;
    for (const std::string& d : a.designs) designs.push_back(design_name(d));
    std::string method = joined(designs, "none");
    method[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(method[0])));
    rows.add("Area design", a.name, method,
             fmt::format("treated {} {}; from {}; crime types {}{}", a.unit, joined(a.treated, "-"),
                         a.start ? a.start->to_string() : "?", joined(a.crime_types, "all"),
                         a.slope_change ? "; with a change in slope" : ""));
  }
}

void add_scenarios_and_value(const StagePlan& plan, MethodRows& rows) {
  if (!plan.scenarios.empty()) {
    const ScenarioStageConfig& s = plan.scenarios;
    rows.add("Scenarios", fmt::format("{} plan(s)", s.plans.size()),
             "Sample paths from the fitted baselines (noise and the uncertainty of the estimates); "
             "each plan applied to the same draws (common random numbers)",
             fmt::format("{} months{}; {} paths; {} count noise; baseline model {} by {}",
                         s.horizon, s.origin ? " after " + s.origin->to_string() : "", s.paths,
                         scenario::to_string(s.noise), to_string(s.baseline.model),
                         joined(s.baseline.group_by, "all crime")));
  }
  if (plan.value.present) {
    const ValueConfig& v = plan.value;
    rows.add("Value for money",
             fmt::format("{} service(s), {}", v.services.size(),
                         v.all_scenarios ? "every scenario" : joined(v.scenarios, "no scenario")),
             "HM Treasury Green Book appraisal with Monte Carlo over effects and unit costs",
             fmt::format("{} prices; unit costs {} ({} prices); discounting {}; optimism bias {}; "
                         "{} Monte Carlo draws",
                         v.price_year, v.unit_costs, v.unit_costs_price_year,
                         value::to_string(v.discount.schedule), percent(v.optimism_bias),
                         v.monte_carlo.draws));
  }
}

}  // namespace

Table methods_table(const ExperimentConfig& config, const StagePlan& plan, bool crime) {
  MethodRows rows;
  if (crime) add_kpi_and_forecast(config, rows);
  add_interventions(plan, rows);
  add_evaluations(plan, rows);
  add_models(plan, rows);
  if (crime) add_areas(plan, rows);
  add_scenarios_and_value(plan, rows);
  Table t;
  t.add_column(Column::categorical_from_strings("stage", rows.stage));
  t.add_column(Column::categorical_from_strings("analysis", rows.analysis));
  t.add_column(Column::categorical_from_strings("method", rows.method));
  t.add_column(Column::categorical_from_strings("settings", rows.settings));
  return t;
}

}  // namespace harmcast
