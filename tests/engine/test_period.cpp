// Tests for engine/time/period.hpp. Reference calendar values (day numbers, ISO years and weeks,
// weeks per ISO year) were computed with R 4.2.2: as.integer(as.Date(d)), format(d, "%G"),
// format(d, "%V"), format(d, "%j"), format(as.Date("YYYY-12-28"), "%V").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/time/period.hpp"

namespace harmcast {
namespace {

struct DateReference {
  int year, month, day;
  std::int64_t days_since_1970;
  int iso_year, iso_week, day_of_year;
};

// From R 4.2.2 (see the file comment).
const std::vector<DateReference> kDates = {
    {1970, 1, 1, 0, 1970, 1, 1},          {1969, 12, 31, -1, 1970, 1, 365},
    {1900, 3, 1, -25508, 1900, 9, 60},    {2000, 2, 29, 11016, 2000, 9, 60},
    {2016, 1, 1, 16801, 2015, 53, 1},     {2019, 12, 30, 18260, 2020, 1, 364},
    {2020, 12, 31, 18627, 2020, 53, 366}, {2021, 1, 3, 18630, 2020, 53, 3},
    {1969, 12, 29, -3, 1970, 1, 363},     {1600, 1, 1, -135140, 1599, 52, 1},
    {2017, 4, 1, 17257, 2017, 13, 91},    {1899, 12, 31, -25568, 1899, 52, 365},
    {2024, 12, 30, 20087, 2025, 1, 365},  {2015, 12, 31, 16800, 2015, 53, 365},
};

TEST(Period, DayOrdinalsMatchR) {
  for (const auto& d : kDates) {
    const Period p = Period::day(d.year, d.month, d.day);
    EXPECT_EQ(p.ordinal(), d.days_since_1970) << d.year << "-" << d.month << "-" << d.day;
    EXPECT_EQ(p.position_in_year(), d.day_of_year);
    EXPECT_EQ(p.calendar_year(), d.year);
  }
}

TEST(Period, IsoWeeksMatchR) {
  for (const auto& d : kDates) {
    const Period week = Period::day(d.year, d.month, d.day).to(Frequency::Week);
    EXPECT_EQ(week.calendar_year(), d.iso_year) << d.year << "-" << d.month << "-" << d.day;
    EXPECT_EQ(week.position_in_year(), d.iso_week) << d.year << "-" << d.month << "-" << d.day;
    EXPECT_EQ(week, Period::week(d.iso_year, d.iso_week));
  }
}

TEST(Period, WeeksPerIsoYearMatchR) {
  // R: format(as.Date(sprintf("%d-12-28", y)), "%V") (28 December is always in the last week).
  const std::vector<std::pair<int, int>> weeks = {
      {1969, 52}, {1970, 53}, {1976, 53}, {1981, 53}, {1992, 53}, {2004, 53}, {2009, 53},
      {2015, 53}, {2016, 52}, {2020, 53}, {2021, 52}, {2026, 53}, {2032, 53}};
  for (auto [year, n] : weeks) EXPECT_EQ(iso_weeks_in_year(year), n) << year;
  EXPECT_NO_THROW(Period::week(2020, 53));
  EXPECT_THROW(Period::week(2021, 53), Error);
  EXPECT_THROW(Period::week(2021, 0), Error);
}

TEST(Period, WeekOrdinalDefinition) {
  // Week 0 is the week of Monday 1970-01-05; 1969-12-29 (Monday, 1970-W01) is week -1.
  EXPECT_EQ(Period::day(1970, 1, 5).to(Frequency::Week).ordinal(), 0);
  EXPECT_EQ(Period::day(1970, 1, 11).to(Frequency::Week).ordinal(), 0);  // Sunday
  EXPECT_EQ(Period::day(1970, 1, 4).to(Frequency::Week).ordinal(), -1);
  EXPECT_EQ(Period::day(1969, 12, 29).to(Frequency::Week).ordinal(), -1);
  EXPECT_EQ(Period::day(1969, 12, 28).to(Frequency::Week).ordinal(), -2);
  EXPECT_EQ(Period::week(1970, 1).ordinal(), -1);
  EXPECT_EQ(Period(Frequency::Week, -1).to_string(), "1970-W01");
  EXPECT_EQ(Period(Frequency::Week, -2).to_string(), "1969-W52");
  EXPECT_EQ(Period::week(2017, 14).first_day().to_string(), "2017-04-03");  // R: Monday
  EXPECT_EQ(Period::week(2017, 14).last_day().to_string(), "2017-04-09");
  // R: as.integer(as.Date("1968-12-30")) = -367, the Monday of 1969-W01; (-367 - 4) / 7 = -53.
  EXPECT_EQ(Period::week(1969, 1).ordinal(), -53);
}

// Walks every day from 1600-01-01 to 2400-12-31 with a naive calendar (increment the day, roll
// the month and year) and checks ordinals, round trips and week boundaries along the way.
TEST(Period, NaiveCalendarWalkAgrees) {
  int y = 1600, m = 1, d = 1;
  std::int64_t expected = -135140;  // R: as.integer(as.Date("1600-01-01"))
  std::int64_t previous_week = Period::day(y, m, d).to(Frequency::Week).ordinal();
  int weekday = 6;  // R: format(as.Date("1600-01-01"), "%u") = 6, Saturday (1 = Monday)
  while (y <= 2400) {
    const Period day = Period::day(y, m, d);
    ASSERT_EQ(day.ordinal(), expected) << y << "-" << m << "-" << d;
    ASSERT_EQ(Period::parse(day.to_string()), day);
    const Period week = day.to(Frequency::Week);
    ASSERT_EQ(week.ordinal() - previous_week, weekday == 1 ? 1 : 0) << day.to_string();
    ASSERT_EQ(Period::parse(week.to_string()), week);
    previous_week = week.ordinal();
    ASSERT_EQ(day.to(Frequency::Month), Period::month(y, m));
    ASSERT_EQ(day.to(Frequency::Quarter), Period::quarter(y, (m - 1) / 3 + 1));
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int month_length =
        m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31);
    ++expected;
    weekday = weekday % 7 + 1;
    if (++d > month_length) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
}

// Canonical texts take a fast path; unpadded or lower-case variants take the general tokenizer.
// Both must agree everywhere, including leap days and week 53.
TEST(Period, FastAndGeneralParsingAgree) {
  for (int y : {1899, 1900, 1969, 2000, 2016, 2020, 2021}) {
    for (int m = 1; m <= 12; ++m) {
      const std::string ym = std::to_string(y) + "-" + std::to_string(m);  // 2016-2: general
      EXPECT_EQ(Period::parse(ym), Period::parse(Period::month(y, m).to_string())) << ym;
      for (int d = 1; d <= days_in_month(y, m); ++d) {
        const std::string text = ym + "-" + std::to_string(d);
        ASSERT_EQ(Period::parse(text), Period::parse(Period::day(y, m, d).to_string())) << text;
      }
    }
    for (int q = 1; q <= 4; ++q) {
      const std::string general = std::to_string(y) + " q" + std::to_string(q);
      EXPECT_EQ(Period::parse(general), Period::parse(Period::quarter(y, q).to_string()));
    }
    for (int w = 1; w <= iso_weeks_in_year(y); ++w) {
      const std::string general = std::to_string(y) + "w" + std::to_string(w);
      EXPECT_EQ(Period::parse(general), Period::parse(Period::week(y, w).to_string()));
    }
    EXPECT_FALSE(
        Period::try_parse(std::to_string(y) + "-W" + std::to_string(iso_weeks_in_year(y) + 1)));
  }
}

TEST(Period, OrdinalsFromHeader) {
  EXPECT_EQ(Period::quarter(2017, 2).ordinal(), 8069);
  EXPECT_EQ(Period::month(2017, 4).ordinal(), 24207);
  EXPECT_EQ(Period::year(2017).ordinal(), 2017);
  EXPECT_EQ(Period::month(1969, 12).ordinal(), 1969 * 12 + 11);
}

TEST(Period, ParsesEveryAcceptedForm) {
  const Period april = Period::month(2017, 4);
  for (const char* text : {"2017-04", "2017-4", "2017 Apr", "Apr 2017", "April 2017", "april 2017",
                           "APRIL 2017", "2017 april", "apr-2017", "  2017-04  ", "Apr  2017"}) {
    auto p = Period::try_parse(text);
    ASSERT_TRUE(p.has_value()) << text;
    EXPECT_EQ(*p, april) << text;
  }
  const Period q2 = Period::quarter(2017, 2);
  for (const char* text : {"2017-Q2", "2017Q2", "2017 Q2", "Q2 2017", "2017-q2", "q2 2017"}) {
    auto p = Period::try_parse(text);
    ASSERT_TRUE(p.has_value()) << text;
    EXPECT_EQ(*p, q2) << text;
  }
  EXPECT_EQ(Period::parse("2017-04-01"), Period::day(2017, 4, 1));
  EXPECT_EQ(Period::parse("2017-W14"), Period::week(2017, 14));
  EXPECT_EQ(Period::parse("2017w14"), Period::week(2017, 14));
  EXPECT_EQ(Period::parse("2017"), Period::year(2017));
  EXPECT_EQ(Period::parse("Sept 2017"), Period::month(2017, 9));
  EXPECT_EQ(Period::parse("1899-12"), Period::month(1899, 12));
  for (int m = 1; m <= 12; ++m) {
    static const char* kNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
    EXPECT_EQ(Period::parse(std::string(kNames[m - 1]) + " 2020"), Period::month(2020, m));
    EXPECT_EQ(Period::parse(std::string(kNames[m - 1]).substr(0, 3) + " 2020"),
              Period::month(2020, m));
  }
}

TEST(Period, RejectsImpossibleAndMalformedText) {
  for (const char* text : {"2017-02-30",    "2017-13",  "2017-00",    "2017-Q5",    "2017-Q0",
                           "2017-W54",      "2017-W53", "2019-02-29", "1900-02-29", "17-04",
                           "2017-04-01-02", "Foo 2017", "",           "   ",        "2017.04",
                           "2017-Q22",      "Q2",       "April",      "2017-04-31", "20170401"}) {
    EXPECT_FALSE(Period::try_parse(text).has_value()) << text;
    EXPECT_THROW(Period::parse(text), Error) << text;
  }
  EXPECT_TRUE(Period::try_parse("2000-02-29").has_value());  // divisible by 400: leap
  EXPECT_TRUE(Period::try_parse("2016-02-29").has_value());
  EXPECT_TRUE(Period::try_parse("2020-W53").has_value());
}

TEST(Period, ParseErrorSaysWhatIsWrongAndListsForms) {
  try {
    Period::parse("2017-02-30", std::nullopt, "crimes.csv column 'month' row 7");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "crimes.csv column 'month' row 7");
    EXPECT_NE(e.problem().find("day 30 does not exist in 2017-02"), std::string::npos)
        << e.problem();
    EXPECT_NE(e.hint().find("2017-Q2"), std::string::npos);
    EXPECT_NE(e.hint().find("Apr 2017"), std::string::npos);
  }
  try {
    Period::parse("2017-13");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.problem().find("month 13"), std::string::npos) << e.problem();
  }
  try {
    Period::parse("2017-Q5");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.problem().find("quarter 5"), std::string::npos) << e.problem();
  }
}

