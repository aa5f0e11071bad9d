// The models stage (engine/runner/stage_models.cpp): models declared in an experiment config,
// fitted on a shipped cohort, give R's coefficients (tests/data/regression/make_reference.R and
// tests/data/survival/make_reference.R: glm, MASS::glm.nb, survival::coxph on cohort_5k.csv);
// a model that cannot be fitted is a run note; bad keys are listed with their lines.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/config/experiment_config.hpp"
#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/runner/stage_models.hpp"
#include "tests/regression/glm_reference_support.hpp"
#include "tests/regression/test_cox_data.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

constexpr double kGlmRel = 1e-6;     // the agreement target for glm
constexpr double kNegBinRel = 1e-5;  // ... for glm.nb
constexpr double kCoxRel = 1e-6;     // ... as tests/regression/test_cox_reference.cpp

const std::string kRhs =
    "treat + age + sex + age_first_offence + prior_offences + prior_custody + ogrs + "
    "offence_type + sentence_type + employed + accommodation + substance_misuse + "
    "mental_health + dv_flag + deprivation_decile + ward";

std::string config_text() {
  return "name: models_test\n"
         "models:\n"
         "  - name: reoffending\n"
         "    formula: reoffended_1y ~ " +
         kRhs +
         "\n"
         "    family: binomial\n"
         "  - name: counts\n"
         "    formula: n_reoffences ~ " +
         kRhs +
         "\n"
         "    family: negbin\n"
         "  - name: time_to_reoffence\n"
         "    formula: Surv(days_to_reoffence, reoffence_event) ~ " +
         kRhs +
         "\n"
         "    family: cox\n"
         "  - name: broken\n"
         "    formula: reoffended_1y ~ no_such_column\n";
}

struct StageRun {
  std::vector<ModelConfig> models;
  RunResults results;
};

const StageRun& stage_run() {
  static const StageRun run = [] {
    StageRun r;
    const ExperimentConfig config = parse_experiment_config(config_text(), "models_test.yaml");
    r.models = parse_models(config);
    const Table cohort = read_csv(testing::test_data("regression/cohort_5k.csv"));
    run_models_stage(cohort, r.models, r.results);
    return r;
  }();
  return run;
}

void expect_table_matches(const Table& coef, const std::vector<std::string>& terms,
                          const std::vector<double>& estimate, const std::vector<double>& se,
                          double rel) {
  ASSERT_EQ(coef.rows(), terms.size());
  const auto ours_estimate = coef.column("estimate").to_doubles();
  const auto ours_se = coef.column("std_error").to_doubles();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ(coef.column("term").text(i), terms[i]);
    testing::expect_close(ours_estimate[i], estimate[i], rel, "estimate " + terms[i]);
    testing::expect_close(ours_se[i], se[i], rel, "std_error " + terms[i]);
  }
}

TEST(StageModels, ParsesEveryModel) {
  const auto& models = stage_run().models;
  ASSERT_EQ(models.size(), 4u);
  EXPECT_EQ(models[2].family, "cox");
  EXPECT_EQ(models[2].ties, "efron");
  EXPECT_EQ(models[3].family, "binomial");  // the default
}

TEST(StageModels, LogisticMatchesRGlm) {
  const Table* coef = stage_run().results.find_table("/models/reoffending/coefficients");
  ASSERT_NE(coef, nullptr);
  const auto r = testing::load_r_coefficients("logit");
  expect_table_matches(*coef, r.term, r.column.at("estimate"), r.column.at("se_model"), kGlmRel);
  const Table* fit = stage_run().results.find_table("/models/reoffending/fit");
  ASSERT_NE(fit, nullptr);
  const auto r_fit = testing::load_r_fit("logit");
  for (std::size_t i = 0; i < fit->rows(); ++i) {
    const std::string key = fit->column("statistic").text(i);
    const std::string r_key = key == "log_likelihood" ? "loglik" : key;
    if (r_fit.count(r_key))
      testing::expect_close(fit->column("value").to_doubles()[i], r_fit.at(r_key), kGlmRel, key);
  }
}

