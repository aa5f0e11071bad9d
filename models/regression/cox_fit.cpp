// fit_cox: input checks, sorting into risk sets, Newton-Raphson as survival's coxfit6, and the
// result (variances, tests, concordance, R's warnings).
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <map>

#include "engine/core/error.hpp"
#include "models/regression/cox.hpp"
#include "models/regression/cox_risk_sets.hpp"

namespace harmcast {
namespace {

using cox_detail::SortedCoxData;

constexpr const char* kWhere = "cox";

std::string row_label(Eigen::Index row) { return "row " + std::to_string(row + 1); }

void check_inputs(const Eigen::MatrixXd& X, const Eigen::VectorXd& time,
                  const Eigen::VectorXi& event, const std::vector<std::string>& names,
                  const CoxRowData& rows) {
  const Eigen::Index n = X.rows();
  if (time.size() != n || event.size() != n)
    throw Error(kWhere,
                "the design has " + std::to_string(n) + " rows but time has " +
                    std::to_string(time.size()) + " and event " + std::to_string(event.size()),
                "pass one time and one event indicator per row");
  if (static_cast<Eigen::Index>(names.size()) != X.cols())
    throw Error(kWhere, "the design has " + std::to_string(X.cols()) + " columns but " +
                            std::to_string(names.size()) + " names");
  if (n == 0)
    throw Error(kWhere, "no rows to fit", "check that rows with missing values left some data");
  auto check_size = [&](Eigen::Index size, const char* what) {
    if (size != 0 && size != n)
      throw Error(kWhere,
                  std::string(what) + " has " + std::to_string(size) + " entries, the data " +
                      std::to_string(n) + " rows",
                  "give one per row or none");
  };
  check_size(rows.strata.size(), "strata");
  check_size(rows.weights.size(), "weights");
  check_size(rows.cluster.size(), "cluster");
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!std::isfinite(time[i]))
      throw Error(kWhere, row_label(i) + ": survival time is missing or not finite",
                  "drop rows with missing times before fitting");
    if (time[i] < 0)  // 0 is allowed, as coxph (an event on the day follow-up starts)
      throw Error(kWhere,
                  row_label(i) + ": survival time " + std::to_string(time[i]) + " is negative",
                  "times must be >= 0 (a follow-up length, not a date)");
    if (event[i] != 0 && event[i] != 1)
      throw Error(kWhere,
                  row_label(i) + ": event indicator is " + std::to_string(event[i]) +
                      ", expected 0 (censored) or 1 (event)",
                  "recode the status column to 0/1 (R's Surv also reads 1/2, harmcast does not)");
    if (rows.weights.size() != 0 && !(rows.weights[i] > 0 && std::isfinite(rows.weights[i])))
      throw Error(kWhere,
                  row_label(i) + ": case weight " + std::to_string(rows.weights[i]) +
                      " is not a positive finite number",
                  "weights must be > 0, as in coxph");
  }
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    for (Eigen::Index i = 0; i < n; ++i)
      if (!std::isfinite(X(i, j)))
        throw Error(kWhere,
                    row_label(i) + ": covariate '" + names[static_cast<std::size_t>(j)] +
                        "' is missing or not finite",
                    "drop rows with missing values before fitting");
  if (event.sum() == 0)
    throw Error(kWhere, "no events: every row is censored",
                "a Cox model needs at least one event (event = 1)");
}

// Consecutive ids 0..k-1 in the sorted order of the distinct input ids (R's factor levels).
std::vector<int> dense_ids(const Eigen::VectorXi& ids, int& count) {
  std::map<int, int> code;
  for (Eigen::Index i = 0; i < ids.size(); ++i) code.emplace(ids[i], 0);
  int next = 0;
  for (auto& [id, c] : code) c = next++;
  count = next;
  std::vector<int> out(static_cast<std::size_t>(ids.size()));
  for (Eigen::Index i = 0; i < ids.size(); ++i) out[static_cast<std::size_t>(i)] = code[ids[i]];
  return out;
}

