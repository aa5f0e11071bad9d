// Harrell's concordance for a Cox fit, with the infinitesimal-jackknife variance, as
// survival::concordancefit computes it for coxph (timewt = "n", reverse = TRUE): a pair (i, j) is
// comparable when i has an event and j is still at risk after t_i (t_j > t_i, or t_j = t_i and j
// censored), both in the same stratum, with weight w_i w_j; concordant when eta_i > eta_j.
// Tied event times are not compared (counted as tied_time / tied_both).
// Two passes with Fenwick trees over the risk ranks, run side by side: O(n log n).
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#include "models/regression/cox_risk_sets.hpp"

namespace harmcast::cox_detail {
namespace {

// Fenwick tree over risk ranks, plus the weight at each rank so that ties need no second query.
// Tree node i and the weight at rank i - 1 share a cache line: an insert or a query starts at
// the node holding both. T is double, or a 32-bit count when every weight is 1 (the sums are
// the same whole numbers; the tree takes half the memory, so more of it stays in cache).
template <class T>
class Fenwick {
 public:
  explicit Fenwick(std::size_t size) : nodes_(size + 1) {}
  void add(std::size_t index, double value) {
    const auto v = static_cast<T>(value);
    nodes_[index + 1].point += v;
    for (std::size_t i = index + 1; i < nodes_.size(); i += i & (~i + 1)) nodes_[i].tree += v;
  }
  double at(std::size_t index) const { return static_cast<double>(nodes_[index + 1].point); }
  double prefix(std::size_t count) const {  // sum of entries [0, count)
    T s = 0;
    for (std::size_t i = count; i > 0; i -= i & (~i + 1)) s += nodes_[i].tree;
    return static_cast<double>(s);
  }

 private:
  struct Node {
    T tree = 0, point = 0;
  };
  std::vector<Node> nodes_;
};

}  // namespace

namespace {

// The order-preserving unsigned key of a double (not NaN; -0 and +0 share a key).
std::uint64_t order_key(double v) {
  if (v == 0) v = 0.0;
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// Dense ranks 0..k-1 of eta over rows [begin, end) (equal values share a rank); returns k.
// An LSD radix sort of the keys (11-bit digits, digits all rows share skipped): several times
// faster than a comparison sort on a million rows.
std::size_t rank_rows(const Eigen::VectorXd& eta, std::size_t begin, std::size_t end,
                      std::vector<std::size_t>& rank) {
  struct Item {
    std::uint64_t key;
    std::size_t row;
  };
  const std::size_t m = end - begin;
  std::vector<Item> items(m), buffer(m);
  for (std::size_t i = begin; i < end; ++i)
    items[i - begin] = {order_key(eta[static_cast<Eigen::Index>(i)]), i};
  constexpr int kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  std::vector<std::size_t> count(kBuckets);
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), 0);
    for (const Item& item : items) ++count[(item.key >> shift) & (kBuckets - 1)];
    if (m == 0 || count[(items[0].key >> shift) & (kBuckets - 1)] == m) continue;
    std::size_t total = 0;
    for (std::size_t& c : count) total += std::exchange(c, total);
    for (const Item& item : items) buffer[count[(item.key >> shift) & (kBuckets - 1)]++] = item;
    items.swap(buffer);
  }
  std::size_t k = 0;
  for (std::size_t j = 0; j < m; ++j) {
    if (j > 0 && items[j].key != items[j - 1].key) ++k;
    rank[items[j].row] = k;
  }
  return m == 0 ? 0 : k + 1;
}

// Per-row sums of comparable weight with lower / higher / equal risk, from one pass.
struct PairSums {
  std::vector<double> conc, disc, tied;
  explicit PairSums(std::size_t n) : conc(n, 0.0), disc(n, 0.0), tied(n, 0.0) {}
};

// Reverse pass over the time groups [group_start, group_stop): each event against the rows
// still at risk after it; also the tied-time and tied-both counts.
template <class T>
void reverse_pass(const SortedCoxData& data, const std::vector<std::size_t>& rank,
                  std::size_t ranks, std::size_t group_start, std::size_t group_stop,
                  PairSums& sums, ConcordanceCounts& out) {
  Fenwick<T> tree(ranks);
  double at_risk = 0;
  for (std::size_t g = group_stop; g-- > group_start;) {
    const std::size_t begin = data.group_begin[g], end = data.group_begin[g + 1];
    for (std::size_t i = begin; i < end; ++i)
      if (!data.event[i]) {
        tree.add(rank[i], data.weight[static_cast<Eigen::Index>(i)]);
        at_risk += data.weight[static_cast<Eigen::Index>(i)];
      }
    for (std::size_t i = begin; i < end; ++i) {
      if (!data.event[i]) continue;
      const double below = tree.prefix(rank[i]);
      const double equal = tree.at(rank[i]);
      sums.conc[i] += below;
      sums.disc[i] += at_risk - below - equal;
      sums.tied[i] += equal;
    }
    double group_weight = 0, group_weight2 = 0;
    for (std::size_t i = begin; i < end; ++i)
      if (data.event[i]) {
        const double w = data.weight[static_cast<Eigen::Index>(i)];
        tree.add(rank[i], w);
        at_risk += w;
        group_weight += w;
        group_weight2 += w * w;
      }
    // Pairs of events at the same time: not comparable.
    if (data.group_deaths[g] > 1) {
      const double pairs = 0.5 * (group_weight * group_weight - group_weight2);
      std::vector<std::pair<std::size_t, double>> by_rank;
      for (std::size_t i = begin; i < end; ++i)
        if (data.event[i]) by_rank.emplace_back(rank[i], data.weight[static_cast<Eigen::Index>(i)]);
      std::sort(by_rank.begin(), by_rank.end());
      double both = 0;
      for (std::size_t a = 0; a < by_rank.size();) {
        std::size_t b = a;
        double s = 0, s2 = 0;
        for (; b < by_rank.size() && by_rank[b].first == by_rank[a].first; ++b) {
          s += by_rank[b].second;
          s2 += by_rank[b].second * by_rank[b].second;
        }
        both += 0.5 * (s * s - s2);
        a = b;
      }
      out.tied_both += both;
      out.tied_time += pairs - both;
    }
  }
}

