// Checks of the synthetic city's offender cohort and services against independent references:
// covariate distributions against R's gen_cohort.R (the anchor), outcomes against the truth
// table's coefficients (re-applied here to the table's columns, not through the generator's
// code), a logistic regression fitted here by IRLS that must recover those coefficients, service
// take-up against the targets, and the selection bias of the naive treated-untreated comparison.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "datasets/synthetic/synthetic_city.hpp"
#include "datasets/synthetic/truth.hpp"

namespace harmcast {
namespace {

using synthetic::truth_value;

class SyntheticCohort : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Small products: Eigen's OpenMP threading only adds spin-waiting on a shared machine.
    Eigen::setNbThreads(1);
    city_ = new SyntheticCity(generate_synthetic_city({}));
  }
  static void TearDownTestSuite() {
    delete city_;
    city_ = nullptr;
  }
  static const Table& cohort() { return city_->cohort; }
  static const SyntheticCity& city() { return *city_; }

  static double truth(const std::string& component, const std::string& parameter) {
    return truth_value(city_->truth, component, parameter);
  }

  // An R model-matrix column `term` of the cohort table: "(Intercept)", a numeric column by
  // name, or a factor dummy <column><level> (sexM, offence_typetheft, serviceidva, wardW07, ...).
  static std::vector<double> term_column(const std::string& term) {
    const Table& t = cohort();
    const std::size_t n = t.rows();
    if (term == "(Intercept)") return std::vector<double>(n, 1.0);
    if (t.has_column(term) && t.column(term).is_numeric()) return t.column(term).to_doubles();
    for (const std::string factor :
         {"sex", "offence_type", "sentence_type", "accommodation", "service", "ward"}) {
      if (term.rfind(factor, 0) != 0 || term.size() <= factor.size()) continue;
      const std::string level = term.substr(factor.size());
      const auto& column = t.column(factor);
      const auto& levels = column.levels();
      const auto found = std::find(levels.begin(), levels.end(), level);
      if (found == levels.end()) continue;
      const auto code = static_cast<std::int32_t>(found - levels.begin());
      std::vector<double> v(n);
      for (std::size_t r = 0; r < n; ++r) v[r] = column.codes()[r] == code ? 1.0 : 0.0;
      return v;
    }
    ADD_FAILURE() << "no model-matrix column for term " << term;
    return std::vector<double>(n, 0.0);
  }

  // The truth table's terms and coefficients of one outcome model.
  static std::vector<std::pair<std::string, double>> model_terms(const std::string& component) {
    std::vector<std::pair<std::string, double>> terms;
    const Table& truth_table = city_->truth;
    for (std::size_t r = 0; r < truth_table.rows(); ++r) {
      if (truth_table.column("component").text(r) == component) {
        terms.emplace_back(truth_table.column("parameter").text(r),
                           truth_table.column("value").numeric(r));
      }
    }
    return terms;
  }

  static Eigen::MatrixXd design(const std::vector<std::pair<std::string, double>>& terms) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(cohort().rows()),
                      static_cast<Eigen::Index>(terms.size()));
    for (std::size_t j = 0; j < terms.size(); ++j) {
      const auto v = term_column(terms[j].first);
      x.col(static_cast<Eigen::Index>(j)) = Eigen::Map<const Eigen::VectorXd>(v.data(), x.rows());
    }
    return x;
  }

  static Eigen::VectorXd coefficients(const std::vector<std::pair<std::string, double>>& terms) {
    Eigen::VectorXd b(static_cast<Eigen::Index>(terms.size()));
    for (std::size_t j = 0; j < terms.size(); ++j)
      b(static_cast<Eigen::Index>(j)) = terms[j].second;
    return b;
  }

  static std::vector<double> column(const std::string& name) {
    return cohort().column(name).to_doubles();
  }

  static SyntheticCity* city_;
};
SyntheticCity* SyntheticCohort::city_ = nullptr;

