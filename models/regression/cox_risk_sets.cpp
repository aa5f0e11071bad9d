// Partial likelihood, score, information and score residuals of the Cox model on sorted data.
// See cox_risk_sets.hpp for the algebra; the recursions are those of survival's coxfit6 and
// coxscore2 (Therneau), regrouped so that the O(n p^2) part is a blocked cross-product.
#include "models/regression/cox_risk_sets.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace harmcast::cox_detail {
namespace {

constexpr std::size_t kBlockRows = 4096;  // fixed blocks: sums do not depend on thread count

std::size_t block_count(std::size_t n) { return (n + kBlockRows - 1) / kBlockRows; }

int thread_count(const SortedCoxData& data) {
  return data.threads > 0 ? data.threads : omp_get_max_threads();
}

void prepare(const SortedCoxData& data, CoxWorkspace& work) {
  if (!work.event_group.empty() || data.groups() == 0) return;
  for (std::size_t g = 0; g < data.groups(); ++g)
    if (data.group_deaths[g] > 0) work.event_group.push_back(g);
  const auto events = static_cast<Eigen::Index>(work.event_group.size());
  for (Eigen::VectorXd* v : {&work.d_out, &work.d_dead, &work.dead_weight, &work.h1, &work.h2,
                             &work.s0, &work.s1, &work.s2})
    v->setZero(events);
}

// beta (active order) -> slot order; a matrix in slot order -> active order.
Eigen::VectorXd to_slots(const SortedCoxData& data, const Eigen::VectorXd& beta) {
  Eigen::VectorXd out(beta.size());
  for (std::size_t k = 0; k < data.cols(); ++k)
    out[static_cast<Eigen::Index>(k)] = beta[data.active_of_slot[k]];
  return out;
}

Eigen::MatrixXd from_slots(const SortedCoxData& data, const Eigen::MatrixXd& m) {
  Eigen::MatrixXd out(m.rows(), m.cols());
  for (std::size_t a = 0; a < data.cols(); ++a)
    for (std::size_t b = 0; b < data.cols(); ++b)
      out(data.active_of_slot[a], data.active_of_slot[b]) =
          m(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
  return out;
}

Eigen::VectorXd from_slots(const SortedCoxData& data, const Eigen::VectorXd& v) {
  Eigen::VectorXd out(v.size());
  for (std::size_t a = 0; a < data.cols(); ++a)
    out[data.active_of_slot[a]] = v[static_cast<Eigen::Index>(a)];
  return out;
}

// target[slot] += r x_i over row i's slots.
inline void add_scaled_row(const SortedCoxData& data, std::size_t i, double r, double* target) {
  const std::size_t d = data.dense_cols();
  const double* xd = data.dense.data() + i * d;
  for (std::size_t j = 0; j < d; ++j) target[j] += r * xd[j];
  for (std::size_t k = data.ones_begin[i]; k < data.ones_begin[i + 1]; ++k)
    target[d + data.ones[k]] += r;
}

}  // namespace

double cox_loglik(const SortedCoxData& data, const Eigen::VectorXd& beta, CoxWorkspace& work) {
  prepare(data, work);
  const std::size_t n = data.rows();
  work.eta.resize(static_cast<Eigen::Index>(n));
  work.risk.resize(static_cast<Eigen::Index>(n));
  const Eigen::VectorXd beta_slot = to_slots(data, beta);
  const auto blocks = static_cast<long>(block_count(n));
#pragma omp parallel for schedule(static) num_threads(thread_count(data)) if (blocks > 3)
  for (long b = 0; b < blocks; ++b) {
    const auto start = static_cast<Eigen::Index>(b * kBlockRows);
    const auto len = std::min<Eigen::Index>(kBlockRows, static_cast<Eigen::Index>(n) - start);
    data.linear_predictor(beta_slot, static_cast<std::size_t>(start), static_cast<std::size_t>(len),
                          work.eta.data() + start);
    for (Eigen::Index i = start; i < start + len; ++i)
      work.risk[i] = data.weight[i] * std::exp(work.eta[i]);
  }

  // Reverse pass over time groups: risk-set denominators and the Efron steps.
  double loglik = 0;
  double running = 0;
  int stratum = -1;
  auto e = static_cast<Eigen::Index>(work.event_group.size());
  for (std::size_t g = data.groups(); g-- > 0;) {
    const std::size_t begin = data.group_begin[g], end = data.group_begin[g + 1];
    if (data.stratum[begin] != stratum) {
      stratum = data.stratum[begin];
      running = 0;
    }
    double censored = 0, dead = 0, dead_weight = 0;
    for (std::size_t i = begin; i < end; ++i) {
      if (data.event[i]) {
        dead += work.risk[i];
        dead_weight += data.weight[i];
        loglik += data.weight[i] * work.eta[i];
      } else {
        censored += work.risk[i];
      }
    }
    const int deaths = data.group_deaths[g];
    if (deaths > 0) {
      --e;
      const double out = running + censored;
      work.d_out[e] = out;
      work.d_dead[e] = dead;
      work.dead_weight[e] = dead_weight;
      double h1 = 0, h2 = 0, s0 = 0, s1 = 0, s2 = 0;
      if (!data.efron || deaths == 1) {
        const double denom = out + dead;
        loglik -= dead_weight * std::log(denom);
        h1 = h2 = dead_weight / denom;
        s0 = s1 = s2 = h1 / denom;
      } else {
        const double mean_weight = dead_weight / deaths;
        for (int k = 0; k < deaths; ++k) {
          const double c = static_cast<double>(k + 1) / deaths;
          const double denom = out + c * dead;
          loglik -= mean_weight * std::log(denom);
          const double inv = mean_weight / denom;
          h1 += inv;
          h2 += c * inv;
          s0 += inv / denom;
          s1 += c * inv / denom;
          s2 += c * c * inv / denom;
        }
      }
      work.h1[e] = h1;
      work.h2[e] = h2;
      work.s0[e] = s0;
      work.s1[e] = s1;
      work.s2[e] = s2;
    }
    running += censored + dead;
  }
  return loglik;
}

void cox_derivatives(const SortedCoxData& data, CoxWorkspace& work, Eigen::VectorXd& score,
                     Eigen::MatrixXd& information) {
  const std::size_t n = data.rows();
  const auto q = static_cast<Eigen::Index>(data.cols());
  const auto events = static_cast<Eigen::Index>(work.event_group.size());
  score.setZero(q);
  information.setZero(q, q);
  if (q == 0) return;

  // 1. Reverse pass: A_out and A_dead for each event group.
  work.a_out.resize(q, events);
  work.a_dead.resize(q, events);
  Eigen::VectorXd running = Eigen::VectorXd::Zero(q);
  Eigen::VectorXd censored(q), dead(q);
  int stratum = -1;
  Eigen::Index e = events;
  for (std::size_t g = data.groups(); g-- > 0;) {
    const std::size_t begin = data.group_begin[g], end = data.group_begin[g + 1];
    if (data.stratum[begin] != stratum) {
      stratum = data.stratum[begin];
      running.setZero();
    }
    censored.setZero();
    dead.setZero();
    for (std::size_t i = begin; i < end; ++i)
      add_scaled_row(data, i, work.risk[static_cast<Eigen::Index>(i)],
                     data.event[i] ? dead.data() : censored.data());
    if (data.group_deaths[g] > 0) {
      --e;
      work.a_out.col(e) = running + censored;
      work.a_dead.col(e) = dead;
    }
    running += censored + dead;
  }

  // 2. Forward pass: cumulative weight H_j of each row.
  work.cum_weight.resize(static_cast<Eigen::Index>(n));
  double cumulative = 0;
  stratum = -1;
  e = 0;
  for (std::size_t g = 0; g < data.groups(); ++g) {
    const std::size_t begin = data.group_begin[g], end = data.group_begin[g + 1];
    if (data.stratum[begin] != stratum) {
      stratum = data.stratum[begin];
      cumulative = 0;
    }
    if (data.group_deaths[g] > 0) {
      for (std::size_t i = begin; i < end; ++i)
        work.cum_weight[static_cast<Eigen::Index>(i)] =
            cumulative + (data.event[i] ? work.h2[e] : work.h1[e]);
      cumulative += work.h1[e];
      ++e;
    } else {
      for (std::size_t i = begin; i < end; ++i)
        work.cum_weight[static_cast<Eigen::Index>(i)] = cumulative;
    }
  }

  // 3. Blocked, parallel: U = X'(w.delta - r.H), I = X' diag(r.H) X.
  const auto blocks = static_cast<long>(block_count(n));
  std::vector<Eigen::MatrixXd> block_info(static_cast<std::size_t>(blocks));
  Eigen::MatrixXd block_score(q, blocks);
#pragma omp parallel num_threads(thread_count(data)) if (blocks > 3)
  {
    Eigen::VectorXd residual, v;
#pragma omp for schedule(static)
    for (long b = 0; b < blocks; ++b) {
      const auto start = static_cast<Eigen::Index>(b * kBlockRows);
      const auto len = std::min<Eigen::Index>(kBlockRows, static_cast<Eigen::Index>(n) - start);
      residual.resize(len);
      v.resize(len);
      for (Eigen::Index i = 0; i < len; ++i) {
        const Eigen::Index row = start + i;
        v[i] = work.risk[row] * work.cum_weight[row];
        residual[i] = (data.event[static_cast<std::size_t>(row)] ? data.weight[row] : 0.0) - v[i];
      }
      block_score.col(b).setZero();
      // Row-major q x q accumulator: its lower triangle is the upper of the column-major view.
      Eigen::MatrixXd& info = block_info[static_cast<std::size_t>(b)];
      info.setZero(q, q);
      weighted_crossprod_slots(data, static_cast<std::size_t>(start), static_cast<std::size_t>(len),
                               v.data(), residual.data(), info.data(), block_score.col(b).data());
    }
  }
  for (long b = 0; b < blocks; ++b) {
    score += block_score.col(b);
    information += block_info[static_cast<std::size_t>(b)];
  }
  // The kernel filled the row-major lower triangle = the column-major upper triangle.
  information.triangularView<Eigen::StrictlyLower>() = information.transpose();

  // 4. The mean-product terms of each event group: q x q from q x E factors (E event times).
  // Coefficient-wise products: small, and kept off Eigen's threaded GEMM (which spins on a
  // loaded machine).
  if (events > 0) {
    const Eigen::MatrixXd out_s0 = work.a_out * work.s0.asDiagonal();
    const Eigen::MatrixXd dead_s1 = work.a_dead * work.s1.asDiagonal();
    const Eigen::MatrixXd dead_s2 = work.a_dead * work.s2.asDiagonal();
    Eigen::MatrixXd correction = out_s0.lazyProduct(work.a_out.transpose());
    correction += dead_s1.lazyProduct(work.a_out.transpose());
    correction += work.a_out.lazyProduct(dead_s1.transpose());
    correction += dead_s2.lazyProduct(work.a_dead.transpose());
    information -= correction;
  }
  score = from_slots(data, Eigen::VectorXd(score));
  information = from_slots(data, Eigen::MatrixXd(information));
}

Eigen::MatrixXd cox_score_residual_crossprod(const SortedCoxData& data, const CoxWorkspace& work,
                                             const std::vector<int>& cluster_of_sorted_row,
                                             int clusters, Eigen::VectorXd& total) {
  const auto q = static_cast<Eigen::Index>(data.cols());
  const bool by_cluster = clusters > 0;
  Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(q, q);
  total.setZero(q);
  if (q == 0) return cross;
  Eigen::MatrixXd cluster_sums;
  if (by_cluster) cluster_sums.setZero(clusters, q);
  RowMatrix buffer(static_cast<Eigen::Index>(kBlockRows), q);
  Eigen::Index buffered = 0;
  auto flush = [&] {
    if (buffered == 0) return;
    cross.selfadjointView<Eigen::Lower>().rankUpdate(buffer.topRows(buffered).transpose());
    buffered = 0;
  };

  Eigen::VectorXd hm_cum = Eigen::VectorXd::Zero(q), hm1(q), mbar(q), hmdw(q), resid(q), xi(q);
  double h_cum = 0;
  int stratum = -1;
  Eigen::Index e = 0;
  for (std::size_t g = 0; g < data.groups(); ++g) {
    const std::size_t begin = data.group_begin[g], end = data.group_begin[g + 1];
    if (data.stratum[begin] != stratum) {
      stratum = data.stratum[begin];
      h_cum = 0;
      hm_cum.setZero();
    }
    const int deaths = data.group_deaths[g];
    double h1 = 0, hdw = 0;
    if (deaths > 0) {
      // Efron steps as coxscore2: downweight dd/d of the deaths' risk at step dd.
      const double out = work.d_out[e], dead = work.d_dead[e];
      double a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
      const int steps = (data.efron && deaths > 1) ? deaths : 1;
      const double mean_weight = work.dead_weight[e] / steps;
      for (int dd = 0; dd < steps; ++dd) {
        const double keep = 1.0 - static_cast<double>(dd) / steps;  // 1 - downwt
        const double denom = out + keep * dead;
        const double hazard = mean_weight / denom;
        h1 += hazard;
        a1 += hazard / denom;
        b1 += hazard * keep / denom;
        a2 += 1.0 / denom / steps;
        b2 += keep / denom / steps;
        hdw += hazard * keep;
        a3 += hazard * keep / denom;
        b3 += hazard * keep * keep / denom;
      }
      hm1.noalias() = a1 * work.a_out.col(e) + b1 * work.a_dead.col(e);
      mbar.noalias() = a2 * work.a_out.col(e) + b2 * work.a_dead.col(e);
      hmdw.noalias() = a3 * work.a_out.col(e) + b3 * work.a_dead.col(e);
    }
    for (std::size_t i = begin; i < end; ++i) {
      const auto row = static_cast<Eigen::Index>(i);
      data.expand_row(i, xi.data());
      const double score = std::exp(work.eta[row]);
      if (deaths > 0 && data.event[i]) {
        resid = xi - mbar - score * (xi * (hdw + h_cum) - hmdw - hm_cum);
      } else if (deaths > 0) {
        resid = -score * (xi * (h_cum + h1) - hm_cum - hm1);
      } else {
        resid = -score * (xi * h_cum - hm_cum);
      }
      resid *= data.weight[row];
      total += resid;
      if (by_cluster) {
        cluster_sums.row(cluster_of_sorted_row[i]) += resid.transpose();
      } else {
        buffer.row(buffered++) = resid.transpose();
        if (buffered == buffer.rows()) flush();
      }
    }
    if (deaths > 0) {
      h_cum += h1;
      hm_cum += hm1;
      ++e;
    }
  }
  if (by_cluster) {
    cross.selfadjointView<Eigen::Lower>().rankUpdate(cluster_sums.transpose());
  } else {
    flush();
  }
  cross.triangularView<Eigen::StrictlyUpper>() = cross.transpose();
  total = from_slots(data, Eigen::VectorXd(total));
  return from_slots(data, cross);
}

}  // namespace harmcast::cox_detail
