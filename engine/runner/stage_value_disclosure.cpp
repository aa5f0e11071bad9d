// Disclosure control of the value tables the report shows (disclosure_control.hpp). A scenario
// over a small cohort segment carries its handful of people's offences averted into the value
// stage: per crime type in /value/benefits, per year in /value/years, in total in
// /value/appraisal. Their published copies blank those counts in the `cohort` rows below
// data.disclosure_threshold, with what would give them back: the benefits of a type or a year
// (its count times unit costs; exactly the count times the row's unit cost for one type) and the
// cost per offence averted (present-value costs over the count). The appraisal's money totals
// (costs, benefits, NPV) are published: they are what the appraisal is for, and over its years
// they are discounted sums, which give a count back only roughly, for a one-type scenario.
// Services' rows are modelled flows of the participants the config names, not people's records,
// and are published as they are, as are area scenarios' rows.
#include "engine/runner/disclosure_control.hpp"
#include "engine/runner/stage_value.hpp"

namespace harmcast {

void add_published_value_tables(RunResults& results, int disclosure_threshold) {
  auto publish = [&](const std::string& path, SuppressionRule rule) {
    if (const Table* table = results.find_table(path))
      results.add_table(path + "_published", suppressed_copy(*table, rule, disclosure_threshold));
  };
  publish("/value/appraisal", {"cohort", {"offences_averted"}, {"cost_per_offence_averted"}});
  publish("/value/years", {"cohort", {"offences_averted"}, {"benefits", "pv_benefits"}});
  publish("/value/benefits", {"cohort", {"offences_averted"}, {"pv_benefits"}});
}

}  // namespace harmcast