double plogis(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST_F(SyntheticCohort, ShapeAndColumns) {
  EXPECT_GE(cohort().rows(), 20000u);
  for (const std::string name : {"id",
                                 "age",
                                 "sex",
                                 "age_first_offence",
                                 "prior_offences",
                                 "prior_custody",
                                 "ogrs",
                                 "offence_type",
                                 "sentence_type",
                                 "employed",
                                 "accommodation",
                                 "substance_misuse",
                                 "mental_health",
                                 "dv_flag",
                                 "deprivation_decile",
                                 "ward",
                                 "treat",
                                 "service",
                                 "release_date",
                                 "reoffended_1y",
                                 "n_reoffences",
                                 "days_to_reoffence",
                                 "reoffence_event"}) {
    EXPECT_TRUE(cohort().has_column(name)) << name;
  }
  EXPECT_EQ(cohort().column("service").levels().size(), 5u);  // none + 4 services
  EXPECT_EQ(cohort().column("service").levels()[0], "none");
  const auto& release = cohort().column("release_date");
  EXPECT_EQ(release.frequency(), Frequency::Day);
  for (std::size_t r = 0; r < cohort().rows(); r += 997) {
    const int year = release.period(r).calendar_year();
    EXPECT_GE(year, 2016);
    EXPECT_LE(year, 2019);
  }
}

TEST_F(SyntheticCohort, CovariatesMatchGenCohortR) {
  // Means and sds from the anchor: Rscript gen_cohort.R OUT 1000000 20240602 (R 4.2.2 Patched,
  // 2022-11-10), then mean() and sd() of each column of cohort.csv (1,000,000 people).
  struct Reference {
    std::string name;
    double mean, sd;
  };
  const std::vector<Reference> references = {
      {"age", 31.965081, 9.830953},
      {"male", 0.859930, 0.347060},
      {"age_first_offence", 17.120276, 6.109321},
      {"prior_offences", 5.888713, 7.267139},
      {"prior_custody", 0.707008, 1.175908},
      {"ogrs", 49.768616, 17.710962},
      {"violence", 0.280182, 0.449088},
      {"theft", 0.219956, 0.414217},
      {"custody", 0.251080, 0.433635},
      {"suspended", 0.261949, 0.439695},
      {"employed", 0.479862, 0.499595},
      {"settled", 0.700239, 0.458153},
      {"substance_misuse", 0.367301, 0.482070},
      {"mental_health", 0.249573, 0.432766},
      {"dv_flag", 0.161169, 0.367687},
      {"deprivation_decile", 4.496852, 2.691112},
  };
  const std::size_t n = cohort().rows();
  auto indicator = [&](const std::string& column_name, const std::string& level) {
    std::vector<double> v(n);
    const auto& c = cohort().column(column_name);
    for (std::size_t r = 0; r < n; ++r) v[r] = c.text(r) == level ? 1.0 : 0.0;
    return v;
  };
  std::map<std::string, std::vector<double>> values = {
      {"male", indicator("sex", "M")},
      {"violence", indicator("offence_type", "violence")},
      {"theft", indicator("offence_type", "theft")},
      {"custody", indicator("sentence_type", "custody")},
      {"suspended", indicator("sentence_type", "suspended")},
      {"settled", indicator("accommodation", "settled")},
  };
  for (const auto& ref : references) {
    const std::vector<double> v = values.count(ref.name) ? values[ref.name] : column(ref.name);
    double mean = 0.0, var = 0.0;
    for (double x : v) mean += x / static_cast<double>(n);
    for (double x : v) var += (x - mean) * (x - mean) / static_cast<double>(n - 1);
    // 4 standard errors of a mean of n draws (the reference's own error is 7x smaller).
    EXPECT_NEAR(mean, ref.mean, 4.0 * ref.sd / std::sqrt(static_cast<double>(n))) << ref.name;
    EXPECT_NEAR(std::sqrt(var), ref.sd, 0.05 * ref.sd) << ref.name;
  }
}

TEST_F(SyntheticCohort, OutcomeRatesMatchTruthCoefficients) {
  const auto logit = model_terms("cohort.logit");
  const auto negbin = model_terms("cohort.negbin");
  const auto cox = model_terms("cohort.cox");
  ASSERT_EQ(logit.size(), 44u);  // intercept + 4 services + 20 covariate columns + 19 wards
  ASSERT_EQ(cox.size(), 43u);
  const Eigen::VectorXd eta_l = design(logit) * coefficients(logit);
  const Eigen::VectorXd eta_n = design(negbin) * coefficients(negbin);
  const Eigen::VectorXd eta_c = design(cox) * coefficients(cox);
  const double shape = truth("cohort.scalar", "weibull_shape");
  const double scale = truth("cohort.scalar", "weibull_scale");
  const double size = truth("cohort.scalar", "nb_size");
  const auto reoffended = column("reoffended_1y");
  const auto count = column("n_reoffences");
  const auto event = column("reoffence_event");
  const auto days = column("days_to_reoffence");
  double obs_l = 0, exp_l = 0, var_l = 0, obs_n = 0, exp_n = 0, var_n = 0, obs_e = 0, exp_e = 0,
         var_e = 0;
  for (std::size_t i = 0; i < cohort().rows(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    const double p = plogis(eta_l(k));
    obs_l += reoffended[i];
    exp_l += p;
    var_l += p * (1 - p);
    const double mu = std::exp(eta_n(k));
    obs_n += count[i];
    exp_n += mu;
    var_n += mu + mu * mu / size;
    const double q = 1.0 - std::exp(-std::pow(365.0 / scale, shape) * std::exp(eta_c(k)));
    obs_e += event[i];
    exp_e += q;
    var_e += q * (1 - q);
    ASSERT_EQ(days[i] < 365.0 || event[i] == 0.0 || days[i] == 365.0, true);
    ASSERT_LE(days[i], 365.0);
  }
  // Observed totals within 4 standard deviations of their expectation under the true model.
  EXPECT_NEAR(obs_l, exp_l, 4.0 * std::sqrt(var_l));
  EXPECT_NEAR(obs_n, exp_n, 4.0 * std::sqrt(var_n));
  EXPECT_NEAR(obs_e, exp_e, 4.0 * std::sqrt(var_e));
  EXPECT_NEAR(obs_l / static_cast<double>(cohort().rows()),
              truth("cohort.scalar", "rate_reoffended_1y"), 1e-12);
}

TEST_F(SyntheticCohort, LogisticRegressionRecoversTrueCoefficients) {
  // IRLS fit of reoffended_1y on the true model's columns (correctly specified), then Wald z of
  // each coefficient against its true value. Under the truth the z are ~N(0,1): 44 of them should
  // all lie within +-4 and their sum of squares near 44 (chi-square 44: 99.9% point 78.7).
  const auto terms = model_terms("cohort.logit");
  const Eigen::MatrixXd x = design(terms);
  const Eigen::VectorXd truth_b = coefficients(terms);
  const auto y_values = column("reoffended_1y");
  const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(y_values.data(), x.rows());
  Eigen::VectorXd b = Eigen::VectorXd::Zero(x.cols());
  Eigen::MatrixXd information;
  for (int iteration = 0; iteration < 25; ++iteration) {
    const Eigen::VectorXd p = (x * b).unaryExpr([](double e) { return plogis(e); });
    const Eigen::VectorXd w = p.cwiseProduct(Eigen::VectorXd::Ones(p.size()) - p);
    const Eigen::MatrixXd weighted_x = x.array().colwise() * w.array();
    information = x.transpose() * weighted_x;
    const Eigen::VectorXd step = information.ldlt().solve(x.transpose() * (y - p));
    b += step;
    if (step.cwiseAbs().maxCoeff() < 1e-10) break;
  }
  const Eigen::MatrixXd covariance = information.inverse();
  double chi_square = 0.0;
  for (Eigen::Index j = 0; j < b.size(); ++j) {
    const double z = (b(j) - truth_b(j)) / std::sqrt(covariance(j, j));
    chi_square += z * z;
    EXPECT_LT(std::abs(z), 4.0) << terms[static_cast<std::size_t>(j)].first << " estimate " << b(j)
                                << " truth " << truth_b(j);
  }
  EXPECT_LT(chi_square, 78.7);
}

TEST_F(SyntheticCohort, ServiceTakeUpNearTargets) {
  const std::map<std::string, double> targets = {{"idva", 0.03},
                                                 {"gang_exit", 0.02},
                                                 {"substance_misuse_treatment", 0.04},
                                                 {"employment_support", 0.03}};
  const auto& service = cohort().column("service");
  std::map<std::string, double> counts;
  for (std::size_t r = 0; r < cohort().rows(); ++r) counts[service.text(r)] += 1.0;
  const double n = static_cast<double>(cohort().rows());
  for (const auto& [name, target] : targets) {
    // 4 binomial standard errors.
    EXPECT_NEAR(counts[name] / n, target, 4.0 * std::sqrt(target * (1 - target) / n)) << name;
    EXPECT_DOUBLE_EQ(truth("service." + name, "target_rate"), target);
  }
  // treat = 1 exactly when a service was received.
  const auto treat = column("treat");
  for (std::size_t r = 0; r < cohort().rows(); ++r) {
    ASSERT_EQ(treat[r] == 1.0, service.text(r) != "none");
  }
}

TEST_F(SyntheticCohort, ServicesSelectTheirTargetGroups) {
  const auto& service = cohort().column("service");
  auto mean_by = [&](const std::string& name, const std::vector<double>& v, bool in_service) {
    double sum = 0.0, count = 0.0;
    for (std::size_t r = 0; r < v.size(); ++r) {
      const std::string s = service.text(r);
      if (in_service ? s == name : s == "none") {
        sum += v[r];
        count += 1.0;
      }
    }
    return sum / count;
  };
  const auto dv = column("dv_flag");
  const auto age = column("age");
  const auto substance = column("substance_misuse");
  const auto employed = column("employed");
  EXPECT_GT(mean_by("idva", dv, true), mean_by("idva", dv, false) + 0.3);
  EXPECT_LT(mean_by("gang_exit", age, true), mean_by("gang_exit", age, false) - 5.0);
  EXPECT_GT(mean_by("substance_misuse_treatment", substance, true),
            mean_by("substance_misuse_treatment", substance, false) + 0.3);
  EXPECT_LT(mean_by("employment_support", employed, true),
            mean_by("employment_support", employed, false) - 0.2);
}

TEST_F(SyntheticCohort, SelectionModelRecoveredAmongServiceOrNone) {
  // Among people who got service s or nothing, P(s | x) = plogis(c_s + z'g_s) exactly
  // (services.hpp). A logistic fit of that selection on the features, built here from the table,
  // must recover the true intercept and coefficients (Wald z within 4).
  const Table& t = cohort();
  const std::size_t n = t.rows();
  const auto age = column("age");
  const auto dv = column("dv_flag");
  const auto substance = column("substance_misuse");
  const auto employed = column("employed");
  const auto ogrs = column("ogrs");
  const auto custody_count = column("prior_custody");
  const auto decile = column("deprivation_decile");
  auto is = [&](const std::string& name, const std::string& level) {
    std::vector<double> v(n);
    for (std::size_t r = 0; r < n; ++r) v[r] = t.column(name).text(r) == level ? 1.0 : 0.0;
    return v;
  };
  const auto violence = is("offence_type", "violence");
  const auto drugs = is("offence_type", "drugs");
  const auto male = is("sex", "M");
  const auto custody = is("sentence_type", "custody");
  const auto settled = is("accommodation", "settled");
  auto feature = [&](const std::string& name, std::size_t r) {
    if (name == "dv_flag") return dv[r];
    if (name == "violence_offence") return violence[r];
    if (name == "drugs_offence") return drugs[r];
    if (name == "age_minus_30") return age[r] - 30.0;
    if (name == "log1p_prior_custody") return std::log1p(custody_count[r]);
    if (name == "male") return male[r];
    if (name == "custody_sentence") return custody[r];
    if (name == "unemployed") return 1.0 - employed[r];
    if (name == "substance_misuse") return substance[r];
    if (name == "ogrs") return ogrs[r];
    if (name == "unsettled_housing") return 1.0 - settled[r];
    if (name == "deprived") return decile[r] <= 3 ? 1.0 : 0.0;
    ADD_FAILURE() << "unknown selection feature " << name;
    return 0.0;
  };
  const auto& service = t.column("service");
  for (const std::string name :
       {"idva", "gang_exit", "substance_misuse_treatment", "employment_support"}) {
    std::vector<std::pair<std::string, double>> terms = {
        {"selection_intercept", truth("service." + name, "selection_intercept")}};
    for (const auto& [parameter, value] : model_terms("service." + name)) {
      if (parameter.rfind("selection/", 0) == 0) terms.emplace_back(parameter.substr(10), value);
    }
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < n; ++r) {
      if (service.text(r) == name || service.text(r) == "none") rows.push_back(r);
    }
    Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()),
                      static_cast<Eigen::Index>(terms.size()));
    Eigen::VectorXd y(x.rows());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      x(k, 0) = 1.0;
      for (std::size_t j = 1; j < terms.size(); ++j) {
        x(k, static_cast<Eigen::Index>(j)) = feature(terms[j].first, rows[i]);
      }
      y(k) = service.text(rows[i]) == name ? 1.0 : 0.0;
    }
    Eigen::VectorXd b = Eigen::VectorXd::Zero(x.cols());
    Eigen::MatrixXd information;
    for (int iteration = 0; iteration < 50; ++iteration) {
      const Eigen::VectorXd p = (x * b).unaryExpr([](double e) { return plogis(e); });
      const Eigen::VectorXd w = p.cwiseProduct(Eigen::VectorXd::Ones(p.size()) - p);
      const Eigen::MatrixXd weighted_x = x.array().colwise() * w.array();
      information = x.transpose() * weighted_x;
      const Eigen::VectorXd step = information.ldlt().solve(x.transpose() * (y - p));
      b += step;
      if (step.cwiseAbs().maxCoeff() < 1e-10) break;
    }
    const Eigen::MatrixXd covariance = information.inverse();
    for (std::size_t j = 0; j < terms.size(); ++j) {
      const auto k = static_cast<Eigen::Index>(j);
      const double z = (b(k) - terms[j].second) / std::sqrt(covariance(k, k));
      EXPECT_LT(std::abs(z), 4.0) << name << " " << terms[j].first << " estimate " << b(k)
                                  << " truth " << terms[j].second;
    }
  }
}

