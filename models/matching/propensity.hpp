#pragma once
// Propensity scores and the matching distance, as MatchIt's distance = "glm" (MatchIt 4.5.1).
//
// The score e(x) = P(treat = 1 | x) comes from a binomial GLM of `treat ~ covariates` (logit or
// probit link, fitted as R's glm; see models/regression/glm.hpp) or from a column the user
// supplies. The matching distance is the score itself (MatchIt's distance = "glm": matching and
// the caliper are on the probability scale), or its linear predictor logit(e) (MatchIt's
// link = "linear.logit"), or none for Mahalanobis matching on the design columns.
//
// Rows with a missing treatment, covariate or exact-matching value are dropped and counted
// (R's na.omit) or, with `refuse_missing`, refused with an error naming the columns.
// Balance covariates (balance_covariates below) are the design columns with every factor
// expanded to one indicator per level (MatchIt's summary: model.matrix with contrasts = FALSE).
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/table/table.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/model_frame.hpp"

namespace harmcast {

enum class DistanceKind { PropensityScore, LinearLogit, Mahalanobis };
std::string to_string(DistanceKind kind);  // "glm", "linear.logit", "mahalanobis"
DistanceKind parse_distance_kind(const std::string& text);

struct PropensityOptions {
  GlmLink link = GlmLink::Logit;                          // Logit or Probit
  DistanceKind distance = DistanceKind::PropensityScore;  // what the matcher measures
  std::string score_column;                // a user-supplied score in (0, 1); empty: fit the GLM
  std::vector<std::string> exact;          // columns to match exactly on (any type)
  bool refuse_missing = false;             // missing covariates: error instead of dropping the rows
  bool allow_constant_in_treated = false;  // a numeric covariate constant among the treated
                                           // is an error unless this is set
  std::size_t warm_start_rows = 60000;     // large cohorts: IRLS starts from a fit on a subsample
                                           // of this many rows (same MLE; propensity_fit.hpp);
                                           // 0 = always R's start
  void validate() const;  // throws harmcast::Error naming the field and the rule broken
};

struct BalanceCovariates {
  std::vector<std::string> names;  // e.g. "age", "raceblack", "racehispan", "racewhite"
  Eigen::MatrixXd values;          // units x covariates
};

struct MatchingData {
  std::vector<std::uint8_t> treat;  // per unit (kept rows), 0/1
  std::vector<double> score;        // propensity score per unit (empty for Mahalanobis
                                    // without a score)
  std::vector<double> distance;     // what the matcher uses (empty for Mahalanobis)
  Eigen::MatrixXd design;           // design columns without the intercept (Mahalanobis
                                    // distance only; empty otherwise)
  // The propensity model frame (design with the intercept, factor codings): balance_covariates
  // expands it when a balance table is wanted, so matching alone never copies the design.
  std::shared_ptr<const ModelFrame> frame;
  std::vector<std::int32_t> strata;     // exact-matching cell per unit (empty if none)
  std::vector<std::size_t> table_rows;  // Table row of each unit
  std::size_t rows_in = 0, rows_dropped = 0;
  std::string dropped_detail;  // e.g. "age: 12, sex: 3"
  std::string treatment_name;
  std::string score_summary;          // the GLM coefficient table, or the score column used
  std::vector<std::string> warnings;  // from the GLM (separation, ...)
  bool score_warm_started = false;    // the GLM started from a subsample fit (propensity_fit)
};

// Builds the model frame of `formula` ("treat ~ age + sex + ...") on `data`, fits the score and
// returns everything the matcher, balance and effects need. Throws harmcast::Error for a
// treatment that is not 0/1, no treated or no control units, missing values when refused, a
// covariate constant among the treated, a score column outside (0, 1).
MatchingData prepare_matching_data(const std::string& formula, const Table& data,
                                   const PropensityOptions& options);

// The balance covariates of `data` (MatchIt's summary: model.matrix with contrasts = FALSE):
// the design columns with every main-effect factor expanded to one indicator per level, named
// variable + level; with `distance_first`, the matching distance as a first column "distance"
// (MatchIt's first balance row). Filled column by column in parallel.
BalanceCovariates balance_covariates(const MatchingData& data, bool distance_first = false);

}  // namespace harmcast
