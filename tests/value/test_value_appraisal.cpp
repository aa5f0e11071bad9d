// Value for money: unit costs, uprating, Green Book discounting and the deterministic appraisal,
// checked against hand-computed answers (arithmetic in the comments).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "engine/core/error.hpp"
#include "models/value/appraisal.hpp"
#include "tests/support/paths.hpp"

namespace harmcast::value {
namespace {

constexpr double kPenny = 0.005;

UnitCostTable small_table() {
  UnitCostTable table;
  table.price_year = "2015/16";
  table.source = "test";
  table.costs = {{"violence_with_injury", 20, 11190, 2840, 14050},
                 {"domestic_burglary", 1280, 3970, 680, 5930},
                 {"theft_of_vehicle", 1330, 8430, 530, 10290},
                 {"theft_from_vehicle", 230, 560, 80, 870}};
  return table;
}

DeflatorSeries small_deflator() {
  DeflatorSeries deflator;
  deflator.source = "test";
  deflator.years = {{2015, 100.0}, {2018, 105.8}, {2023, 128.0}};
  return deflator;
}

template <typename F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no harmcast::Error thrown>";
}

std::string write_file(const std::string& name, const std::string& text) {
  const auto path = harmcast::testing::fresh_temp_dir("value_loader") / name;
  std::ofstream(path) << text;
  return path.string();
}

// 3 years, £100,000 a year, 10 offences of violence with injury (£14,050 each) averted a year
// (baseline 100, effect 10%), 2015/16 prices, Green Book 3.5%, flows at the start of each year:
//   D = 1, 1/1.035 = 0.966183574879227, 1/1.035^2 = 0.933510700366403; sum D = 2.89969427524563
//   PVC = 100,000 x 2.89969427524563 = 289,969.43
//   PVB = 10 x 14,050 x 2.89969427524563 = 407,407.05
//   NPV = 117,437.62; BCR = 14,050 / 10,000 = 1.405; cost per offence = 289,969.43 / 30 = 9,665.65
TEST(ValueAppraisal, ThreeYearHandComputedNpvToThePenny) {
  AppraisalInputs inputs;
  inputs.costs = {{"staff", CostKind::annual, 100000.0, "2015/16", 0, -1, {}}};
  inputs.benefits = {{"violence_with_injury", {100, 100, 100}}};
  inputs.effect.central = 0.1;
  AppraisalOptions options;
  options.unit_costs = small_table();
  const auto result = appraise(inputs, options);
  ASSERT_EQ(result.years.size(), 3u);
  EXPECT_NEAR(result.pv_costs, 289969.43, kPenny);
  EXPECT_NEAR(result.pv_benefits, 407407.05, kPenny);
  EXPECT_NEAR(result.npv, 117437.62, kPenny);
  ASSERT_TRUE(result.benefit_cost_ratio.has_value());
  EXPECT_NEAR(*result.benefit_cost_ratio, 1.405, 1e-12);
  EXPECT_NEAR(result.offences_averted, 30.0, 1e-9);
  ASSERT_TRUE(result.cost_per_offence_averted.has_value());
  EXPECT_NEAR(*result.cost_per_offence_averted, 9665.65, kPenny);
  EXPECT_NEAR(result.years[2].discount_factor, 0.933510700366403, 1e-14);
  EXPECT_NEAR(result.years[1].pv_benefits, 140500.0 / 1.035, 1e-6);

  // The same offences averted given directly (as from the scenario simulation): effect 1.
  inputs.benefits = {{"violence_with_injury", {10, 10, 10}}};
  inputs.effect = {1.0, EffectDistribution::fixed, 0.0};
  const auto direct = appraise(inputs, options);
  EXPECT_NEAR(direct.npv, 117437.62, kPenny);
  EXPECT_NEAR(direct.offences_averted, 30.0, 1e-12);
}

// One-off £50,000 in year 0, £200 per participant for 10, 20, 30 participants, optimism bias 20%,
// all in 2018/19 prices; 10 domestic burglaries averted a year valued at £5,930 (2015/16) x
// 105.8/100 = £6,273.94 (2018/19).
//   costs = 1.2 x (52,000, 4,000, 6,000) = 62,400, 4,800, 7,200
//   PVC = 62,400 + 4,800/1.035 + 7,200/1.035^2 = 62,400 + 4,637.68 + 6,721.28 = 73,758.96
//   PVB = 62,739.4 x 2.89969427524563 = 181,925.08;  NPV = 108,166.12
TEST(ValueAppraisal, OneOffPerParticipantOptimismBiasAndUprating) {
  AppraisalInputs inputs;
  inputs.costs = {{"set-up", CostKind::one_off, 50000.0, "2018/19", 0, -1, {}},
                  {"places", CostKind::per_participant, 200.0, "", 0, -1, {10, 20, 30}}};
  inputs.benefits = {{"burglary", {100, 100, 100}}};  // police type -> domestic burglary
  inputs.effect.central = 0.1;
  AppraisalOptions options;
  options.price_year = "2018/19";
  options.optimism_bias = 0.2;
  options.unit_costs = small_table();
  options.deflator = small_deflator();
  const auto result = appraise(inputs, options);
  EXPECT_NEAR(result.years[0].costs, 62400.0, 1e-9);
  EXPECT_NEAR(result.unit_costs[0], 6273.94, 1e-9);
  EXPECT_NEAR(result.pv_costs, 73758.96, kPenny);
  EXPECT_NEAR(result.pv_benefits, 181925.08, kPenny);
  EXPECT_NEAR(result.npv, 108166.12, kPenny);
}

TEST(ValueDiscounting, GreenBookDecliningScheduleAtYears31And76) {
  DiscountOptions options;  // green_book_declining, year_start
  const auto d = discount_factors(80, options);
  EXPECT_DOUBLE_EQ(d[0], 1.0);
  EXPECT_NEAR(d[30], std::pow(1.035, -30), 1e-15);
  // 1.035^-30 x 1.03^-1 = 0.3459013695167984 (python3)
  EXPECT_NEAR(d[31] / 0.3459013695167984, 1.0, 1e-13);
  // 1.035^-30 x 1.03^-45 x 1.025^-1 = 0.0919158756845771 (python3)
  EXPECT_NEAR(d[76] / 0.0919158756845771, 1.0, 1e-13);
  EXPECT_DOUBLE_EQ(discount_rate_for_year(126, options), 0.020);
  EXPECT_DOUBLE_EQ(discount_rate_for_year(201, options), 0.015);
  EXPECT_DOUBLE_EQ(discount_rate_for_year(301, options), 0.010);

  DiscountOptions constant;
  constant.schedule = DiscountSchedule::constant;
  constant.constant_rate = 0.015;
  EXPECT_NEAR(discount_factors(11, constant)[10], std::pow(1.015, -10), 1e-15);
  DiscountOptions mid;
  mid.timing = FlowTiming::mid_year;
  EXPECT_NEAR(discount_factors(2, mid)[0], 1.0 / std::sqrt(1.035), 1e-15);
  EXPECT_NEAR(discount_factors(2, mid)[1], 1.0 / std::pow(1.035, 1.5), 1e-15);

  DiscountOptions bad;
  bad.schedule = DiscountSchedule::constant;
  bad.constant_rate = 1.5;
  EXPECT_NE(error_message([&] { bad.validate(); }).find("constant_rate"), std::string::npos);
}

TEST(ValueUprating, RoundTripAndMissingYear) {
  const auto deflator = small_deflator();
  // 1,000 x 128 / 100 = 1,280 and back.
  const double up = uprate(1000.0, "2015/16", "2023/24", deflator);
  EXPECT_NEAR(up, 1280.0, 1e-9);
  EXPECT_NEAR(uprate(up, "2023/24", "2015/16", deflator), 1000.0, 1e-9);
  EXPECT_EQ(uprate(5.0, "2030/31", "2030/31", deflator), 5.0);  // same year: no lookup
  const auto message = error_message([&] { uprate(1.0, "2015/16", "2024/25", deflator); });
  EXPECT_NE(message.find("price year 2024/25 has no deflator value (the series covers 2015/16 to "
                         "2023/24)"),
            std::string::npos)
      << message;
}

TEST(ValueUprating, AppraisalWithCostInYearWithoutDeflatorNamesTheYear) {
  AppraisalInputs inputs;
  inputs.costs = {{"staff", CostKind::annual, 1000.0, "2030/31", 0, -1, {}}};
  inputs.benefits = {{"violence_with_injury", {1, 1}}};
  inputs.effect.central = 0.1;
  AppraisalOptions options;
  options.unit_costs = small_table();
  options.deflator = small_deflator();
  const auto message = error_message([&] { appraise(inputs, options); });
  EXPECT_NE(message.find("2030/31"), std::string::npos) << message;
}

TEST(ValueAppraisal, NegativeCostIsAnError) {
  AppraisalInputs inputs;
  inputs.costs = {{"refund", CostKind::annual, -5.0, "", 0, -1, {}}};
  inputs.benefits = {{"violence_with_injury", {1, 1}}};
  AppraisalOptions options;
  options.unit_costs = small_table();
  const auto message = error_message([&] { appraise(inputs, options); });
  EXPECT_NE(message.find("negative"), std::string::npos) << message;
  EXPECT_NE(message.find("refund"), std::string::npos) << message;
}

TEST(ValueUnitCosts, MissingUnitCostForTargetedTypeIsAnError) {
  AppraisalInputs inputs;
  inputs.benefits = {{"shoplifting", {1, 1}}};
  inputs.effect.central = 0.1;
  AppraisalOptions options;
  options.unit_costs = small_table();
  const auto message = error_message([&] { appraise(inputs, options); });
  EXPECT_NE(message.find("unit cost missing for crime type 'shoplifting'"), std::string::npos)
      << message;
  // A mapped police type whose category is absent from the table is also named.
  const auto category = error_message(
      [&] { unit_cost_per_offence("sexual_offences", small_table(), options.mapping); });
  EXPECT_NE(category.find("'rape'"), std::string::npos) << category;
}

TEST(ValueUnitCosts, PoliceTypeMapping) {
  auto mapping = default_police_type_mapping();
  const auto table = small_table();
  // 0.3 x 10,290 + 0.7 x 870 = 3,087 + 609 = 3,696
  EXPECT_NEAR(unit_cost_per_offence("vehicle_crime", table, mapping), 3696.0, 1e-9);
  EXPECT_EQ(unit_cost_per_offence("public_order", table, mapping), 0.0);
  for (const char* type :
       {"violence_with_injury", "violence_without_injury", "sexual_offences", "robbery", "burglary",
        "vehicle_crime", "theft", "criminal_damage_arson", "public_order", "drugs",
        "possession_of_weapons", "anti_social_behaviour"}) {
    ASSERT_NE(mapping.find(type), nullptr) << type;
    EXPECT_FALSE(mapping.find(type)->note.empty()) << type;
  }
  for (auto& type : mapping.types) {
    if (type.police_type == "drugs") type.user_cost = 500.0;
  }
  EXPECT_EQ(unit_cost_per_offence("drugs", table, mapping), 500.0);
}

TEST(ValueUnitCosts, ShippedTableLoadsAndCoversTheMapping) {
  const auto path =
      (harmcast::testing::source_dir() / "datasets/data/unit_costs_home_office_2018.csv").string();
  const auto table = load_unit_costs(path);
  EXPECT_EQ(table.price_year, "2015/16");
  // Headline totals from Heeks et al. (2018), quoted in datasets/data/README_unit_costs.md.
  ASSERT_NE(table.find("homicide"), nullptr);
  EXPECT_EQ(table.find("homicide")->total, 3217740.0);
  EXPECT_EQ(table.find("violence_with_injury")->total, 14050.0);
  EXPECT_EQ(table.find("domestic_burglary")->total, 5930.0);
  const auto mapping = default_police_type_mapping();
  for (const auto& type : mapping.types) {
    EXPECT_NO_THROW(unit_cost_per_offence(type.police_type, table, mapping)) << type.police_type;
  }
}

// The shipped series is HM Treasury's calendar-year table (December 2025 release, 2024 = 100),
// transcribed in datasets/data/gdp_deflator.csv; spot values from that release.
TEST(ValueUprating, ShippedDeflatorIsHmTreasuryCalendarSeries) {
  const auto deflator =
      load_deflator((harmcast::testing::source_dir() / "datasets/data/gdp_deflator.csv").string());
  EXPECT_EQ(deflator.basis, DeflatorBasis::calendar_year);
  EXPECT_EQ(deflator.coverage(), "calendar 1990 to 2024");
  // 2015/16 = 3/4 x 75.1536 + 1/4 x 76.4554; 2023/24 = 3/4 x 96.2507 + 1/4 x 100.
  EXPECT_NEAR(deflator.index("2015/16"), 75.479050, 1e-9);
  EXPECT_NEAR(deflator.index("2023/24"), 97.188025, 1e-9);
  // Home Office 2015/16 costs in 2023/24 prices: x 1.287616 (28.8% inflation).
  EXPECT_NEAR(uprate(14050.0, "2015/16", "2023/24", deflator), 18091.00, kPenny);
  const auto message = error_message([&] { deflator.index("2024/25"); });
  EXPECT_NE(message.find("price year 2024/25 has no deflator value (April to March spans "
                         "calendar 2024 and 2025; the series covers calendar 1990 to 2024)"),
            std::string::npos)
      << message;
}

// Financial year Y/Y+1 from a calendar series: three quarters of Y, one of Y+1.
TEST(ValueUprating, CalendarSeriesGivesFinancialYearsByQuarterWeights) {
  const auto path = write_file("calendar.csv",
                               "calendar_year,index\n2015,100\n2016,104\n"
                               "2024,120\n2025,124\n");
  const auto deflator = load_deflator(path);
  EXPECT_DOUBLE_EQ(deflator.index("2015/16"), 101.0);
  EXPECT_DOUBLE_EQ(deflator.index("2024/25"), 121.0);
  EXPECT_NEAR(uprate(1010.0, "2015/16", "2024/25", deflator), 1210.0, 1e-9);
  // 2016/17 needs 2017, which the series lacks.
  EXPECT_NE(error_message([&] { deflator.index("2016/17"); }).find("2016/17 has no deflator"),
            std::string::npos);
  auto mixed = write_file("mixed.csv", "calendar_year,index\n2015/16,100\n");
  auto message = error_message([&] { load_deflator(mixed); });
  EXPECT_NE(message.find("calendar_year '2015/16' is not a year YYYY"), std::string::npos)
      << message;
  EXPECT_NE(message.find(":2"), std::string::npos) << message;
  auto no_year = write_file("no_year.csv", "year,index\n2015,100\n");
  message = error_message([&] { load_deflator(no_year); });
  EXPECT_NE(message.find("financial_year (2015/16) or calendar_year"), std::string::npos)
      << message;
  auto twice = write_file("twice.csv", "calendar_year,index\n2015,100\n2015,101\n");
  message = error_message([&] { load_deflator(twice); });
  EXPECT_NE(message.find("duplicate year '2015'"), std::string::npos) << message;
}

TEST(ValueUnitCosts, LoaderErrors) {
  const std::string header = "crime_type,anticipation,consequence,response,total\n";
  auto missing = write_file("missing.csv", "crime_type,anticipation,consequence,total\nx,1,2,3\n");
  auto message = error_message([&] { load_unit_costs(missing); });
  EXPECT_NE(message.find("missing column 'response'"), std::string::npos) << message;

  auto negative = write_file("negative.csv", header + "robbery,0,-10,0,-10\n");
  message = error_message([&] { load_unit_costs(negative); });
  EXPECT_NE(message.find("negative"), std::string::npos) << message;
  EXPECT_NE(message.find(":2"), std::string::npos) << message;

  auto duplicate = write_file("duplicate.csv", header + "robbery,0,10,0,10\nrobbery,0,10,0,10\n");
  message = error_message([&] { load_unit_costs(duplicate); });
  EXPECT_NE(message.find("duplicate crime type 'robbery'"), std::string::npos) << message;
  EXPECT_NE(message.find(":3"), std::string::npos) << message;

  auto unbalanced = write_file("unbalanced.csv", header + "robbery,0,10,0,100\n");
  message = error_message([&] { load_unit_costs(unbalanced); });
  EXPECT_NE(message.find("differs from total"), std::string::npos) << message;

  auto bad_year = write_file("deflator.csv", "financial_year,index\n2015-16,100\n");
  message = error_message([&] { load_deflator(bad_year); });
  EXPECT_NE(message.find("2015-16"), std::string::npos) << message;
}

TEST(ValueAppraisal, OptionsValidateNameTheField) {
  AppraisalOptions options;
  options.optimism_bias = -0.1;
  EXPECT_NE(error_message([&] { options.validate(); }).find("optimism_bias"), std::string::npos);
  options = AppraisalOptions{};
  options.n_years = -1;
  EXPECT_NE(error_message([&] { options.validate(); }).find("n_years"), std::string::npos);
}

}  // namespace
}  // namespace harmcast::value