TEST(StageModels, NegativeBinomialMatchesMassGlmNb) {
  const Table* coef = stage_run().results.find_table("/models/counts/coefficients");
  ASSERT_NE(coef, nullptr);
  const auto r = testing::load_r_coefficients("negbin");
  expect_table_matches(*coef, r.term, r.column.at("estimate"), r.column.at("se_model"), kNegBinRel);
  const Table* fit = stage_run().results.find_table("/models/counts/fit");
  ASSERT_NE(fit, nullptr);
  for (std::size_t i = 0; i < fit->rows(); ++i)
    if (fit->column("statistic").text(i) == "theta")
      testing::expect_close(fit->column("value").to_doubles()[i],
                            testing::load_r_fit("negbin").at("theta"), kNegBinRel, "theta");
}

TEST(StageModels, CoxMatchesSurvivalCoxph) {
  const Table* coef = stage_run().results.find_table("/models/time_to_reoffence/coefficients");
  ASSERT_NE(coef, nullptr);
  const auto ref =
      harmcast::testing::ReferenceTable::read(testing::test_data("survival/cox_reference.csv"));
  std::vector<std::string> terms;
  std::vector<double> estimate, se;
  for (const auto& [term, value] : ref.get("cohort5k_efron", "coef")) {
    terms.push_back(term);
    estimate.push_back(value);
  }
  for (const auto& entry : ref.get("cohort5k_efron", "se")) se.push_back(entry.second);
  expect_table_matches(*coef, terms, estimate, se, kCoxRel);
  // Intervals on the log scale: estimate -/+ 1.96 SE, as R's confint.
  const auto low = coef->column("conf_low").to_doubles();
  const auto lower95 = ref.get("cohort5k_efron", "lower95");
  for (std::size_t i = 0; i < terms.size(); ++i)
    testing::expect_close(std::exp(low[i]), lower95[i].second, kCoxRel, "lower95 " + terms[i]);
}

TEST(StageModels, FailedModelIsANoteAndTheRestGoOn) {
  const auto& results = stage_run().results;
  EXPECT_EQ(results.find_table("/models/broken/coefficients"), nullptr);
  bool noted = false;
  for (const auto& note : results.notes())
    if (note.stage == "models" && note.subject == "broken") {
      noted = true;
      EXPECT_NE(note.message.find("no_such_column"), std::string::npos) << note.message;
    }
  EXPECT_TRUE(noted);
  const Table* summary = results.find_table("/models/summary");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->rows(), 3u);
  EXPECT_EQ(summary->column("status").text(2), "converged");
}

TEST(StageModels, BadKeysAreListedWithTheirLines) {
  const std::string text =
      "name: bad\n"             // 1
      "models:\n"               // 2
      "  - name: a\n"           // 3
      "    formula: y ~ x\n"    // 4
      "    famly: poisson\n"    // 5
      "  - name: b\n"           // 6
      "    formula: y ~ x\n"    // 7
      "    family: logistic\n"  // 8
      "  - name: c\n"           // 9
      "    formula: y ~ x\n"    // 10
      "    family: cox\n"       // 11
      "  - name: d\n"           // 12
      "    formula: y ~ x\n"    // 13
      "    se: cluster\n"       // 14
      "  - name: e\n"           // 15
      "    formula: y ~ x\n"    // 16
      "    family: poisson\n"   // 17
      "    link: probit\n";     // 18
  const ExperimentConfig config = parse_experiment_config(text, "bad.yaml");
  try {
    parse_models(config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("models[0].famly at line 5"), std::string::npos) << m;
    EXPECT_NE(m.find("did you mean \"family\""), std::string::npos) << m;
    EXPECT_NE(m.find("models[1].family at line 8"), std::string::npos) << m;
    EXPECT_NE(m.find("models[2].formula at line 10"), std::string::npos) << m;
    EXPECT_NE(m.find("Surv(time, event)"), std::string::npos) << m;
    EXPECT_NE(m.find("models[3].cluster"), std::string::npos) << m;
    EXPECT_NE(m.find("models[4].link at line 18"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace harmcast
