#pragma once
// Moving £ amounts between price years with a deflator index (HM Treasury Green Book: appraise
// in real terms, in the prices of one base year, using the GDP deflator).
//
//   uprate(x, from, to) = x * index(to) / index(from)
//
// Price years are financial years written "YYYY/YY" (e.g. "2015/16"); only ratios of the index
// are used, so the series may be based on any year.
//
// A series is either by financial year (HM Treasury's financial-year table, used as published)
// or by calendar year (its calendar-year table). From a calendar series the index of financial
// year Y/Y+1 (April Y to March Y+1: three quarters of Y, one of Y+1) is taken as
//
//   index(Y/Y+1) = 3/4 * index(Y) + 1/4 * index(Y+1),
//
// the calendar path interpolated at the financial year's centre (1 October Y; a calendar year's
// average sits at 1 July). For a smoothly rising deflator this differs from the published
// financial-year figure by second-order terms (about 0.1-0.3% in 2015-2024); give the
// financial-year table when the exact published figure matters.
#include <string>
#include <vector>

namespace harmcast::value {

enum class DeflatorBasis { financial_year, calendar_year };

struct DeflatorYear {
  int start = 0;       // 2015 for 2015/16 (financial) or 2015 (calendar)
  double index = 0.0;  // > 0
};

struct DeflatorSeries {
  std::string source;  // file path or citation
  DeflatorBasis basis = DeflatorBasis::financial_year;
  std::vector<DeflatorYear> years;  // in file order

  // The index for `financial_year` ("YYYY/YY"); throws harmcast::Error naming the year (and, for
  // a calendar series, the calendar year it lacks) if the series does not cover it.
  double index(const std::string& financial_year) const;
  // "2015/16 to 2023/24" or "calendar 1990 to 2024".
  std::string coverage() const;
};

// Reads a CSV with header financial_year,index (years "2015/16") or calendar_year,index (years
// "2015"). Errors name file:line for a missing column, a malformed year, a non-positive index
// or a duplicate year.
DeflatorSeries load_deflator(const std::string& path);

// `amount` in `from_year` prices expressed in `to_year` prices. Equal years return `amount`
// without consulting the series. A year the series lacks is a harmcast::Error naming the year.
double uprate(double amount, const std::string& from_year, const std::string& to_year,
              const DeflatorSeries& deflator);

}  // namespace harmcast::value