TEST_F(SyntheticCohort, NaiveComparisonBiasedBySelection) {
  // Services select people at higher risk of reoffending, so the naive treated-minus-untreated
  // difference in reoffending overstates it: it lies above the true (negative) ATT.
  const auto& service = cohort().column("service");
  const auto reoffended = column("reoffended_1y");
  for (const std::string name :
       {"idva", "gang_exit", "substance_misuse_treatment", "employment_support"}) {
    double treated = 0, treated_sum = 0, untreated = 0, untreated_sum = 0;
    for (std::size_t r = 0; r < cohort().rows(); ++r) {
      const std::string s = service.text(r);
      if (s == name) {
        treated += 1;
        treated_sum += reoffended[r];
      } else if (s == "none") {
        untreated += 1;
        untreated_sum += reoffended[r];
      }
    }
    const double naive = treated_sum / treated - untreated_sum / untreated;
    const double att = truth("service." + name, "att_rd_reoffended_1y");
    EXPECT_LT(att, -0.02) << name;  // every service helps
    EXPECT_GT(naive - att, 0.02) << name << " naive " << naive << " att " << att;
  }
}

TEST_F(SyntheticCohort, TrueAttMatchesItsDefinition) {
  // ATT = mean over the treated of plogis(eta) - plogis(eta - a_s), as gen_cohort.R, recomputed
  // from the table and the truth coefficients.
  const auto terms = model_terms("cohort.logit");
  const Eigen::VectorXd eta = design(terms) * coefficients(terms);
  const auto& service = cohort().column("service");
  for (const std::string name :
       {"idva", "gang_exit", "substance_misuse_treatment", "employment_support"}) {
    const double a = truth("cohort.logit", "service" + name);
    EXPECT_DOUBLE_EQ(a, truth("service." + name, "effect_logit"));
    double sum = 0.0, count = 0.0;
    for (std::size_t r = 0; r < cohort().rows(); ++r) {
      if (service.text(r) != name) continue;
      const double e = eta(static_cast<Eigen::Index>(r));
      sum += plogis(e) - plogis(e - a);
      count += 1.0;
    }
    EXPECT_NEAR(sum / count, truth("service." + name, "att_rd_reoffended_1y"), 1e-12) << name;
  }
}

