#include "models/scenario/cohort_baseline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/core/error.hpp"

namespace harmcast::scenario {
namespace {

class CohortRatePaths final : public RatePaths {
 public:
  CohortRatePaths(double people_per_year, double n, double reoffenders, double reoffences)
      : people_(people_per_year), n_(n), r_(reoffenders), reoffences_(reoffences) {}

  void draw(int horizon, int n_paths, RandomStream& stream,
            std::vector<double>& rates) const override {
    rates.resize(static_cast<std::size_t>(horizon) * n_paths);
    for (int p = 0; p < n_paths; ++p) {
      const double proportion = stream.beta(r_ + 0.5, n_ - r_ + 0.5);
      const double frequency = stream.gamma(reoffences_ + 0.5, 1.0 / r_);
      std::fill_n(rates.begin() + std::size_t(p) * horizon, horizon,
                  people_ / 12.0 * proportion * frequency);
    }
  }
  double baseline_proportion() const override { return r_ / n_; }

 private:
  double people_, n_, r_, reoffences_;
};

}  // namespace

void CohortSegment::validate() const {
  const std::string where = "cohort segment \"" + name + "\"";
  if (name.empty()) throw Error("cohort segment", "every cohort segment needs a name");
  if (!(people_per_year > 0))
    throw Error(where + ".people_per_year",
                fmt::format("expected a positive number of people a year, got {}", people_per_year),
                "Give how many people the segment takes in each year.");
  if (!column.empty() && values.empty())
    throw Error(where + ".values", "a segment column needs the values that select its rows");
}

BaselineGroup cohort_baseline(const Table& cohort, const CohortSegment& segment) {
  segment.validate();
  const std::string where = "cohort segment \"" + segment.name + "\"";
  for (const auto& name : {segment.column, segment.reoffended, segment.count, segment.offence_type})
    if (!name.empty() && !cohort.has_column(name))
      throw Error(where, "the cohort has no column \"" + name + "\"",
                  "Name a column of the cohort file.");
  const Column* select = segment.column.empty() ? nullptr : &cohort.column(segment.column);
  const Column& reoffended = cohort.column(segment.reoffended);
  const Column& count = cohort.column(segment.count);
  const Column& type = cohort.column(segment.offence_type);
  double n = 0, r = 0, total = 0;
  std::map<std::string, double> by_type;
  std::vector<std::string> order;
  for (std::size_t row = 0; row < cohort.rows(); ++row) {
    if (select && std::find(segment.values.begin(), segment.values.end(), select->text(row)) ==
                      segment.values.end())
      continue;
    if (reoffended.is_missing(row) || count.is_missing(row) || type.is_missing(row)) continue;
    const std::string t = type.text(row);
    if (!by_type.count(t)) order.push_back(t);
    n += 1;
    r += reoffended.numeric(row) > 0;
    total += count.numeric(row);
    by_type[t] += count.numeric(row);
  }
  if (n == 0)
    throw Error(where, "no cohort rows fall in the segment",
                "Check the segment's column and values against the cohort.");
  if (r == 0 || total == 0)
    throw Error(where, "no one in the segment reoffended, so there is nothing to avert");
  BaselineGroup group;
  group.name = segment.name;
  group.rates = std::make_shared<CohortRatePaths>(segment.people_per_year, n, r, total);
  std::sort(order.begin(), order.end());
  for (const auto& t : order) {
    group.members.push_back({"cohort " + segment.name + " | " + t, t, "", segment.name});
    group.share_weights.push_back(by_type[t]);
  }
  group.uncertain_shares = true;
  return group;
}

}  // namespace harmcast::scenario
