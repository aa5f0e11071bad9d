#pragma once
// Disclosure control of published tables: a count that comes from a handful of people's records
// can point at individuals, so published copies blank it.
//
// In the rows `rule.sensitive_rows` flags (a 0/1 column, e.g. `cohort`: the row is computed from
// people's reoffending), every value of a `rule.counts` column strictly between 0 and the
// threshold (in absolute value: a scenario can add offences) is blanked (NaN), and so is every
// `rule.linked` column wherever the first count column was blanked (values that would give that
// count back: its sd, its value at a unit cost in the same row, a cost per offence). A
// `suppressed` column says per row what went ("mean, sd below 5 not shown"). Rows not flagged
// (recorded crime in places, services' modelled flows) are copied as they are. The threshold is
// data.disclosure_threshold (default 5), as the evaluation stage suppresses small counts of
// people; the full table stays in the results for the stages that compute with it.
#include <string>
#include <vector>

#include "engine/table/table.hpp"

namespace harmcast {

struct SuppressionRule {
  std::string sensitive_rows = "cohort";
  std::vector<std::string> counts;  // the first one carries `linked` with it
  std::vector<std::string> linked;
};

// True for a count the rule blanks: finite, not 0, and |v| < threshold.
bool below_disclosure_threshold(double v, int threshold);

// The published copy of `table` (every column, in order, plus `suppressed`).
Table suppressed_copy(const Table& table, const SuppressionRule& rule, int threshold);

}  // namespace harmcast
