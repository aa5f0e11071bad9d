#pragma once
// Pieces shared by the matchers (internal to models/matching): input checks, common support,
// the caliper on the distance scale, the order treated units are visited in, and MatchIt's
// weights and subclasses from the match sets.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/matching/nearest_neighbour.hpp"

namespace harmcast {

struct MatchSetup {
  std::vector<std::size_t> treated;            // unit indices, data order
  std::vector<std::size_t> controls;           // unit indices, data order
  std::vector<std::size_t> eligible_controls;  // controls not discarded
  std::vector<std::int32_t> stratum;           // per unit (all 0 without exact matching)
  std::vector<std::uint8_t> discarded;         // per unit
  double distance_sd = 0.0;                    // sample SD of the distance, units kept
};

// Checks sizes, 0/1 treatment, finite distances (if given), at least one treated and one
// control; applies common support (needs a distance); computes the SD for the caliper.
MatchSetup prepare_matching(std::span<const double> distance, std::span<const std::uint8_t> treat,
                            const NearestOptions& options, std::span<const std::int32_t> strata,
                            const char* where);

// A result with the treated units and the caliper filled in, and no match sets yet.
MatchResult start_result(const MatchSetup& setup, const NearestOptions& options);

// A fixed-width match matrix (matrix[i * k + j]: the j-th control of treated unit i, -1 if
// none), as the matchers fill it round by round, stored as the result's match sets.
void store_match_matrix(MatchResult& result, const std::vector<std::int64_t>& matrix, int k);

// Positions into result.treated_units in the order MatchIt visits them (R's stable order()).
std::vector<std::size_t> treated_visit_order(std::span<const double> distance,
                                             const std::vector<std::size_t>& treated_units,
                                             const NearestOptions& options);

// Weights, subclasses and counts from the match sets; throws Error if nobody was matched.
void finish_result(MatchResult& result, const NearestOptions& options, const char* where);

}  // namespace harmcast