// Rows in (stratum, time) order, ties in input order (as a stable sort). Integer times over a
// modest range (days, weeks: the usual case) are bucket-sorted in O(n); others are sorted with
// the keys beside their rows.
std::vector<std::size_t> sorted_order(const Eigen::VectorXd& time, const std::vector<int>& stratum,
                                      int strata_count) {
  const auto n = static_cast<std::size_t>(time.size());
  std::vector<std::size_t> order(n);
  const double low = time.minCoeff(), high = time.maxCoeff();
  const double buckets = (high - low + 1) * strata_count;
  const bool integers = (time.array() == time.array().floor()).all();
  if (integers && buckets <= 4.0 * static_cast<double>(n) + 1024) {
    const auto span = static_cast<std::size_t>(high - low + 1);
    auto bucket = [&](std::size_t i) {
      return static_cast<std::size_t>(stratum[i]) * span +
             static_cast<std::size_t>(time[static_cast<Eigen::Index>(i)] - low);
    };
    std::vector<std::size_t> next(static_cast<std::size_t>(buckets) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++next[bucket(i) + 1];
    for (std::size_t b = 1; b < next.size(); ++b) next[b] += next[b - 1];
    for (std::size_t i = 0; i < n; ++i) order[next[bucket(i)]++] = i;
    return order;
  }
  struct Key {
    int stratum;
    double time;
    std::size_t row;
    bool operator<(const Key& o) const {
      if (stratum != o.stratum) return stratum < o.stratum;
      if (time != o.time) return time < o.time;
      return row < o.row;
    }
  };
  std::vector<Key> keys(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = {stratum[i], time[static_cast<Eigen::Index>(i)], i};
  std::sort(keys.begin(), keys.end());
  for (std::size_t k = 0; k < n; ++k) order[k] = keys[k].row;
  return order;
}

SortedCoxData sort_data(const Eigen::MatrixXd& X, const Eigen::VectorXd& time,
                        const Eigen::VectorXi& event, const CoxRowData& rows,
                        const CoxOptions& options, cox_detail::CoxColumns& columns) {
  const auto n = static_cast<std::size_t>(X.rows());
  SortedCoxData data;
  data.efron = options.ties == CoxTies::Efron;
  data.threads = options.threads;
  int strata_count = 1;
  std::vector<int> stratum_of_row =
      rows.strata.size() ? dense_ids(rows.strata, strata_count) : std::vector<int>(n, 0);
  data.order = sorted_order(time, stratum_of_row, strata_count);
  data.time.resize(static_cast<Eigen::Index>(n));
  data.weight.resize(static_cast<Eigen::Index>(n));
  data.event.resize(n);
  data.stratum.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto i = static_cast<Eigen::Index>(data.order[k]);
    const auto kk = static_cast<Eigen::Index>(k);
    data.time[kk] = time[i];
    data.weight[kk] = rows.weights.size() ? rows.weights[i] : 1.0;
    data.event[k] = static_cast<unsigned char>(event[i]);
    data.stratum[k] = stratum_of_row[data.order[k]];
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (k == 0 || data.stratum[k] != data.stratum[k - 1] ||
        data.time[static_cast<Eigen::Index>(k)] != data.time[static_cast<Eigen::Index>(k - 1)]) {
      data.group_begin.push_back(k);
      data.group_deaths.push_back(0);
    }
    data.group_deaths.back() += data.event[k];
  }
  data.group_begin.push_back(n);

  Eigen::VectorXd input_weight(static_cast<Eigen::Index>(n));
  for (std::size_t k = 0; k < n; ++k)
    input_weight[static_cast<Eigen::Index>(data.order[k])] =
        data.weight[static_cast<Eigen::Index>(k)];
  columns = cox_detail::fill_cox_covariates(X, input_weight, options.threads, data);
  return data;
}

double chi_squared_upper(double statistic, int df) {
  if (df <= 0 || !std::isfinite(statistic)) return std::nan("");
  if (statistic <= 0) return 1.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared(df), statistic));
}

// x' V^- x over a symmetric V, dropping near-singular directions as coxph.wtest does.
double quadratic_test(const Eigen::MatrixXd& v, const Eigen::VectorXd& x, double toler) {
  if (x.size() == 0) return 0;
  const auto ldl = cox_detail::ldl_factor(v, toler);
  return x.dot(cox_detail::ldl_solve(ldl, x));
}

std::string join_indices(const std::vector<int>& indices) {
  std::string out;
  for (int i : indices) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

}  // namespace