TEST(Period, ExpectedFrequencyMapsDatesAndRejectsOthers) {
  EXPECT_EQ(Period::parse("2017-05-17", Frequency::Month), Period::month(2017, 5));
  EXPECT_EQ(Period::parse("2017-05-17", Frequency::Quarter), Period::quarter(2017, 2));
  EXPECT_EQ(Period::parse("2017-05-17", Frequency::Year), Period::year(2017));
  EXPECT_EQ(Period::parse("2016-01-01", Frequency::Week), Period::week(2015, 53));
  EXPECT_EQ(Period::parse("2017-05", Frequency::Month), Period::month(2017, 5));
  EXPECT_FALSE(Period::try_parse("2017-05", Frequency::Quarter).has_value());
  EXPECT_FALSE(Period::try_parse("2017-Q2", Frequency::Month).has_value());
  try {
    Period::parse("2017-Q2", Frequency::Month);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.problem().find("a quarter"), std::string::npos) << e.problem();
    EXPECT_NE(e.problem().find("a month was expected"), std::string::npos) << e.problem();
  }
}

TEST(Period, Formatting) {
  EXPECT_EQ(Period::month(2017, 4).to_string(), "2017-04");
  EXPECT_EQ(Period::quarter(2017, 2).to_string(), "2017-Q2");
  EXPECT_EQ(Period::week(2017, 14).to_string(), "2017-W14");
  EXPECT_EQ(Period::week(2017, 1).to_string(), "2017-W01");
  EXPECT_EQ(Period::day(2017, 4, 1).to_string(), "2017-04-01");
  EXPECT_EQ(Period::year(2017).to_string(), "2017");
  EXPECT_EQ(Period::month(1969, 1).to_string(), "1969-01");
  EXPECT_EQ(Period(Frequency::Month, -1).to_string(), "-0001-12");
  EXPECT_EQ(Period(Frequency::Quarter, -1).to_string(), "-0001-Q4");
}

