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
  // The slots in sorted order: dense ones centred and scaled, 0/1 ones as lists.
  const auto active_columns = [&](const std::vector<Eigen::Index>& slots) {
    std::vector<Eigen::Index> out;
    for (const Eigen::Index c : slots) out.push_back(columns.active[static_cast<std::size_t>(c)]);
    return out;
  };
  Eigen::VectorXd shift(static_cast<Eigen::Index>(dense_slots.size()));
  Eigen::VectorXd scale(shift.size());
  for (std::size_t s = 0; s < dense_slots.size(); ++s) {
    shift[static_cast<Eigen::Index>(s)] = columns.means[dense_slots[s]];
    scale[static_cast<Eigen::Index>(s)] = columns.scale[dense_slots[s]];
  }
  slot_detail::fill_dense_slots(X, active_columns(dense_slots), shift, scale, data.order, nthreads,
                                data);
  slot_detail::fill_one_slots(X, active_columns(one_slots), data.order, nthreads, data);
  return columns;
}

}  // namespace harmcast::cox_detail