TEST_F(SyntheticCohort, ParticipantsAndCostsConsistent) {
  const Table& services = city().services;
  const Table& costs = city().service_costs;
  const auto ids = services.column("id").ints();
  const auto starts = services.column("start_date").ints();
  const auto release = cohort().column("release_date").ints();
  const auto& cohort_service = cohort().column("service");
  std::size_t treated = 0;
  for (auto t : cohort().column("treat").ints()) treated += t == 1 ? 1 : 0;
  ASSERT_EQ(services.rows(), treated);
  for (std::size_t r = 0; r < services.rows(); ++r) {
    const auto row = static_cast<std::size_t>(ids[r] - 1);  // ids are 1..N in row order
    ASSERT_EQ(cohort().column("id").ints()[row], ids[r]);
    EXPECT_EQ(services.column("service").text(r), cohort_service.text(row));
    EXPECT_GE(starts[r], release[row]);
    EXPECT_LE(starts[r], release[row] + 42);
  }
  EXPECT_EQ(costs.rows(), 16u);  // 4 services x 2016-2019
  std::int64_t participants = 0;
  const auto cost = costs.column("annual_cost_gbp").to_doubles();
  for (std::size_t r = 0; r < costs.rows(); ++r) {
    participants += costs.column("participants").ints()[r];
    const double base =
        truth("service." + costs.column("service").text(r), "annual_cost_gbp_2019_prices");
    EXPECT_NEAR(cost[r], base, 0.2 * base);
    EXPECT_GT(cost[r], 50000.0);
    EXPECT_LT(cost[r], 1000000.0);
  }
  EXPECT_EQ(participants, static_cast<std::int64_t>(services.rows()));
}

}  // namespace
}  // namespace harmcast
