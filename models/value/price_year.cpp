#include "models/value/price_year.hpp"

#include <cctype>
#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "models/value/simple_csv.hpp"

namespace harmcast::value {
namespace {

// "YYYY/YY" with YY the year after YYYY.
bool is_financial_year(const std::string& text) {
  if (text.size() != 7 || text[4] != '/') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  const int first = std::stoi(text.substr(0, 4));
  const int second = std::stoi(text.substr(5, 2));
  return (first + 1) % 100 == second;
}

}  // namespace

double DeflatorSeries::index(const std::string& financial_year) const {
  for (const auto& year : years) {
    if (year.financial_year == financial_year) return year.index;
  }
  std::string range = years.empty() ? "the series is empty"
                                    : "it covers " + years.front().financial_year + " to " +
                                          years.back().financial_year;
  throw Error("deflator (" + (source.empty() ? std::string("no source") : source) + ")",
              "no deflator for price year '" + financial_year + "' (" + range + ")",
              "add the year to the deflator series, or express amounts in a year it covers");
}

DeflatorSeries load_deflator(const std::string& path) {
  const auto csv = detail::read_simple_csv(path);
  const auto year_col = csv.column("financial_year");
  const auto index_col = csv.column("index");
  DeflatorSeries series;
  series.source = path;
  std::set<std::string> seen;
  for (const auto& row : csv.rows) {
    DeflatorYear year{row.fields[year_col], csv.number(row, index_col)};
    if (!is_financial_year(year.financial_year)) {
      throw Error(csv.where(row),
                  "financial_year '" + year.financial_year + "' is not of the form YYYY/YY",
                  "write financial years like 2015/16");
    }
    if (!(year.index > 0.0) || !std::isfinite(year.index)) {
      throw Error(csv.where(row), "deflator index for " + year.financial_year +
                                      " must be positive, found " + row.fields[index_col]);
    }
    if (!seen.insert(year.financial_year).second) {
      throw Error(csv.where(row), "duplicate financial year '" + year.financial_year + "'");
    }
    series.years.push_back(year);
  }
  if (series.years.empty()) throw Error(path, "no years in the deflator file");
  return series;
}

double uprate(double amount, const std::string& from_year, const std::string& to_year,
              const DeflatorSeries& deflator) {
  if (from_year == to_year) return amount;
  return amount * deflator.index(to_year) / deflator.index(from_year);
}

}  // namespace harmcast::value
