// The covariates of a Cox fit in sorted order, split into dense and 0/1 slots (see
// cox_risk_sets.hpp). Centring and scaling as coxfit6: a column that is not constant and not all
// -1/0/1 is centred on its weighted mean and scaled by n / sum |x - mean| (weighted).
#include <omp.h>

#include <algorithm>
#include <limits>

#include "models/regression/cox_risk_sets.hpp"

namespace harmcast::cox_detail {
namespace {

constexpr std::size_t kTile = 512;  // rows per tile: a tile of every column stays in cache

enum class ColumnKind { Constant, ZeroOne, SignedUnit, Other };  // SignedUnit: -1/0/1 values

// One pass, stopping as soon as the column can only be Other.
ColumnKind classify(const double* x, std::size_t n) {
  bool constant = true, zero_one = true, signed_unit = true;
  for (std::size_t begin = 0; begin < n && (constant || signed_unit); begin += kTile) {
    const std::size_t end = std::min(n, begin + kTile);
    for (std::size_t i = begin; i < end; ++i) {
      const double v = x[i];
      const bool z = v == 0 || v == 1;
      constant &= v == x[0];
      zero_one &= z;
      signed_unit &= z || v == -1;
    }
  }
  if (constant) return ColumnKind::Constant;
  if (zero_one) return ColumnKind::ZeroOne;
  return signed_unit ? ColumnKind::SignedUnit : ColumnKind::Other;
}

}  // namespace

CoxColumns fill_cox_covariates(const Eigen::MatrixXd& X, const Eigen::VectorXd& input_weight,
                               int threads, SortedCoxData& data) {
  const auto n = static_cast<std::size_t>(X.rows());
  const int nthreads = threads > 0 ? threads : omp_get_max_threads();
  std::vector<ColumnKind> kind(static_cast<std::size_t>(X.cols()));
#pragma omp parallel for schedule(dynamic) num_threads(nthreads) if (n > 100000)
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    kind[static_cast<std::size_t>(j)] = classify(X.col(j).data(), n);
  CoxColumns columns;
  columns.constant.assign(static_cast<std::size_t>(X.cols()), false);
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    if (kind[static_cast<std::size_t>(j)] == ColumnKind::Constant)
      columns.constant[static_cast<std::size_t>(j)] = true;
    else
      columns.active.push_back(j);
  }
  const auto q = static_cast<Eigen::Index>(columns.active.size());
  columns.means.setZero(q);
  columns.scale.setOnes(q);
  const double total_weight = input_weight.sum();
  std::vector<Eigen::Index> dense_slots, one_slots;  // active indices of each kind
  std::vector<Eigen::Index> centred;                 // active indices centred and scaled
  for (Eigen::Index c = 0; c < q; ++c) {
    const ColumnKind k =
        kind[static_cast<std::size_t>(columns.active[static_cast<std::size_t>(c)])];
    if (k == ColumnKind::ZeroOne && one_slots.size() < std::numeric_limits<std::uint16_t>::max()) {
      one_slots.push_back(c);
      continue;
    }
    dense_slots.push_back(c);
    if (k == ColumnKind::Other) centred.push_back(c);  // nocenter: -1/0/1 columns stay as they are
  }
#pragma omp parallel for schedule(dynamic) num_threads(nthreads) if (n > 100000)
  for (std::size_t k = 0; k < centred.size(); ++k) {
    const Eigen::Index c = centred[k];
    const auto col = X.col(columns.active[static_cast<std::size_t>(c)]);
    const double mean = col.dot(input_weight) / total_weight;
    const double spread = (col.array() - mean).abs().matrix().dot(input_weight);
    columns.means[c] = mean;
    columns.scale[c] = spread > 0 ? total_weight / spread : 1.0;
  }
  data.active_of_slot = dense_slots;
  data.active_of_slot.insert(data.active_of_slot.end(), one_slots.begin(), one_slots.end());

  // Dense slots: centred and scaled in input order tile by tile (reads whole columns, writes
  // cache-resident rows), then gathered into sorted order as whole rows.
  const auto d = static_cast<Eigen::Index>(dense_slots.size());
  const auto tiles = static_cast<long>((n + kTile - 1) / kTile);
  {
    RowMatrix input_order(static_cast<Eigen::Index>(n), d);
#pragma omp parallel for schedule(static) num_threads(nthreads) if (tiles > 8)
    for (long t = 0; t < tiles; ++t) {
      const std::size_t begin = static_cast<std::size_t>(t) * kTile;
      const std::size_t end = std::min(n, begin + kTile);
      for (Eigen::Index s = 0; s < d; ++s) {
        const Eigen::Index c = dense_slots[static_cast<std::size_t>(s)];
        const double* col = X.col(columns.active[static_cast<std::size_t>(c)]).data();
        const double mean = columns.means[c], scale = columns.scale[c];
        for (std::size_t i = begin; i < end; ++i)
          input_order(static_cast<Eigen::Index>(i), s) = (col[i] - mean) * scale;
      }
    }
    data.dense.resize(static_cast<Eigen::Index>(n), d);
#pragma omp parallel for schedule(static) num_threads(nthreads) if (tiles > 8)
    for (long k = 0; k < static_cast<long>(n); ++k)
      data.dense.row(k) = input_order.row(static_cast<Eigen::Index>(data.order[k]));
  }

  // 0/1 slots: the ones of each row, listed in input order, then copied into sorted order.
  std::vector<std::uint16_t> count(n, 0);
#pragma omp parallel for schedule(static) num_threads(nthreads) if (tiles > 8)
  for (long t = 0; t < tiles; ++t) {
    const std::size_t begin = static_cast<std::size_t>(t) * kTile;
    const std::size_t end = std::min(n, begin + kTile);
    for (const Eigen::Index c : one_slots) {
      const double* col = X.col(columns.active[static_cast<std::size_t>(c)]).data();
      for (std::size_t i = begin; i < end; ++i) count[i] += col[i] == 1;
    }
  }
  std::vector<std::size_t> input_begin(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) input_begin[i + 1] = input_begin[i] + count[i];
  std::vector<std::uint16_t> input_ones(input_begin[n]);
#pragma omp parallel for schedule(static) num_threads(nthreads) if (tiles > 8)
  for (long t = 0; t < tiles; ++t) {
    const std::size_t begin = static_cast<std::size_t>(t) * kTile;
    const std::size_t end = std::min(n, begin + kTile);
    std::vector<std::size_t> next(input_begin.begin() + static_cast<long>(begin),
                                  input_begin.begin() + static_cast<long>(end));
    for (std::size_t k = 0; k < one_slots.size(); ++k) {
      const double* col = X.col(columns.active[static_cast<std::size_t>(one_slots[k])]).data();
      for (std::size_t i = begin; i < end; ++i)
        if (col[i] == 1) input_ones[next[i - begin]++] = static_cast<std::uint16_t>(k);
    }
  }
  data.ones_begin.assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k)
    data.ones_begin[k + 1] = data.ones_begin[k] + count[data.order[k]];
  data.ones.resize(input_ones.size());
#pragma omp parallel for schedule(static) num_threads(nthreads) if (tiles > 8)
  for (long k = 0; k < static_cast<long>(n); ++k) {
    const std::size_t i = data.order[static_cast<std::size_t>(k)];
    std::uint16_t* target = data.ones.data() + data.ones_begin[static_cast<std::size_t>(k)];
    for (std::size_t j = input_begin[i]; j < input_begin[i + 1]; ++j) *target++ = input_ones[j];
  }
  return columns;
}

}  // namespace harmcast::cox_detail
