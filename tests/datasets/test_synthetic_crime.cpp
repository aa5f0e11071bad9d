// Recovery checks of the synthetic city's crime panel against its known truth: the generator's
// parameters must be recoverable from the generated counts by simple, independent estimators
// written here (least squares on log city totals, moment estimators, pre/post ratios).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "datasets/synthetic/synthetic_city.hpp"
#include "datasets/synthetic/truth.hpp"

namespace harmcast {
namespace {

using synthetic::truth_value;

class SyntheticCrime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { city_ = new SyntheticCity(generate_synthetic_city({})); }
  static void TearDownTestSuite() {
    delete city_;
    city_ = nullptr;
  }
  static const SyntheticCity& city() { return *city_; }

  enum class Part { All, Public, Domestic };

  // Monthly totals of one crime type over the given wards (all wards when empty).
  static std::vector<double> totals(const std::string& type, Part part,
                                    const std::set<std::string>& wards = {}) {
    const Table& crime = city().crime;
    const auto& ward = crime.column("ward");
    const auto& crime_type = crime.column("crime_type");
    const auto month = crime.column("month").ints();
    const auto count = crime.column("count").ints();
    const auto domestic = crime.column("domestic_abuse").ints();
    std::int64_t first = month[0];
    for (auto m : month) first = std::min(first, m);
    std::vector<double> out;
    for (std::size_t r = 0; r < crime.rows(); ++r) {
      if (crime_type.text(r) != type) continue;
      if (!wards.empty() && !wards.count(ward.text(r))) continue;
      const auto t = static_cast<std::size_t>(month[r] - first);
      if (out.size() <= t) out.resize(t + 1, 0.0);
      const double value = part == Part::All      ? count[r]
                           : part == Part::Public ? count[r] - domestic[r]
                                                  : domestic[r];
      out[t] += value;
    }
    return out;
  }

  // OLS of log(y_t) on intercept, t / 12, 11 calendar-month dummies (first month of the panel
  // is April) and optional step dummies 1[t >= step]. Returns the coefficients.
  static Eigen::VectorXd log_linear_fit(const std::vector<double>& y, std::size_t months,
                                        const std::vector<std::size_t>& steps) {
    const Eigen::Index p = 2 + 11 + static_cast<Eigen::Index>(steps.size());
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(months), p);
    Eigen::VectorXd z(static_cast<Eigen::Index>(months));
    for (std::size_t t = 0; t < months; ++t) {
      const auto row = static_cast<Eigen::Index>(t);
      x(row, 0) = 1.0;
      x(row, 1) = static_cast<double>(t) / 12.0;
      const int calendar = static_cast<int>((t + 3) % 12);  // 0 = January
      if (calendar > 0) x(row, 1 + calendar) = 1.0;
      for (std::size_t s = 0; s < steps.size(); ++s) {
        x(row, 13 + static_cast<Eigen::Index>(s)) = t >= steps[s] ? 1.0 : 0.0;
      }
      z(row) = std::log(y[t]);
    }
    return x.colPivHouseholderQr().solve(z);
  }

  static double truth(const std::string& component, const std::string& parameter) {
    return truth_value(city().truth, component, parameter);
  }

  static SyntheticCity* city_;
};
SyntheticCity* SyntheticCrime::city_ = nullptr;

constexpr std::size_t kPilotStart = 72;      // 2019-04 is month 72 of a panel from 2013-04
constexpr std::size_t kRecordingShift = 24;  // 2015-04

TEST_F(SyntheticCrime, ShapeTypesMonthsAndWards) {
  const Table& crime = city().crime;
  EXPECT_GE(crime.column("crime_type").levels().size(), 12u);
  EXPECT_EQ(crime.column("ward").levels().size(), 20u);
  std::set<std::int64_t> months(crime.column("month").ints().begin(),
                                crime.column("month").ints().end());
  EXPECT_GE(months.size(), 84u);
  EXPECT_EQ(crime.column("month").period(0).to_string(), "2013-04");
  EXPECT_EQ(crime.rows(), 20u * 12u * 96u);
  for (auto value : crime.column("domestic_abuse").ints()) ASSERT_GE(value, 0);
}

