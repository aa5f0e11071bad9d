#include "models/value/price_year.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>

#include "engine/core/error.hpp"
#include "models/value/simple_csv.hpp"

namespace harmcast::value {
namespace {

bool all_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char ch) { return std::isdigit(ch) != 0; });
}

// The start year of "YYYY/YY" with YY the year after YYYY.
std::optional<int> financial_year_start(const std::string& text) {
  if (text.size() != 7 || text[4] != '/') return std::nullopt;
  if (!all_digits(text.substr(0, 4)) || !all_digits(text.substr(5, 2))) return std::nullopt;
  const int first = std::stoi(text.substr(0, 4));
  if ((first + 1) % 100 != std::stoi(text.substr(5, 2))) return std::nullopt;
  return first;
}

std::optional<int> calendar_year(const std::string& text) {
  if (text.size() != 4 || !all_digits(text)) return std::nullopt;
  return std::stoi(text);
}

std::string financial_label(int start) {
  return fmt::format("{}/{:02d}", start, (start + 1) % 100);
}

const DeflatorYear* find_year(const DeflatorSeries& series, int start) {
  for (const auto& year : series.years) {
    if (year.start == start) return &year;
  }
  return nullptr;
}

}  // namespace

std::string DeflatorSeries::coverage() const {
  if (years.empty()) return "the series is empty";
  const auto [lo, hi] = std::minmax_element(
      years.begin(), years.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  return basis == DeflatorBasis::financial_year
             ? financial_label(lo->start) + " to " + financial_label(hi->start)
             : fmt::format("calendar {} to {}", lo->start, hi->start);
}

double DeflatorSeries::index(const std::string& financial_year) const {
  const std::string where =
      "deflator (" + (source.empty() ? std::string("no source") : source) + ")";
  const auto start = financial_year_start(financial_year);
  if (!start) {
    throw Error(where, "price year '" + financial_year + "' is not a financial year YYYY/YY",
                "write financial years like 2015/16");
  }
  if (basis == DeflatorBasis::financial_year) {
    if (const auto* year = find_year(*this, *start)) return year->index;
    throw Error(where,
                "price year " + financial_year + " has no deflator value (the series covers " +
                    coverage() + ")",
                "add the year to the deflator series, or express amounts in a year it covers");
  }
  const auto* first = find_year(*this, *start);
  const auto* second = find_year(*this, *start + 1);
  if (first == nullptr || second == nullptr) {
    throw Error(where,
                fmt::format("price year {} has no deflator value (April to March spans calendar "
                            "{} and {}; the series covers {})",
                            financial_year, *start, *start + 1, coverage()),
                "give value.deflator a CSV of HM Treasury's current release (financial_year,index "
                "or calendar_year,index), or express amounts in a year it covers");
  }
  return 0.75 * first->index + 0.25 * second->index;
}

DeflatorSeries load_deflator(const std::string& path) {
  const auto csv = detail::read_simple_csv(path);
  DeflatorSeries series;
  series.source = path;
  auto has = [&](const char* name) {
    return std::find(csv.header.begin(), csv.header.end(), name) != csv.header.end();
  };
  const bool calendar = has("calendar_year");
  if (!calendar && !has("financial_year"))
    throw Error(path,
                "no year column: the header needs financial_year (2015/16) or calendar_year "
                "(2015), and index",
                "copy HM Treasury's financial-year or calendar-year table into those two columns");
  series.basis = calendar ? DeflatorBasis::calendar_year : DeflatorBasis::financial_year;
  const auto year_col = csv.column(calendar ? "calendar_year" : "financial_year");
  const auto index_col = csv.column("index");
  std::set<int> seen;
  for (const auto& row : csv.rows) {
    const std::string& text = row.fields[year_col];
    const auto start = calendar ? calendar_year(text) : financial_year_start(text);
    if (!start) {
      throw Error(
          csv.where(row),
          calendar ? "calendar_year '" + text + "' is not a year YYYY"
                   : "financial_year '" + text + "' is not of the form YYYY/YY",
          calendar ? "write calendar years like 2015" : "write financial years like 2015/16");
    }
    DeflatorYear year{*start, csv.number(row, index_col)};
    if (!(year.index > 0.0) || !std::isfinite(year.index)) {
      throw Error(csv.where(row), "deflator index for " + text + " must be positive, found " +
                                      row.fields[index_col]);
    }
    if (!seen.insert(year.start).second) {
      throw Error(csv.where(row), "duplicate year '" + text + "'");
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
