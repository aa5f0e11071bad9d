#pragma once
// Random-stream task ids of the synthetic city. Every independent component draws from
// RandomStream(seed, task_id(family, index)), so the output depends only on the seed, never on
// the thread count or the order in which components run.
#include <cstdint>

namespace harmcast::synthetic {

enum class StreamFamily : std::uint64_t {
  WardCrimeEffects = 1,  // index: crime type
  CrimeSeries = 2,       // index: crime type * 64 + ward
  CrimeLatent = 3,       // index: crime type
  CohortCovariates = 4,  // index: cohort block
  CohortServices = 5,    // index: cohort block
  CohortOutcomes = 6,    // index: cohort block
  CohortDates = 7,       // index: cohort block
  ServiceCosts = 8,      // index: service
  ServiceStarts = 9,     // index: cohort block
};

inline std::uint64_t task_id(StreamFamily family, std::uint64_t index) {
  return (static_cast<std::uint64_t>(family) << 32) | index;
}

}  // namespace harmcast::synthetic