// Forward pass: each row against the events before it (and, if censored, at its time).
template <class T>
void forward_pass(const SortedCoxData& data, const std::vector<std::size_t>& rank,
                  std::size_t ranks, std::size_t group_start, std::size_t group_stop,
                  PairSums& sums) {
  Fenwick<T> tree(ranks);
  double events_so_far = 0;
  for (std::size_t g = group_start; g < group_stop; ++g) {
    const std::size_t begin = data.group_begin[g], end = data.group_begin[g + 1];
    auto query = [&](std::size_t i) {
      const double below = tree.prefix(rank[i]);
      const double equal = tree.at(rank[i]);
      sums.conc[i] += events_so_far - below - equal;  // the event had the higher risk
      sums.disc[i] += below;
      sums.tied[i] += equal;
    };
    for (std::size_t i = begin; i < end; ++i)
      if (data.event[i]) query(i);
    for (std::size_t i = begin; i < end; ++i)
      if (data.event[i]) {
        tree.add(rank[i], data.weight[static_cast<Eigen::Index>(i)]);
        events_so_far += data.weight[static_cast<Eigen::Index>(i)];
      }
    for (std::size_t i = begin; i < end; ++i)
      if (!data.event[i]) query(i);
  }
}

}  // namespace

ConcordanceCounts cox_concordance(const SortedCoxData& data, const Eigen::VectorXd& eta,
                                  const std::vector<int>& cluster_of_sorted_row, int clusters) {
  ConcordanceCounts out;
  const std::size_t n = data.rows();
  // The two passes are independent: run side by side, each with its own sums (added in a fixed
  // order, so the result does not depend on the thread count).
  PairSums reverse(n), forward(n);
  std::vector<std::size_t> rank(n);
  const int threads = data.threads > 0 ? data.threads : omp_get_max_threads();
  const bool unit_weights = n < (std::size_t{1} << 31) && (data.weight.array() == 1.0).all();

  std::size_t group_start = 0;
  while (group_start < data.groups()) {
    // The time groups of one stratum: [group_start, group_stop).
    std::size_t group_stop = group_start;
    const int stratum = data.stratum[data.group_begin[group_start]];
    while (group_stop < data.groups() && data.stratum[data.group_begin[group_stop]] == stratum)
      ++group_stop;
    const std::size_t ranks =
        rank_rows(eta, data.group_begin[group_start], data.group_begin[group_stop], rank);
#pragma omp parallel sections num_threads(std::min(threads, 2)) if (n > 10000)
    {
#pragma omp section
      {
        if (unit_weights)
          reverse_pass<std::uint32_t>(data, rank, ranks, group_start, group_stop, reverse, out);
        else
          reverse_pass<double>(data, rank, ranks, group_start, group_stop, reverse, out);
      }
#pragma omp section
      {
        if (unit_weights)
          forward_pass<std::uint32_t>(data, rank, ranks, group_start, group_stop, forward);
        else
          forward_pass<double>(data, rank, ranks, group_start, group_stop, forward);
      }
    }
    group_start = group_stop;
  }
  std::vector<double>& conc = reverse.conc;
  std::vector<double>& disc = reverse.disc;
  std::vector<double>& tied = reverse.tied;
  for (std::size_t i = 0; i < n; ++i) {
    conc[i] += forward.conc[i];
    disc[i] += forward.disc[i];
    tied[i] += forward.tied[i];
  }

  // Each pair appears once from its event member (the reverse pass) and once from its other
  // member (the forward pass): the totals are half the weighted sums.
  for (std::size_t i = 0; i < n; ++i) {
    const double w = data.weight[static_cast<Eigen::Index>(i)];
    out.concordant += 0.5 * w * conc[i];
    out.discordant += 0.5 * w * disc[i];
    out.tied_risk += 0.5 * w * tied[i];
  }
  const double pairs = out.concordant + out.discordant + out.tied_risk;
  if (pairs <= 0) {
    out.concordance = std::nan("");
    out.variance = std::nan("");
    return out;
  }
  const double somers = (out.concordant - out.discordant) / pairs;
  out.concordance = 0.5 * (somers + 1);
  std::vector<double> dfbeta(clusters > 0 ? static_cast<std::size_t>(clusters) : n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double w = data.weight[static_cast<Eigen::Index>(i)];
    const double d =
        w * ((conc[i] - disc[i]) / pairs - somers / pairs * (conc[i] + disc[i] + tied[i]));
    dfbeta[clusters > 0 ? static_cast<std::size_t>(cluster_of_sorted_row[i]) : i] += d;
  }
  double sum = 0;
  for (double d : dfbeta) sum += d * d;
  out.variance = sum / 4;
  return out;
}

}  // namespace harmcast::cox_detail
