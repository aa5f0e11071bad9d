// harmcast evaluate: service evaluation against a matched comparison group. Prints the balance
// table and the effects; writes the evaluation as JSON atomically with --out.
#include "engine/cli/command_evaluate.hpp"

#include <cstdio>
#include <memory>

#include "engine/cli/option_checks.hpp"
#include "engine/core/error.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/matching/evaluation.hpp"

namespace harmcast::cli {
namespace {

struct EvaluateArgs {
  std::string data, formula, method = "nearest", order = "largest", preset, out;
  std::string distance = "glm", link = "logit", discard = "none", se = "auto", score;
  std::vector<std::string> outcomes, exact;
  int ratio = 1, bootstrap = 999, ai_matches = 0;
  double caliper = 0.0, threshold = 0.1, time_quantile = 0.5, tie_tolerance = 1e-5;
  bool replace = false, pool_ties = false, refuse_missing = false;
  std::uint64_t seed = 20240501;
};

void run_evaluate(const EvaluateArgs& a) {
  if (a.method != "nearest")
    throw Error("--method", "only nearest-neighbour matching is available", "use --method nearest");
  EvaluationOptions o;
  o.formula = a.formula;
  o.outcomes = a.outcomes;
  o.propensity.distance = parse_distance_kind(a.distance);
  if (a.link == "probit")
    o.propensity.link = GlmLink::Probit;
  else if (a.link != "logit")
    throw Error("--link", "link must be logit or probit");
  o.propensity.exact = a.exact;
  o.propensity.score_column = a.score;
  o.propensity.refuse_missing = a.refuse_missing;
  o.matching.ratio = a.ratio;
  if (a.caliper > 0.0) o.matching.caliper = a.caliper;
  o.matching.replace = a.replace;
  o.matching.pool_ties = a.pool_ties;
  o.matching.tie_tolerance = a.tie_tolerance;
  o.matching.order = parse_match_order(a.order);
  o.matching.seed = a.seed;
  o.matching.discard = parse_common_support(a.discard);
  o.balance.threshold = a.threshold;
  o.effects.standard_errors = parse_effect_se(a.se);
  o.effects.ai_variance_matches = a.ai_matches;
  o.effects.bootstrap_replicates = a.bootstrap;
  o.effects.seed = a.seed;
  o.effects.time_quantile = a.time_quantile;
  if (!a.preset.empty() && a.preset != "jdl")
    throw Error("--preset", "unknown preset '" + a.preset + "'", "the preset available is jdl");
  o.jdl = a.preset == "jdl";
  o.validate();  // fail fast, before reading the data
  const Table data = read_csv(a.data);
  const EvaluationResult r = run_evaluation(data, o);
  std::printf("%s", format_evaluation(r).c_str());
  if (!a.out.empty()) {
    write_file_atomically(a.out, evaluation_json(r));
    std::printf("Evaluation written to %s\n", a.out.c_str());
  }
}

}  // namespace

void register_evaluate_command(CLI::App& app) {
  auto args = std::make_shared<EvaluateArgs>();
  auto* cmd = app.add_subcommand(
      "evaluate",
      "Evaluate a service against a matched comparison group: propensity-score nearest-neighbour "
      "matching (as R's MatchIt), balance before/after, effects on the treated with 95% "
      "intervals.");
  cmd->add_option("--data", args->data, "CSV file with a header row")->required();
  cmd->add_option("--formula", args->formula, "\"treat ~ age + sex + ...\" (treat is 0/1)")
      ->required();
  cmd->add_option("--outcome", args->outcomes,
                  "Outcome columns (0/1, counts or numbers); TIME:EVENT for a hazard ratio")
      ->required()
      ->delimiter(',');
  cmd->add_option("--method", args->method, "Matching method: nearest")->capture_default_str();
  cmd->add_option("--ratio", args->ratio, "Controls per treated person (1:K)")
      ->capture_default_str();
  cmd->add_option("--caliper", args->caliper, "Caliper in SDs of the distance (0: none)");
  cmd->add_flag("--replace", args->replace, "Match with replacement");
  cmd->add_flag("--pool-ties", args->pool_ties,
                "With --replace: every control as close as the ratio-th joins the match set "
                "(R Matching's ties = TRUE)");
  cmd->add_option("--tie-tolerance", args->tie_tolerance,
                  "With --pool-ties: squared score gap in SDs counted as a tie (default 1e-5)")
      ->check(kNonNegative);
  cmd->add_option("--exact", args->exact, "Columns to match exactly on")->delimiter(',');
  cmd->add_option("--order", args->order, "largest, smallest, random or data")
      ->capture_default_str();
  cmd->add_option("--distance", args->distance, "glm (propensity score), logit or mahalanobis")
      ->capture_default_str();
  cmd->add_option("--link", args->link, "Propensity model link: logit or probit")
      ->capture_default_str();
  cmd->add_option("--score", args->score, "Use this column as the propensity score");
  cmd->add_option("--discard", args->discard, "Common support: none, both, treated, control")
      ->capture_default_str();
  cmd->add_flag("--refuse-missing", args->refuse_missing,
                "Refuse rows with missing covariates instead of dropping them");
  cmd->add_option("--se", args->se, "Standard errors: auto, pair, unit, bootstrap or ai")
      ->capture_default_str();
  cmd->add_option("--ai-matches", args->ai_matches,
                  "ai: 0 homoskedastic, J heteroskedastic with J neighbours (Var.calc)")
      ->capture_default_str();
  cmd->add_option("--bootstrap", args->bootstrap, "Bootstrap replicates")->capture_default_str();
  cmd->add_option("--time-quantile", args->time_quantile,
                  "TIME:EVENT outcomes: compare this quantile of time (0.5 median; 0.25 when "
                  "the median is not reached)")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed for random order and bootstrap")
      ->capture_default_str();
  cmd->add_option("--smd-threshold", args->threshold, "Flag |SMD| above this")
      ->capture_default_str();
  cmd->add_option("--preset", args->preset, "jdl: Justice Data Lab rules");
  cmd->add_option("--out", args->out, "Write the evaluation as JSON here");
  cmd->callback([args] { run_evaluate(*args); });
}

}  // namespace harmcast::cli