TEST(Period, ArithmeticAcrossYearBoundariesAndBefore1970) {
  EXPECT_EQ(Period::month(2017, 11) + 3, Period::month(2018, 2));
  EXPECT_EQ(Period::month(1970, 1) - 1, Period::month(1969, 12));
  EXPECT_EQ(Period::quarter(1969, 1) - 1, Period::quarter(1968, 4));
  EXPECT_EQ(Period::month(2018, 2) - Period::month(2016, 2), 24);
  EXPECT_EQ(Period::month(1960, 2) - Period::month(1970, 1), -119);
  EXPECT_EQ(Period::day(2016, 3, 1) - Period::day(2016, 2, 28), 2);  // leap year
  EXPECT_EQ(Period::day(2017, 3, 1) - Period::day(2017, 2, 28), 1);
  EXPECT_EQ(Period::day(1970, 1, 1) - Period::day(1969, 1, 1), 365);
  EXPECT_EQ(Period::day(1969, 1, 1) - Period::day(1968, 1, 1), 366);  // 1968 was leap
  EXPECT_EQ(Period::week(2021, 1) - Period::week(2020, 1), 53);
  EXPECT_EQ((Period::month(1969, 12) + 1).calendar_year(), 1970);
  EXPECT_EQ((Period::month(1969, 1) - 1).position_in_year(), 12);
  EXPECT_EQ(Period::quarter(1969, 3).position_in_year(), 3);
  EXPECT_EQ(Period::quarter(1969, 3).calendar_year(), 1969);
  EXPECT_THROW((void)(Period::month(2017, 1) - Period::quarter(2017, 1)), Error);
}

