#include "models/scenario/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <map>
#include <tuple>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "models/scenario/simulation_plan.hpp"
#include "models/scenario/variant_counts.hpp"

namespace harmcast::scenario {
namespace {

using namespace plan_detail;

constexpr std::size_t kGroupsPerBatch = 8;  // groups whose per-path sums are held at once
constexpr int kPathsPerBlock = 256;         // paths simulated at once, every series in turn
// Effect draws of one intervention, one per path.
struct InterventionDraws {
  const Intervention* intervention;
  std::int64_t start_offset;  // months from options.first
  std::vector<double> drawn;  // EffectDistribution::draw per path
  std::vector<double> share;  // effect_share per month of the horizon
};

std::string where_of(const Scenario& s, std::size_t j) {
  return fmt::format("scenario \"{}\": interventions[{}]", s.name, j);
}

void check_selection(const InterventionTarget& selection, const std::vector<SeriesLabels>& series,
                     const std::string& where) {
  const auto problems = selection_problems(selection, series);
  if (problems.empty()) return;
  const auto& [field, message] = problems.front();
  throw Error(where + ".target" + (field.empty() ? "" : "." + field), message,
              "Target series that exist in the data (names as in the crime data).");
}

void check_inputs(const std::vector<BaselineGroup>& groups, const std::vector<Scenario>& scenarios,
                  const std::vector<Target>& targets, const SimulationOptions& options,
                  const std::vector<SeriesLabels>& series) {
  options.validate();
  if (groups.empty()) throw Error("scenarios", "no baseline series to simulate");
  for (const auto& g : groups) g.validate();
  const Period last = options.first + (options.horizon - 1);
  for (const auto& s : scenarios) {
    s.validate();
    for (std::size_t j = 0; j < s.interventions.size(); ++j) {
      const Intervention& i = s.interventions[j];
      check_selection(i.target, series, where_of(s, j));
      if (i.start < options.first)
        throw Error(where_of(s, j) + ".start",
                    fmt::format("starts in {}, before the data end ({} is the first month "
                                "after the recorded data)",
                                i.start.to_string(), options.first.to_string()),
                    "A scenario changes the future only: start at or after " +
                        options.first.to_string() + ".");
      if (i.start > last)
        throw Error(where_of(s, j) + ".start",
                    fmt::format("starts in {}, after the simulated horizon ends ({})",
                                i.start.to_string(), last.to_string()),
                    "Start earlier or lengthen scenarios.horizon.");
    }
  }
  for (const auto& t : targets) {
    const std::string where = "target \"" + t.name + "\"";
    check_selection(t.series, series, where);
    if (t.from > t.to || t.from < options.first || t.to > last)
      throw Error(where, fmt::format("the window {} to {} must lie inside the horizon {} to {}",
                                     t.from.to_string(), t.to.to_string(),
                                     options.first.to_string(), last.to_string()));
  }
}

// Shares of the group's total per path (n_paths x members).
std::vector<double> draw_shares(const BaselineGroup& g, int n, RandomStream& stream) {
  const std::size_t m = g.members.size();
  std::vector<double> weights = g.share_weights;
  if (weights.empty()) weights.assign(m, 1.0);
  std::vector<double> shares(m * n);
  double total = 0;
  for (double w : weights) total += w;
  for (int p = 0; p < n; ++p) {
    double sum = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double w = g.uncertain_shares ? stream.gamma(weights[i] + 0.5, 1.0) : weights[i];
      shares[p * m + i] = w;
      sum += w;
    }
    for (std::size_t i = 0; i < m; ++i) shares[p * m + i] /= g.uncertain_shares ? sum : total;
  }
  return shares;
}

struct Context {
  const std::vector<BaselineGroup>& groups;
  const std::vector<std::size_t>& first_member;  // global index of each group's first series
  const std::vector<std::vector<InterventionDraws>>& draws;     // [scenario][intervention]
  const std::vector<std::vector<std::vector<int>>>& targeting;  // [scenario][series] -> j
  const Plan& plan;
  const SimulationOptions& options;
};

// The product of the scenario's interventions `js` on a series, per cell of paths [p0, p1).
void fill_multiplier(const std::vector<InterventionDraws>& draws, const std::vector<int>& js,
                     int p0, int p1, int h, double baseline_proportion, std::vector<double>& mult) {
  mult.assign(static_cast<std::size_t>(p1 - p0) * h, 1.0);
  for (int j : js) {
    const InterventionDraws& d = draws[j];
    const double coverage = d.intervention->coverage;
    for (int p = p0; p < p1; ++p) {
      const double full = d.intervention->effect.multiplier(d.drawn[p], baseline_proportion);
      double* row = mult.data() + std::size_t(p - p0) * h;
      for (int t = 0; t < h; ++t) row[t] *= 1.0 + coverage * d.share[t] * (full - 1.0);
    }
  }
}

// Simulates group g and returns its per-path sums for every aggregate it touches. Paths go in
// blocks, every series of the group through each block in turn, so that a block's cells and the
// rows of the sums it adds to stay in cache; each series' stream runs on from block to block, and
// each sum still receives its series in order, so the blocks change no number.
GroupSums simulate_group(const Context& c, std::size_t g) {
  const BaselineGroup& group = c.groups[g];
  const std::size_t members = group.members.size();
  const int n = c.options.paths, h = c.options.horizon;
  RandomStream group_stream(c.options.seed, kGroupStream + g);
  std::vector<double> rates;
  group.rates->draw(h, n, group_stream, rates);
  const std::vector<double> shares = draw_shares(group, n, group_stream);
  const double p0 = group.rates->baseline_proportion();
  const std::size_t n_scenarios = c.draws.size();

  GroupSums out;
  for (std::size_t m = 0; m < members; ++m) {
    const auto& mine = c.plan.of_series[c.first_member[g] + m];
    out.aggregates.insert(out.aggregates.end(), mine.begin(), mine.end());
  }
  std::sort(out.aggregates.begin(), out.aggregates.end());
  out.aggregates.erase(std::unique(out.aggregates.begin(), out.aggregates.end()),
                       out.aggregates.end());
  out.sums.assign(static_cast<std::size_t>(n) * out.aggregates.size(), 0.0);

  std::vector<RandomStream> streams;  // one per series, drawn cell after cell over all blocks
  streams.reserve(members);
  for (std::size_t m = 0; m < members; ++m)
    streams.emplace_back(c.options.seed, kSeriesStream + c.first_member[g] + m);
  // Independent draws (a demonstration) take each scenario's own stream over all cells at once.
  const bool independent =
      c.options.noise == CountNoise::Poisson && !c.options.common_random_numbers;
  const int block = independent ? n : kPathsPerBlock;
  VariantCells v;
  v.resize(static_cast<std::size_t>(std::min(n, block)) * h, n_scenarios);
  for (int b0 = 0; b0 < n; b0 += block) {
    const int b1 = std::min(n, b0 + block);
    const std::size_t cells = static_cast<std::size_t>(b1 - b0) * h;
    // The interventions each scenario's multiplier was last filled for in this block: a group's
    // series are mostly targeted alike, and the multiplier depends only on which act.
    std::vector<const std::vector<int>*> multiplier_of(n_scenarios, nullptr);
    for (std::size_t m = 0; m < members; ++m) {
      const std::size_t series = c.first_member[g] + m;
      // RandomStream::uniform inlined (the same numbers): a call per cell was a tenth of the time.
      boost::random::uniform_01<double> uniform01;
      auto& engine = streams[m].engine();
      for (int p = b0; p < b1; ++p) {
        const double share = shares[std::size_t(p) * members + m];
        for (std::size_t k = std::size_t(p - b0) * h, i = std::size_t(p) * h;
             k < std::size_t(p - b0 + 1) * h; ++k, ++i) {
          v.uniforms[k] = uniform01(engine);
          v.rate[k] = rates[i] * share;
        }
      }
      std::vector<std::size_t> acting;  // scenarios with an intervention on this series
      for (std::size_t s = 0; s < n_scenarios; ++s) {
        const auto& js = c.targeting[s][series];
        if (js.empty()) continue;
        acting.push_back(s);
        v.with_scenario[s].resize(cells);
        if (multiplier_of[s] != nullptr && *multiplier_of[s] == js) continue;
        multiplier_of[s] = &js;
        fill_multiplier(c.draws[s], js, b0, b1, h, p0, v.multiplier[s]);
      }
      count_variants(c.options, series, acting, cells, v);
      std::vector<const double*> variant(n_scenarios, v.base.data());
      for (std::size_t s : acting) variant[s] = v.with_scenario[s].data();
      add_path_sums(c.plan, b0, b1, h, series, out, v.base.data(), variant);
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& count_noise_words() {
  static const std::vector<std::string> words = {"poisson", "none"};
  return words;
}
std::string to_string(CountNoise noise) { return count_noise_words().at(static_cast<int>(noise)); }

void SimulationOptions::validate() const {
  if (paths < 2) throw Error("scenarios.paths", fmt::format("expected >= 2 paths, got {}", paths));
  if (horizon < 1)
    throw Error("scenarios.horizon", fmt::format("expected >= 1 month, got {}", horizon));
  if (first.frequency() != Frequency::Month)
    throw Error("scenarios", "scenario simulation runs on monthly series",
                "Aggregate the data to months.");
}

ScenarioResult simulate_scenarios(const std::vector<BaselineGroup>& groups,
                                  const std::vector<Scenario>& scenarios,
                                  const std::vector<Target>& targets,
                                  const SimulationOptions& options) {
  std::vector<SeriesLabels> series;
  std::vector<std::size_t> first_member;
  for (const auto& g : groups) {
    first_member.push_back(series.size());
    series.insert(series.end(), g.members.begin(), g.members.end());
  }
  check_inputs(groups, scenarios, targets, options, series);
  const int n = options.paths, h = options.horizon;

  std::vector<std::vector<std::vector<int>>> targeting(scenarios.size());
  std::vector<std::vector<InterventionDraws>> draws(scenarios.size());
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    targeting[s].resize(series.size());
    for (std::size_t j = 0; j < scenarios[s].interventions.size(); ++j) {
      const Intervention& iv = scenarios[s].interventions[j];
      InterventionDraws d{&iv, iv.start - options.first, {}, {}};
      RandomStream stream(options.seed, kEffectStream + 1000 * s + j);
      for (int p = 0; p < n; ++p) d.drawn.push_back(iv.effect.draw(stream));
      for (int t = 0; t < h; ++t) d.share.push_back(iv.effect_share(t - d.start_offset));
      draws[s].push_back(std::move(d));
      for (std::size_t i = 0; i < series.size(); ++i)
        if (iv.target.matches(series[i].crime_type, series[i].ward, series[i].cohort))
          targeting[s][i].push_back(static_cast<int>(j));
    }
  }
  const Plan plan = make_plan(scenarios, targets, options, series, targeting);
  const Context context{groups, first_member, draws, targeting, plan, options};

  std::vector<std::vector<double>> totals(plan.aggregates.size(), std::vector<double>(n, 0.0));
  for (std::size_t b0 = 0; b0 < groups.size(); b0 += kGroupsPerBatch) {
    const std::size_t b1 = std::min(groups.size(), b0 + kGroupsPerBatch);
    std::vector<GroupSums> batch(b1 - b0);
    parallel_for(b1 - b0, options.threads,
                 [&](std::size_t k) { batch[k] = simulate_group(context, b0 + k); });
    for (const auto& group : batch) add_group_sums(group, n, totals);  // in group order
  }
  std::vector<double> probability;  // per plan.targets entry: share of paths below the threshold
  for (const auto& k : plan.targets) {
    const auto& v = totals[k.aggregate];
    const double threshold = targets[k.target].threshold;
    probability.push_back(static_cast<double>(std::count_if(
                              v.begin(), v.end(), [&](double x) { return x < threshold; })) /
                          n);
  }
  std::vector<Summary> summaries(totals.size());
  parallel_for(totals.size(), options.threads,
               [&](std::size_t a) { summaries[a] = summarise(std::move(totals[a])); });
  totals.clear();

  ScenarioResult result;
  result.n_paths = n;
  for (const auto& k : plan.averted) {
    AvertedSummary row{scenarios[k.scenario].name, k.crime_type, k.year,  k.months,
                       summaries[k.aggregate],     0.0,          k.cohort};
    for (int a : k.baseline_fans) row.baseline_mean += summaries[a].mean;
    result.averted.push_back(std::move(row));
  }
  for (const auto& k : plan.fans)
    result.paths.push_back({scenarios[k.scenario].name, k.crime_type, options.first + k.t,
                            summaries[k.baseline], summaries[k.with_scenario], k.cohort});
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const TargetKey& k = plan.targets[i];
    result.targets.push_back({targets[k.target].name,
                              k.variant == kBaseline ? "baseline" : scenarios[k.variant].name,
                              probability[i], summaries[k.aggregate], targets[k.target].threshold,
                              !targets[k.target].series.cohort.empty()});
  }
  for (const auto& s : scenarios) {
    int price_year = 0;
    for (const auto& i : s.interventions)
      if (i.costs.any()) price_year = i.costs.price_year;
    const int start = static_cast<int>(s.start() - options.first);
    for (int t0 = start, year = 1; t0 < h; t0 += 12, ++year) {
      const double cost = cost_between(s, options.first + t0, options.first + std::min(h, t0 + 12));
      result.costs.push_back({s.name, year, cost, price_year});
    }
  }
  return result;
}

}  // namespace harmcast::scenario
