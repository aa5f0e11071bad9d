#pragma once
// A whole service evaluation against a matched comparison group, as `harmcast evaluate` runs
// it: propensity score -> nearest-neighbour matching -> balance -> effects on the treated, with
// the Justice Data Lab preset optional. See propensity.hpp, nearest_neighbour.hpp, balance.hpp,
// att_effects.hpp and jdl_preset.hpp for the methods.
#include <string>
#include <vector>

#include "engine/table/table.hpp"
#include "models/matching/att_effects.hpp"
#include "models/matching/balance.hpp"
#include "models/matching/jdl_preset.hpp"
#include "models/matching/nearest_neighbour.hpp"
#include "models/matching/propensity.hpp"

namespace harmcast {

struct EvaluationOptions {
  std::string formula;                // "treat ~ age + sex + ..."
  std::vector<std::string> outcomes;  // columns; "time:event" for a time-to-event outcome
  PropensityOptions propensity;
  NearestOptions matching;
  BalanceOptions balance;
  EffectOptions effects;
  bool median_time = true;  // time-to-event outcomes: also the difference in the
                            // effects.time_quantile-th quantile of time (the median by default)
  bool jdl = false;         // Justice Data Lab preset (derived outcomes, minimum 60, suppression)
  JdlOptions jdl_options;
  void validate() const;
};

struct EvaluationResult {
  std::size_t rows_in = 0, rows_dropped = 0;
  std::string dropped_detail;
  std::size_t n_treated = 0, n_control = 0, n_matched_treated = 0, n_matched_control = 0;
  std::string match_message;
  double caliper_absolute = 0.0;
  bool has_caliper = false;
  BalanceTable balance;
  std::vector<EffectResult> effects;
  std::vector<std::size_t> events_treated, events_control;  // binary outcomes: counts (JDL)
  bool jdl = false;
  int suppression_threshold = 0;  // 0: no suppression
  std::vector<std::string> warnings;
  double seconds_matching = 0.0;                  // score + matching
  std::vector<std::size_t> matched_treated_rows;  // data rows of the matched treated (the
                                                  // people the estimate is about)
};

// Runs the evaluation. Throws harmcast::Error for any problem (see the component headers) and,
// with the JDL preset, when fewer than 60 treated people were matched.
EvaluationResult run_evaluation(const Table& data, const EvaluationOptions& options);

// The outcome kind of a column: 0/1 -> binary, non-negative integers -> count, else continuous.
OutcomeKind detect_outcome_kind(const Column& column);

// JSON: n_treated, n_control, n_matched_treated, n_matched_control, balance[] (covariate,
// smd_before, smd_after, var_ratio_before, var_ratio_after, ...), effects[] (outcome, estimate,
// std_error, conf_low, conf_high, p_value, ...). Counts below the suppression threshold are the
// string "<5". NaN is null.
std::string evaluation_json(const EvaluationResult& result);

// The printed report: balance table, then each effect with its sentence.
std::string format_evaluation(const EvaluationResult& result);

// A JSON string literal with escaping of quotes, backslashes and control characters.
std::string json_string(const std::string& text);

}  // namespace harmcast
