// fit_ets against R's forecast::ets (R 4.2.2, forecast 8.20; values made by
// tests/data/timeseries/make_ets_reference.R): the automatic choice on the classic series,
// given models of every forecast class, and the constant / very short series.
//
// Agreement: our Nelder-Mead follows R's path (same starting values and objective to the last
// bit where R's arithmetic allows), so even fits that stop at R's 2000-evaluation limit end at
// R's point: smoothing parameters, log-likelihood, criteria, fitted values, forecasts and
// intervals agree to kRel relative, and our log-likelihood is never below R's (kLikSlack). The
// one case whose path departs is listed in kPathDiffers with the reason; there the model is
// still R's and the log-likelihood agrees to kPathLik.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "models/timeseries/ets.hpp"
#include "tests/timeseries/test_arima_reference_data.hpp"

namespace harmcast::timeseries {
namespace {

using harmcast::testing::close;
using harmcast::testing::parse_value;
using harmcast::testing::read_csv_rows;

constexpr double kRel = 1e-4;       // relative tolerance where the optimum is R's
constexpr double kLikSlack = 1e-6;  // relative slack on "our loglik >= R's"
constexpr double kPathLik = 2e-4;   // relative log-likelihood agreement when the path departs

struct RModel {
  std::string series, model;
  double loglik, aic, aicc, bic, sigma2, alpha, beta, gamma, phi;
};

std::map<std::string, RModel> r_models() {
  std::map<std::string, RModel> out;
  for (const auto& r : read_csv_rows("timeseries/ets_models.csv"))
    out[r[0]] = {r[1],
                 r[2],
                 parse_value(r[3]),
                 parse_value(r[4]),
                 parse_value(r[5]),
                 parse_value(r[6]),
                 parse_value(r[7]),
                 parse_value(r[8]),
                 parse_value(r[9]),
                 parse_value(r[10]),
                 parse_value(r[11])};
  return out;
}

std::map<std::string, std::vector<double>> r_vectors() {
  std::map<std::string, std::vector<double>> out;
  for (const auto& r : read_csv_rows("timeseries/ets_reference.csv"))
    out[r[0] + "/" + r[1]].push_back(parse_value(r[3]));
  return out;
}

Series named_series(const std::string& name) {
  if (name == "constant") return {std::vector<double>(20, 3.0), 12, name, {}};
  if (name == "tiny") return {{5, 7, 6, 8, 9, 7}, 1, name, {}};
  return harmcast::testing::classic_series(name);
}

// R's model code ("MAdM") -> options for that model.
EtsOptions options_for(const std::string& code) {
  EtsOptions o;
  o.model = {code[0], code[1], code.back()};
  o.damped = code.size() == 4;
  return o;
}

// "ETS(M,Ad,M)" -> "MAdM".
std::string code_of(const std::string& description) {
  std::string out;
  for (char c : description.substr(3))
    if (c != '(' && c != ')' && c != ',') out += c;
  return out;
}

void expect_vector_close(const std::vector<double>& ours, const std::vector<double>& r, double rel,
                         const std::string& what) {
  ASSERT_EQ(ours.size(), r.size()) << what;
  double scale = 0;
  for (double v : r) scale = std::max(scale, std::abs(v));
  for (std::size_t i = 0; i < r.size(); ++i)
    EXPECT_TRUE(close(ours[i], r[i], rel, rel * scale))
        << what << "[" << i << "]: ours " << ours[i] << " R " << r[i];
}

// Compares a fit with R's record `case_name`; `exact` when our optimum should be R's.
void compare(const EtsModel& fit, const std::string& case_name, bool exact) {
  static const auto models = r_models();
  static const auto vectors = r_vectors();
  const RModel& r = models.at(case_name);
  const auto vec = [&](const std::string& q) { return vectors.at(case_name + "/" + q); };
  EXPECT_EQ(code_of(fit.description()), r.model) << case_name;
  if (std::isnan(r.loglik)) {
    EXPECT_FALSE(fit.log_likelihood()) << case_name;
  } else {
    ASSERT_TRUE(fit.log_likelihood()) << case_name;
    if (exact) {
      EXPECT_GE(*fit.log_likelihood(), r.loglik - kLikSlack * std::abs(r.loglik)) << case_name;
    } else {
      EXPECT_TRUE(close(*fit.log_likelihood(), r.loglik, kPathLik, 0)) << case_name;
    }
  }
  if (!exact) return;
  if (!std::isnan(r.loglik)) {
    EXPECT_TRUE(close(*fit.log_likelihood(), r.loglik, kRel, 0)) << case_name;
    EXPECT_TRUE(close(*fit.aicc(), r.aicc, kRel, 0)) << case_name;
    EXPECT_TRUE(close(*fit.bic(), r.bic, kRel, 0)) << case_name;
  }
  EXPECT_TRUE(close(fit.sigma2(), r.sigma2, 10 * kRel, 0)) << case_name;
  EXPECT_TRUE(close(fit.smoothing().alpha, r.alpha, 10 * kRel, 1e-6)) << case_name;
  if (!std::isnan(r.beta)) {
    EXPECT_TRUE(close(fit.smoothing().beta, r.beta, 10 * kRel, 1e-6)) << case_name;
  }
  if (!std::isnan(r.gamma)) {
    EXPECT_TRUE(close(fit.smoothing().gamma, r.gamma, 10 * kRel, 1e-6)) << case_name;
  }
  if (!std::isnan(r.phi)) {
    EXPECT_TRUE(close(fit.smoothing().phi, r.phi, 10 * kRel, 1e-6)) << case_name;
  }
  expect_vector_close(fit.fitted(), vec("fitted"), kRel, case_name + " fitted");
  expect_vector_close(fit.innovations(), vec("residuals"), 10 * kRel, case_name + " residuals");
  ForecastRequest request;
  request.horizon = static_cast<int>(vec("mean").size());
  const Forecast fc = fit.forecast(request);
  expect_vector_close(fc.mean, vec("mean"), kRel, case_name + " mean");
  if (fit.structure().trend == EtsType::kMultiplicative) return;  // simulated: test_ets_models
  expect_vector_close(fc.at_level(80).lower, vec("lo80"), kRel, case_name + " lo80");
  expect_vector_close(fc.at_level(95).upper, vec("hi95"), kRel, case_name + " hi95");
}

// Automatic choices whose Nelder-Mead path departs from R's: for S00008 the chosen ETS(M,N,M)
// stops at the 2000-evaluation limit both in R and here, after paths that separate on the way
// (most likely our Schur-Cohn test and R's polyroot decide a point on the admissible boundary
// differently, or a near-tie in the simplex ordering flips). The end points differ: our
// log-likelihood is -500.601 against R's -500.562 (8e-5 relative), the model chosen is the same
// (next best in R's ets_candidates.csv: ETS(M,N,A), AICc 1037.81 against 1037.20 here).
const std::set<std::string> kPathDiffers = {"S00008"};

class EtsAutomatic : public ::testing::TestWithParam<std::string> {};

TEST_P(EtsAutomatic, ChoosesRsModel) {
  const std::string name = GetParam();
  const auto fit = fit_ets(named_series(name));
  compare(*fit, "auto_" + name, kPathDiffers.count(name) == 0);
}

INSTANTIATE_TEST_SUITE_P(ClassicSeries, EtsAutomatic,
                         ::testing::ValuesIn(harmcast::testing::classic_series_names()),
                         [](const auto& info) { return info.param; });

class EtsGiven : public ::testing::TestWithParam<std::string> {};

TEST_P(EtsGiven, MatchesR) {
  const std::string case_name = GetParam();
  static const auto models = r_models();
  const RModel& r = models.at(case_name);
  const auto fit = fit_ets(named_series(r.series), options_for(r.model));
  compare(*fit, case_name, true);
}

INSTANTIATE_TEST_SUITE_P(Models, EtsGiven,
                         ::testing::Values("AirPassengers_MAM", "AirPassengers_MAdM",
                                           "AirPassengers_MNM", "AirPassengers_AAA",
                                           "USAccDeaths_ANA", "USAccDeaths_MAdA", "Nile_ANN",
                                           "WWWusage_AAdN", "WWWusage_MAN", "lynx_MNN"));

TEST(EtsSpecialSeries, ConstantSeriesIsSesWithZeroVariance) {
  const auto fit = fit_ets(named_series("constant"));
  compare(*fit, "constant", true);
  EXPECT_NE(fit->summary().message.find("constant"), std::string::npos);
}

TEST(EtsSpecialSeries, TinySeriesUsesLeastSquares) {
  const auto fit = fit_ets(named_series("tiny"));
  // R's L-BFGS-B and our grid + polish reach the same least-squares minimum to ~1e-3.
  compare(*fit, "tiny", false);
  const auto v = r_vectors();
  ForecastRequest request;
  request.horizon = 10;
  expect_vector_close(fit->forecast(request).mean, v.at("tiny/mean"), 1e-3, "tiny mean");
  EXPECT_FALSE(fit->log_likelihood());
}

}  // namespace
}  // namespace harmcast::timeseries