TEST_F(SyntheticCrime, RealisticLevels) {
  // Most ward-month counts are small, city totals of the main types run in the hundreds.
  const auto count = city().crime.column("count").ints();
  std::size_t under_20 = 0;
  for (auto c : count) under_20 += c < 20 ? 1 : 0;
  EXPECT_GT(static_cast<double>(under_20) / static_cast<double>(count.size()), 0.6);
  int in_hundreds = 0;
  for (const auto& type : city().crime.column("crime_type").levels()) {
    const auto y = totals(type, Part::All);
    double mean = 0.0;
    for (double v : y) mean += v / static_cast<double>(y.size());
    EXPECT_GT(mean, 5.0) << type;
    EXPECT_LT(mean, 2000.0) << type;
    in_hundreds += mean >= 100.0 ? 1 : 0;
  }
  EXPECT_GE(in_hundreds, 7);
}

TEST_F(SyntheticCrime, ViolenceWithInjuryTrendRecovered) {
  // Non-domestic violence with injury: log-linear fit with month dummies and a pilot step.
  const auto y = totals("violence_with_injury", Part::Public);
  const auto b = log_linear_fit(y, y.size(), {kPilotStart});
  const double true_trend = truth("crime.violence_with_injury", "trend_public_per_year");
  EXPECT_NEAR(b(1), true_trend, 0.015);
  EXPECT_GT(b(1), 0.0);  // public-place violence rising
}

TEST_F(SyntheticCrime, AcquisitiveCrimeFallingAtTrueRates) {
  for (const std::string type : {"burglary", "vehicle_crime", "theft", "robbery"}) {
    auto y = totals(type, Part::All);
    // Burglary carries a ward-level shift in W07: leave that ward out.
    if (type == "burglary") {
      std::set<std::string> others;
      for (int w = 1; w <= 20; ++w) {
        if (w != 7) others.insert((w < 10 ? "W0" : "W") + std::to_string(w));
      }
      y = totals(type, Part::All, others);
    }
    const auto b = log_linear_fit(y, y.size(), {});
    const double true_trend = truth("crime." + type, "trend_public_per_year");
    EXPECT_LT(b(1), 0.0) << type;
    // Robbery totals ~30 a month are noisier: a wider band.
    EXPECT_NEAR(b(1), true_trend, type == "robbery" ? 0.03 : 0.015) << type;
  }
}

TEST_F(SyntheticCrime, DomesticAbuseReportingRises) {
  const auto y = totals("violence_with_injury", Part::Domestic);
  const auto b = log_linear_fit(y, y.size(), {kPilotStart});
  EXPECT_NEAR(b(1), truth("crime.violence_with_injury", "trend_domestic_per_year"), 0.02);
  // The domestic share of violence with injury is higher in the last year than in the first.
  const auto all = totals("violence_with_injury", Part::All);
  double first = 0, first_all = 0, last = 0, last_all = 0;
  for (std::size_t t = 0; t < 12; ++t) {
    first += y[t];
    first_all += all[t];
    last += y[84 + t];
    last_all += all[84 + t];
  }
  EXPECT_NEAR(first / first_all, truth("crime.violence_with_injury", "domestic_share_first_month"),
              0.04);
  EXPECT_GT(last / last_all, first / first_all + 0.03);
}

