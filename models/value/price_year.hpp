#pragma once
// Moving £ amounts between price years with a deflator index (HM Treasury Green Book: appraise
// in real terms, in the prices of one base year, using the GDP deflator).
//
//   uprate(x, from, to) = x * index(to) / index(from)
//
// Price years are financial years written "YYYY/YY" (e.g. "2015/16"); only ratios of the index
// are used, so the series may be based on any year.
#include <string>
#include <vector>

namespace harmcast::value {

struct DeflatorYear {
  std::string financial_year;  // "2015/16"
  double index = 0.0;          // > 0
};

struct DeflatorSeries {
  std::string source;  // file path or citation
  std::vector<DeflatorYear> years;

  // The index for `financial_year`; throws harmcast::Error naming the year if there is none.
  double index(const std::string& financial_year) const;
};

// Reads a CSV with header financial_year,index. Errors name file:line for a missing column, a
// malformed year, a non-positive index or a duplicate year.
DeflatorSeries load_deflator(const std::string& path);

// `amount` in `from_year` prices expressed in `to_year` prices. Equal years return `amount`
// without consulting the series. A year the series lacks is a harmcast::Error naming the year.
double uprate(double amount, const std::string& from_year, const std::string& to_year,
              const DeflatorSeries& deflator);

}  // namespace harmcast::value