CoxResult fit_cox(const Eigen::MatrixXd& X, const Eigen::VectorXd& time,
                  const Eigen::VectorXi& event, const std::vector<std::string>& names,
                  const CoxOptions& options, const CoxRowData& rows) {
  options.validate();
  check_inputs(X, time, event, names, rows);
  cox_detail::CoxColumns columns;
  SortedCoxData data = sort_data(X, time, event, rows, options, columns);
  const auto q = static_cast<Eigen::Index>(columns.active.size());
  const Eigen::Index p = X.cols();
  const std::size_t n = data.rows();

  int clusters = 0;
  std::vector<int> cluster_of_sorted_row;
  const bool robust = options.robust || rows.cluster.size() != 0;
  if (robust) {
    if (rows.cluster.size()) {
      std::vector<int> ids = dense_ids(rows.cluster, clusters);
      cluster_of_sorted_row.resize(n);
      for (std::size_t k = 0; k < n; ++k) cluster_of_sorted_row[k] = ids[data.order[k]];
    }
  }

  // Newton-Raphson with step-halving (coxfit6).
  cox_detail::CoxWorkspace work;
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(q), u;
  Eigen::MatrixXd imat;
  const double loglik0 = cox_detail::cox_loglik(data, beta, work);
  cox_detail::cox_derivatives(data, work, u, imat);
  CoxResult result;
  if (robust && q > 0) {
    Eigen::VectorXd u0;
    const Eigen::MatrixXd cross =
        cox_detail::cox_score_residual_crossprod(data, work, cluster_of_sorted_row, clusters, u0);
    result.has_robust_score = true;
    result.robust_score.statistic = quadratic_test(cross, u0, options.toler_chol);
  }
  auto ldl = cox_detail::ldl_factor(imat, options.toler_chol);
  const Eigen::VectorXd step0 = cox_detail::ldl_solve(ldl, u);
  const double score_statistic = u.dot(step0);

  double best = loglik0, loglik = loglik0;
  bool converged = false;
  int iter = 0;
  if (options.max_iter > 0 && std::isfinite(loglik0) && q > 0) {
    Eigen::VectorXd newbeta = beta + step0;
    int halving = 0;
    for (iter = 1; iter <= options.max_iter; ++iter) {
      const double newlk = cox_detail::cox_loglik(data, newbeta, work);
      bool finite = std::isfinite(newlk);
      const bool close = finite && std::fabs(1 - best / newlk) <= options.eps;
      if (close || (finite && newlk >= best)) {
        cox_detail::cox_derivatives(data, work, u, imat);
        finite = u.allFinite() && imat.allFinite();
        if (finite) ldl = cox_detail::ldl_factor(imat, options.toler_chol);
      }
      if (finite && close) {
        loglik = newlk;
        beta = newbeta;
        converged = true;
        break;
      }
      if (!finite || newlk < best) {
        ++halving;
        newbeta = (newbeta + halving * beta) / (halving + 1.0);
      } else {
        halving = 0;
        best = newlk;
        const Eigen::VectorXd step = cox_detail::ldl_solve(ldl, u);
        beta = newbeta;
        newbeta += step;
      }
    }
    if (!converged) {
      iter = options.max_iter;
      loglik = cox_detail::cox_loglik(data, beta, work);
      cox_detail::cox_derivatives(data, work, u, imat);
      ldl = cox_detail::ldl_factor(imat, options.toler_chol);
    }
  } else {
    converged = q == 0 || options.max_iter == 0;
  }
  const Eigen::MatrixXd var_scaled = cox_detail::ldl_inverse(ldl);

  // Back to the input columns and scale.
  const Eigen::VectorXd& s = columns.scale;
  result.coefficients = Eigen::VectorXd::Constant(p, std::nan(""));
  result.naive_variance = Eigen::MatrixXd::Zero(p, p);
  result.variance = Eigen::MatrixXd::Zero(p, p);
  result.score_vector = Eigen::VectorXd::Zero(p);
  result.means = Eigen::VectorXd::Zero(p);
  Eigen::MatrixXd robust_scaled;
  if (robust && q > 0) {
    Eigen::VectorXd total;
    const Eigen::MatrixXd cross = cox_detail::cox_score_residual_crossprod(
        data, work, cluster_of_sorted_row, clusters, total);
    robust_scaled = var_scaled * cross * var_scaled;
  }
  std::vector<bool> aliased(static_cast<std::size_t>(p), false);
  for (Eigen::Index j = 0; j < p; ++j)
    aliased[static_cast<std::size_t>(j)] = columns.constant[static_cast<std::size_t>(j)];
  for (Eigen::Index a = 0; a < q; ++a) {
    const Eigen::Index j = columns.active[static_cast<std::size_t>(a)];
    result.means[j] = columns.means[a];
    result.coefficients[j] = beta[a] * s[a];
    result.score_vector[j] = u[a] / s[a];
    if (var_scaled(a, a) == 0 && options.max_iter > 0) aliased[static_cast<std::size_t>(j)] = true;
    for (Eigen::Index b = 0; b < q; ++b) {
      const Eigen::Index k = columns.active[static_cast<std::size_t>(b)];
      result.naive_variance(j, k) = var_scaled(a, b) * s[a] * s[b];
      result.variance(j, k) = (robust ? robust_scaled(a, b) : var_scaled(a, b)) * s[a] * s[b];
    }
  }
  for (Eigen::Index j = 0; j < p; ++j)
    if (aliased[static_cast<std::size_t>(j)]) result.coefficients[j] = std::nan("");

  // R's convergence warnings (coxph.fit).
  if (options.max_iter > 1 && q > 0) {
    Eigen::VectorXd coef_filled = result.coefficients;
    for (Eigen::Index j = 0; j < p; ++j)
      if (std::isnan(coef_filled[j])) coef_filled[j] = 0;
    const Eigen::VectorXd infs =
        (result.score_vector.transpose() * result.naive_variance).cwiseAbs();
    if (!converged) {
      result.warnings.push_back("Ran out of iterations and did not converge");
      const double max_lp = (X * coef_filled).maxCoeff() - coef_filled.dot(result.means);
      if (max_lp > 500 || !infs.allFinite())
        result.warnings.push_back("one or more coefficients may be infinite");
    } else {
      std::vector<int> flagged;
      for (Eigen::Index j = 0; j < p; ++j) {
        if (aliased[static_cast<std::size_t>(j)]) continue;
        if (!std::isfinite(result.score_vector[j]) ||
            (infs[j] > options.eps && infs[j] > options.toler_inf * std::fabs(coef_filled[j])))
          flagged.push_back(static_cast<int>(j + 1));
      }
      if (!flagged.empty())
        result.warnings.push_back("Loglik converged before variable " + join_indices(flagged) +
                                  "; coefficient may be infinite.");
    }
  }

  // Terms, tests.
  const double z_crit =
      boost::math::quantile(boost::math::normal(), 1 - (1 - options.conf_level) / 2);
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < p; ++j) {
    CoxTerm term;
    term.name = names[static_cast<std::size_t>(j)];
    term.aliased = aliased[static_cast<std::size_t>(j)];
    if (term.aliased) {
      term.estimate = term.std_error = term.naive_std_error = term.z = term.p_value =
          term.hazard_ratio = term.conf_low = term.conf_high = std::nan("");
    } else {
      kept.push_back(j);
      term.estimate = result.coefficients[j];
      term.std_error = std::sqrt(result.variance(j, j));
      term.naive_std_error = std::sqrt(result.naive_variance(j, j));
      term.z = term.estimate / term.std_error;
      term.p_value = std::erfc(std::fabs(term.z) / std::sqrt(2.0));
      term.hazard_ratio = std::exp(term.estimate);
      term.conf_low = std::exp(term.estimate - z_crit * term.std_error);
      term.conf_high = std::exp(term.estimate + z_crit * term.std_error);
    }
    result.terms.push_back(term);
  }
  const int df = static_cast<int>(kept.size());
  Eigen::VectorXd kept_coef(df);
  Eigen::MatrixXd kept_var(df, df);
  for (int a = 0; a < df; ++a) {
    kept_coef[a] = result.coefficients[kept[static_cast<std::size_t>(a)]];
    for (int b = 0; b < df; ++b)
      kept_var(a, b) =
          result.variance(kept[static_cast<std::size_t>(a)], kept[static_cast<std::size_t>(b)]);
  }
  result.loglik_null = loglik0;
  result.loglik = loglik;
  result.likelihood_ratio = {2 * (loglik - loglik0), df,
                             chi_squared_upper(2 * (loglik - loglik0), df)};
  const double wald = quadratic_test(kept_var, kept_coef, options.toler_chol);
  result.wald = {wald, df, chi_squared_upper(wald, df)};
  result.score = {score_statistic, df, chi_squared_upper(score_statistic, df)};
  if (result.has_robust_score) {
    result.robust_score.df = df;
    result.robust_score.p_value = chi_squared_upper(result.robust_score.statistic, df);
  }

  if (options.concordance) {
    const auto c = cox_detail::cox_concordance(data, work.eta, cluster_of_sorted_row, clusters);
    result.concordance = {c.concordant, c.discordant,  c.tied_risk,          c.tied_time,
                          c.tied_both,  c.concordance, std::sqrt(c.variance)};
  }
  result.n = n;
  result.n_events = event.cast<double>().sum();
  result.iterations = iter;
  result.ties = options.ties;
  result.robust = robust;
  result.status = converged ? FitStatus::kConverged : FitStatus::kUsable;
  result.message = converged ? "converged in " + std::to_string(iter) + " iterations"
                             : "did not converge in " + std::to_string(iter) + " iterations";
  for (const auto& w : result.warnings) result.message += "; " + w;
  return result;
}

}  // namespace harmcast