TEST(Period, Comparison) {
  EXPECT_LT(Period::month(2017, 1), Period::month(2017, 2));
  EXPECT_LT(Period::month(1969, 12), Period::month(1970, 1));
  EXPECT_GT(Period::day(2017, 1, 1), Period::day(1917, 1, 1));
  EXPECT_EQ(Period::parse("Apr 2017"), Period::parse("2017-04"));
  EXPECT_NE(Period::month(2017, 1), Period::quarter(2017, 1));
}

TEST(Period, FirstAndLastDayAndConversion) {
  EXPECT_EQ(Period::month(2016, 2).last_day(), Period::day(2016, 2, 29));
  EXPECT_EQ(Period::month(2017, 2).last_day(), Period::day(2017, 2, 28));
  EXPECT_EQ(Period::quarter(2017, 4).first_day(), Period::day(2017, 10, 1));
  EXPECT_EQ(Period::quarter(2017, 4).last_day(), Period::day(2017, 12, 31));
  EXPECT_EQ(Period::year(1969).last_day(), Period::day(1969, 12, 31));
  EXPECT_EQ(Period::month(2017, 5).to(Frequency::Quarter), Period::quarter(2017, 2));
  EXPECT_EQ(Period::quarter(2017, 2).to(Frequency::Month), Period::month(2017, 4));
  EXPECT_EQ(Period::year(2016).to(Frequency::Week), Period::week(2015, 53));
}

TEST(Period, PositionInYear) {
  EXPECT_EQ(Period::day(2016, 12, 31).position_in_year(), 366);
  EXPECT_EQ(Period::day(2017, 12, 31).position_in_year(), 365);
  EXPECT_EQ(Period::day(1968, 12, 31).position_in_year(), 366);
  EXPECT_EQ(Period::month(2017, 4).position_in_year(), 4);
  EXPECT_EQ(Period::week(2020, 53).position_in_year(), 53);
  EXPECT_EQ(Period::year(2017).position_in_year(), 1);
}

TEST(Period, ConstructorsRejectImpossibleFields) {
  EXPECT_THROW(Period::month(2017, 13), Error);
  EXPECT_THROW(Period::month(2017, 0), Error);
  EXPECT_THROW(Period::quarter(2017, 5), Error);
  EXPECT_THROW(Period::day(2017, 2, 29), Error);
  EXPECT_THROW(Period::day(2017, 4, 31), Error);
  EXPECT_NO_THROW(Period::day(2016, 2, 29));
  EXPECT_THROW(Period::day(1900, 2, 29), Error);
}

TEST(Frequency, StringConversionBothWays) {
  for (Frequency f :
       {Frequency::Day, Frequency::Week, Frequency::Month, Frequency::Quarter, Frequency::Year}) {
    EXPECT_EQ(frequency_from_string(to_string(f)), f);
  }
  EXPECT_EQ(to_string(Frequency::Quarter), "quarter");
  EXPECT_EQ(frequency_from_string("Monthly"), Frequency::Month);
  EXPECT_EQ(frequency_from_string("ANNUAL"), Frequency::Year);
  EXPECT_FALSE(frequency_from_string("fortnight").has_value());
  EXPECT_FALSE(frequency_from_string("").has_value());
}

TEST(Frequency, PeriodsPerYear) {
  EXPECT_EQ(periods_per_year(Frequency::Day), 365);
  EXPECT_EQ(periods_per_year(Frequency::Week), 52);
  EXPECT_EQ(periods_per_year(Frequency::Month), 12);
  EXPECT_EQ(periods_per_year(Frequency::Quarter), 4);
  EXPECT_EQ(periods_per_year(Frequency::Year), 1);
}

}  // namespace
}  // namespace harmcast