TEST_F(SyntheticCrime, ViolenceSeasonalityPeaksInSummerAndDecember) {
  const auto y = totals("violence_with_injury", Part::Public);
  const auto b = log_linear_fit(y, y.size(), {kPilotStart});
  // Month effects relative to January (dummies 1..11 = February..December), centred.
  std::vector<double> effect(12, 0.0);
  for (int m = 1; m < 12; ++m) effect[static_cast<std::size_t>(m)] = b(1 + m);
  const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                         "jul", "aug", "sep", "oct", "nov", "dec"};
  auto true_effect = [&](std::size_t m) {
    return truth("crime.violence_with_injury", std::string("season_") + names[m]);
  };
  // Summer (June-August) against late winter (January-March): residual sd of the log city total
  // is about 0.09, so this contrast of 18 + 18 months has a standard error near 0.03.
  const double summer = (effect[5] + effect[6] + effect[7]) / 3.0;
  const double winter = (effect[0] + effect[1] + effect[2]) / 3.0;
  const double true_summer = (true_effect(5) + true_effect(6) + true_effect(7)) / 3.0;
  const double true_winter = (true_effect(0) + true_effect(1) + true_effect(2)) / 3.0;
  EXPECT_GT(summer - winter, 0.0);
  EXPECT_NEAR(summer - winter, true_summer - true_winter, 0.09);
  // December peak: above November and January (standard error of each contrast about 0.045).
  EXPECT_GT(effect[11] - effect[10], 0.0);
  EXPECT_GT(effect[11] - effect[0], 0.0);
  EXPECT_NEAR(effect[11] - effect[10], true_effect(11) - true_effect(10), 0.14);
}

TEST_F(SyntheticCrime, RecordingPracticeShiftRecovered) {
  // The domestic and public parts trend at 0.10 and 0.06 a year; their sum is log-linear to
  // within 0.003 over eight years, so one trend and one step fit the total. The step estimate
  // has a standard error near 0.03 (residual sd 0.09, AR(1) latent noise).
  const auto y = totals("violence_without_injury", Part::All);
  const auto b = log_linear_fit(y, y.size(), {kRecordingShift});
  EXPECT_NEAR(b(13), truth("crime.level_shift", "violence_without_injury/all/2015-04"), 0.08);
  EXPECT_GT(b(13), 0.1);
  EXPECT_GT(y.back(), y.front());
}

TEST_F(SyntheticCrime, OverdispersionMatchesNegativeBinomialSize) {
  // Moment estimator of 1/size from first differences of each ward series:
  // Var(y_t - y_{t-1}) / 2 ~ mu + mu^2 / size when mu changes slowly. Pooled over wards.
  const Table& crime = city().crime;
  const auto& ward = crime.column("ward");
  const auto& type_column = crime.column("crime_type");
  const auto count = crime.column("count").ints();
  const auto domestic = crime.column("domestic_abuse").ints();
  for (const std::string type : {"burglary", "theft", "anti_social_behaviour", "vehicle_crime"}) {
    std::map<std::string, std::vector<double>> series;
    for (std::size_t r = 0; r < crime.rows(); ++r) {
      if (type_column.text(r) == type) {
        series[ward.text(r)].push_back(static_cast<double>(count[r] - domestic[r]));
      }
    }
    double excess = 0.0, squared_mean = 0.0, variance_ratio = 0.0;
    for (const auto& [id, y] : series) {
      if (type == "anti_social_behaviour" && id == "W14") continue;  // level shift
      if (type == "burglary" && id == "W07") continue;
      double mean = 0.0;
      for (double v : y) mean += v / static_cast<double>(y.size());
      double diff_mean = 0.0, diff_var = 0.0;
      const double n = static_cast<double>(y.size() - 1);
      for (std::size_t t = 1; t < y.size(); ++t) diff_mean += (y[t] - y[t - 1]) / n;
      for (std::size_t t = 1; t < y.size(); ++t) {
        diff_var += (y[t] - y[t - 1] - diff_mean) * (y[t] - y[t - 1] - diff_mean) / (n - 1.0);
      }
      excess += diff_var / 2.0 - mean;
      squared_mean += mean * mean;
      variance_ratio += diff_var / 2.0 / mean / static_cast<double>(series.size());
    }
    const double inverse_size = excess / squared_mean;
    const double true_inverse = 1.0 / truth("crime." + type, "nb_size");
    EXPECT_GT(variance_ratio, 1.5) << type;  // clearly more variable than Poisson
    EXPECT_NEAR(inverse_size, true_inverse, 0.35 * true_inverse) << type;
  }
}

