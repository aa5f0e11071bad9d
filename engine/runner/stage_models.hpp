#pragma once
// Stage "models": regression models of the offender cohort (data.cohort) named in the config:
// GLMs as R's glm, negative binomial as MASS::glm.nb, Cox as survival::coxph
// (models/regression).
//
// Config (a list under `models`, validated here before anything runs):
//   - name: reoffending                # letters, digits, _ or -; names the tables (required)
//     formula: reoffended_1y ~ age + sex + ogrs   # R formula; Surv(time, event) ~ ... for cox
//     family: binomial                 # binomial | poisson | negbin | gaussian | cox
//     link: logit                      # empty: the family's canonical link (not for cox)
//     weights: ""                      # column of prior (glm) or case (cox) weights
//     se: model                        # model | hc0 | hc1 | hc3 | cluster (cox: model | hc0 |
//                                      # cluster, hc0 = coxph's robust sandwich)
//     cluster: ""                      # column of cluster ids, required with se: cluster
//     ties: efron                      # cox only: efron | breslow
//
// Tables, per model: /models/<name>/coefficients (term, estimate, std_error, statistic,
// p_value, conf_low, conf_high; log scale for log/logit links and cox, NaN where aliased) and
// /models/<name>/fit (statistic, value); one row per fitted model in /models/summary (name,
// family, link, formula, se, status, message, rows_used, rows_dropped, dropped_detail). A model
// that cannot be fitted becomes a run note and the other models go on.
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/table/table.hpp"

namespace harmcast {

struct ModelConfig {
  std::string name;
  std::string formula;
  std::string family = "binomial";
  std::string link;
  std::string weights;
  std::string se = "model";
  std::string cluster;
  std::string ties = "efron";
};

void declare_options(ConfigReader& r, ModelConfig& c);

// Parses and validates `config.models`; throws one harmcast::Error listing every problem with
// its key path and line.
std::vector<ModelConfig> parse_models(const ExperimentConfig& config);

void run_models_stage(const Table& cohort, const std::vector<ModelConfig>& models,
                      RunResults& results);

}  // namespace harmcast
