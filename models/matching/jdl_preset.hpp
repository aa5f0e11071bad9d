#pragma once
// Justice Data Lab preset (Ministry of Justice, "Justice Data Lab: methodology", 2016 onwards):
// one-year proven reoffending. A reoffence counts when the offence is committed within
// `follow_up_days` (365) of the index date (release from custody or start of the community
// order) and proven by a court conviction or caution within a further `proving_days` (six
// months). The JDL refuses to report when fewer than 60 people who received the service could be
// matched, and shows counts under a threshold (5) as "<5" so individuals cannot be identified.
#include <cstddef>
#include <string>

#include "engine/table/table.hpp"
#include "models/matching/nearest_neighbour.hpp"

namespace harmcast {

struct JdlOptions {
  int min_matched_treated = 60;   // fewer matched treated people: refuse to report
  int suppression_threshold = 5;  // counts below this print as "<threshold"
  int follow_up_days = 365;       // offence window after the index date
  int proving_days = 183;         // extra time for the offence to be proven (six months)
  std::string index_date_column = "index_date";        // start of follow-up
  std::string offence_date_column = "reoffence_date";  // first reoffence (missing: none)
  std::string proven_date_column = "proven_date";      // its conviction/caution (optional)
  std::string outcome_column = "reoffended_1y";        // derived 0/1 outcome
  std::string days_column = "days_to_reoffence";       // derived time, censored at follow-up
  std::string event_column = "reoffence_event";        // derived 0/1 event
  void validate() const;
};

// Adds the outcome columns computed from the dates when the index and offence date columns are
// present (dates as ISO "YYYY-MM-DD" text, day periods or day numbers); returns false (and
// changes nothing) when they are absent. Existing columns of those names are replaced.
bool derive_jdl_outcomes(Table& data, const JdlOptions& options);

// Throws harmcast::Error when fewer than min_matched_treated treated people were matched.
void check_jdl_minimum(const MatchResult& match, const JdlOptions& options);

// A count for publication: "<5" below the threshold, else the number.
std::string suppress_count(std::size_t count, int threshold);

// Days since 1970-01-01 of an ISO date "YYYY-MM-DD"; throws Error for other text.
long long days_from_iso_date(const std::string& text);

}  // namespace harmcast