TEST_F(SyntheticCrime, PilotEffectVisibleAgainstControlWards) {
  std::set<std::string> pilot, control;
  const Table& pilot_table = city().pilot;
  for (std::size_t r = 0; r < pilot_table.rows(); ++r)
    pilot.insert(pilot_table.column("ward").text(r));
  ASSERT_EQ(pilot.size(), 3u);
  for (int w = 1; w <= 20; ++w) {
    const std::string id = (w < 10 ? "W0" : "W") + std::to_string(w);
    if (!pilot.count(id)) control.insert(id);
  }
  EXPECT_EQ(pilot_table.column("start_month").period(0).to_string(), "2019-04");
  const double true_effect = truth("pilot", "effect_multiplier");
  EXPECT_DOUBLE_EQ(pilot_table.column("effect_multiplier").numeric(0), true_effect);

  // Pre/post ratio in pilot wards over the same ratio in control wards. Both periods are whole
  // years (72 and 24 months), so seasonality cancels; the trend is common to all wards.
  auto ratio = [&](const std::string& type) {
    const auto p = totals(type, Part::All, pilot);
    const auto c = totals(type, Part::All, control);
    double p_pre = 0, p_post = 0, c_pre = 0, c_post = 0;
    for (std::size_t t = 0; t < p.size(); ++t) {
      (t < kPilotStart ? p_pre : p_post) += p[t];
      (t < kPilotStart ? c_pre : c_post) += c[t];
    }
    return (p_post / p_pre) / (c_post / c_pre);
  };
  const double effect = ratio("violence_with_injury");
  EXPECT_GT(effect, 0.75);
  EXPECT_LT(effect, 0.95);
  EXPECT_NEAR(effect, true_effect, 0.07);
  // Placebo: the pilot does not touch violence without injury.
  EXPECT_NEAR(ratio("violence_without_injury"), 1.0, 0.08);
}

TEST_F(SyntheticCrime, WardLevelShiftRecovered) {
  // W07 burglary steps up by exp(0.35) from 2017-09 (month 53) against the other wards.
  std::set<std::string> others;
  for (int w = 1; w <= 20; ++w) {
    if (w != 7) others.insert((w < 10 ? "W0" : "W") + std::to_string(w));
  }
  const auto w07 = totals("burglary", Part::All, {"W07"});
  const auto rest = totals("burglary", Part::All, others);
  double a_pre = 0, a_post = 0, b_pre = 0, b_post = 0;
  for (std::size_t t = 0; t < w07.size(); ++t) {
    (t < 53 ? a_pre : a_post) += w07[t];
    (t < 53 ? b_pre : b_post) += rest[t];
  }
  const double log_ratio = std::log((a_post / a_pre) / (b_post / b_pre));
  EXPECT_NEAR(log_ratio, truth("crime.level_shift", "burglary/W07/2017-09"), 0.2);
}

TEST_F(SyntheticCrime, WardLevelsSumToCityLevel) {
  // The truth table's ward levels of each type add up to its city level.
  for (const auto& type : city().crime.column("crime_type").levels()) {
    double sum = 0.0;
    for (int w = 1; w <= 20; ++w) {
      sum += truth("crime." + type + ".ward_level", (w < 10 ? "W0" : "W") + std::to_string(w));
    }
    EXPECT_NEAR(sum, truth("crime." + type, "city_level_first_month"), 1e-9 * sum) << type;
  }
}

}  // namespace
}  // namespace harmcast
