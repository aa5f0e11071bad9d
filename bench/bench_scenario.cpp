// Scenario simulation at the size of issue 6's speed target: 10,000 paths x 36 months x 240
// series (20 wards x 12 crime types of the synthetic city), the baseline plus 3 scenarios, Poisson
// counts on common random numbers. Target: under 10 s on 2 cores and under 2 GB (peak RSS via
// /usr/bin/time -v).
//   BM_ScenarioCity      the runner's layout: one ARIMA(0,1,1)(0,1,1)[12] per crime-type city
//                        total (fitted once, outside the timing), simulated and shared out to
//                        the 20 wards with Dirichlet shares; every scenario targets all 240
//                        series (the worst case: every series needs its own scenario counts).
//   BM_ScenarioPerSeries 240 groups of one series with known rates (no model simulation): the
//                        cost of the count draws and the streamed sums alone.
// Run: build/bench_scenario --benchmark_filter=City  (HARMCAST_SCENARIO_PATHS to change 10,000;
// threads from OMP_NUM_THREADS, default all cores)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>

#include "datasets/synthetic/synthetic_city.hpp"
#include "engine/table/table.hpp"
#include "engine/time/panel.hpp"
#include "models/scenario/simulation.hpp"
#include "models/timeseries/arima.hpp"

namespace {

using namespace harmcast;
namespace sc = harmcast::scenario;

int paths() {
  const char* env = std::getenv("HARMCAST_SCENARIO_PATHS");
  return env ? std::atoi(env) : 10000;
}

std::vector<sc::Scenario> three_scenarios(Period start) {
  std::vector<sc::Scenario> out;
  const double changes[] = {-0.05, -0.10, -0.15};
  for (int s = 0; s < 3; ++s) {
    sc::Intervention i;
    i.start = start + 3 * s;
    i.ramp_months = 6;
    i.effect.kind = sc::EffectKind::LogNormal;
    i.effect.change = changes[s];
    i.effect.sd = 0.05;
    i.coverage = 0.7;
    i.half_life_months = 18;
    out.push_back({"scenario " + std::to_string(s + 1), {i}});
  }
  return out;
}

const std::vector<sc::BaselineGroup>& city_groups() {
  static const std::vector<sc::BaselineGroup> groups = [] {
    SyntheticCityOptions options;
    options.cohort_size = 1000;
    const SyntheticCity city = generate_synthetic_city(options);
    const Panel crime = Panel::from_table(city.crime, {"ward", "crime_type"}, "month", "count");
    const Panel totals = crime.sum_over({"ward"});
    std::vector<sc::BaselineGroup> out;
    for (const auto& total : totals.all_series()) {
      timeseries::Series series;
      series.values = total.values;
      series.period = 12;
      timeseries::ArimaOptions arima;
      arima.order = {0, 1, 1, 0, 1, 1};  // the airline model
      sc::BaselineGroup g;
      g.name = total.id;
      g.rates = std::make_shared<sc::ForecastRatePaths>(timeseries::fit_arima(series, arima), true);
      for (const auto& s : crime.all_series()) {
        if (s.key[1] != total.key[0]) continue;
        g.members.push_back({s.id, s.key[1], s.key[0], ""});
        double recent = 0;
        for (std::size_t t = s.size() - 36; t < s.size(); ++t) recent += s.values[t];
        g.share_weights.push_back(recent);
      }
      g.uncertain_shares = true;
      out.push_back(std::move(g));
    }
    return out;
  }();
  return groups;
}

sc::SimulationOptions options(int n) {
  sc::SimulationOptions o;
  o.paths = n;
  o.first = Period::month(2021, 4);
  o.horizon = 36;
  return o;
}

void BM_ScenarioCity(benchmark::State& state) {
  const auto& groups = city_groups();
  const auto scenarios = three_scenarios(Period::month(2021, 4));
  sc::Target target{"violence",
                    {{"violence_with_injury"}, {}, ""},
                    Period::month(2023, 4),
                    Period::month(2024, 3),
                    3000,
                    ""};
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto r = sc::simulate_scenarios(groups, scenarios, {target}, options(paths()));
    rows = r.averted.size();
    benchmark::DoNotOptimize(r.averted.data());
  }
  state.counters["series"] = 240;
  state.counters["paths"] = paths();
  state.counters["averted_rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_ScenarioCity)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_ScenarioPerSeries(benchmark::State& state) {
  std::vector<sc::BaselineGroup> groups;
  for (const auto& g : city_groups()) {
    for (std::size_t m = 0; m < g.members.size(); ++m) {
      const double rate = g.share_weights[m] / 36.0;  // its recent monthly mean
      groups.push_back({g.members[m].id,
                        std::make_shared<sc::KnownRatePaths>(std::vector<double>(36, rate)),
                        {g.members[m]},
                        {},
                        false});
    }
  }
  if (const char* out = std::getenv("HARMCAST_SCENARIO_RATES")) {  // for bench/scenario_vs_r.sh
    std::ofstream csv(out);
    csv << "rate\n";
    for (const auto& g : groups) {
      std::vector<double> rate;
      RandomStream unused(0, 0);
      g.rates->draw(1, 1, unused, rate);
      csv << format_double(rate[0]) << "\n";
    }
  }
  const auto scenarios = three_scenarios(Period::month(2021, 4));
  for (auto _ : state) {
    const auto r = sc::simulate_scenarios(groups, scenarios, {}, options(paths()));
    benchmark::DoNotOptimize(r.averted.data());
  }
}
BENCHMARK(BM_ScenarioPerSeries)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
