#pragma once
// Reoffending scenarios: a cohort segment's offences as a baseline group (baseline.hpp), so a
// change in its proven reoffending rate becomes offences averted by type.
//
// For a segment (cohort rows whose `column` takes one of `values`) of n people, r of whom
// reoffended within the follow-up year (`reoffended` 0/1), with R reoffences in all (`count`), the
// offences a flow of N people a year commits, per month, are
//     L = (N / 12) * p * f,   p = proportion reoffending, f = reoffences per reoffender,
// shared out to offence types by the segment's offence mix: the share of its reoffences by the
// `offence_type` of the people who committed them (the cohort records reoffence counts, not their
// types, so reoffences are taken to be of the person's index offence type: an assumption the
// report states). Parameter uncertainty, drawn per path: p ~ Beta(r + 1/2, n - r + 1/2) (Jeffreys),
// f ~ Gamma(R + 1/2, 1 / r) (the posterior of a Poisson rate per reoffender), the mix ~
// Dirichlet(reoffences by type + 1/2). A change in the reoffending rate scales p and, with the
// frequency per reoffender unchanged, every offence type alike; an absolute change (effect kind
// `difference`) is relative to p0 = r / n.
#include <string>
#include <vector>

#include "engine/table/table.hpp"
#include "models/scenario/baseline.hpp"

namespace harmcast::scenario {

struct CohortSegment {
  std::string name;                 // referred to by InterventionTarget::cohort
  std::string column;               // segment column; empty = the whole cohort
  std::vector<std::string> values;  // rows whose column text is one of these
  double people_per_year = 0;       // N: people entering the segment each year (> 0)
  std::string reoffended = "reoffended_1y";
  std::string count = "n_reoffences";
  std::string offence_type = "offence_type";

  void validate() const;
};

// Throws harmcast::Error naming the segment and column for a missing column, an empty segment or
// a segment with no reoffender.
BaselineGroup cohort_baseline(const Table& cohort, const CohortSegment& segment);

}  // namespace harmcast::scenario
