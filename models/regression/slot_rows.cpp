// Filling the slot design from a column-major design matrix (see slot_rows.hpp).
#include "models/regression/slot_rows.hpp"

#include <omp.h>

#include <algorithm>

namespace harmcast::slot_detail {
namespace {

constexpr std::size_t kTile = 512;  // rows per tile: a tile of every column stays in cache

int thread_count(int threads) { return threads > 0 ? threads : omp_get_max_threads(); }

}  // namespace

bool is_zero_one(const double* x, std::size_t n) {
  for (std::size_t begin = 0; begin < n; begin += kTile) {
    const std::size_t end = std::min(n, begin + kTile);
    bool ok = true;
    for (std::size_t i = begin; i < end; ++i) ok &= x[i] == 0 || x[i] == 1;
    if (!ok) return false;
  }
  return true;
}

void SlotRows::expand_row(std::size_t i, double* out) const {
  const std::size_t d = dense_cols();
  std::fill(out, out + slots(), 0.0);
  std::copy(dense.data() + i * d, dense.data() + (i + 1) * d, out);
  for (std::size_t k = ones_begin[i]; k < ones_begin[i + 1]; ++k) out[d + ones[k]] = 1.0;
}

void SlotRows::linear_predictor(const Eigen::VectorXd& beta_slot, std::size_t begin,
                                std::size_t len, double* out) const {
  const std::size_t d = dense_cols();
  Eigen::Map<Eigen::VectorXd> eta(out, static_cast<Eigen::Index>(len));
  if (d > 0)
    eta.noalias() =
        dense.middleRows(static_cast<Eigen::Index>(begin), static_cast<Eigen::Index>(len)) *
        beta_slot.head(static_cast<Eigen::Index>(d));
  else
    eta.setZero();
  const double* beta_ones = beta_slot.data() + d;
  for (std::size_t r = 0; r < len; ++r) {
    double sum = out[r];
    for (std::size_t k = ones_begin[begin + r]; k < ones_begin[begin + r + 1]; ++k)
      sum += beta_ones[ones[k]];
    out[r] = sum;
  }
}

void fill_dense_slots(const Eigen::MatrixXd& X, const std::vector<Eigen::Index>& columns,
                      const Eigen::VectorXd& shift, const Eigen::VectorXd& scale,
                      const std::vector<std::size_t>& order, int threads, SlotRows& rows) {
  const auto n = static_cast<std::size_t>(X.rows());
  const auto d = static_cast<Eigen::Index>(columns.size());
  const auto tiles = static_cast<long>((n + kTile - 1) / kTile);
  // Shifted and scaled tile by tile (reads whole columns, writes cache-resident rows), then,
  // for a row order, gathered as whole rows.
  RowMatrix input_order(static_cast<Eigen::Index>(n), d);
#pragma omp parallel for schedule(static) num_threads(thread_count(threads)) if (tiles > 8)
  for (long t = 0; t < tiles; ++t) {
    const std::size_t begin = static_cast<std::size_t>(t) * kTile;
    const std::size_t end = std::min(n, begin + kTile);
    for (Eigen::Index s = 0; s < d; ++s) {
      const double* col = X.col(columns[static_cast<std::size_t>(s)]).data();
      const double a = shift[s], b = scale[s];
      for (std::size_t i = begin; i < end; ++i)
        input_order(static_cast<Eigen::Index>(i), s) = (col[i] - a) * b;
    }
  }
  if (order.empty()) {
    rows.dense = std::move(input_order);
    return;
  }
  rows.dense.resize(static_cast<Eigen::Index>(n), d);
#pragma omp parallel for schedule(static) num_threads(thread_count(threads)) if (tiles > 8)
  for (long k = 0; k < static_cast<long>(n); ++k)
    rows.dense.row(k) =
        input_order.row(static_cast<Eigen::Index>(order[static_cast<std::size_t>(k)]));
}

bool fill_one_slots(const Eigen::MatrixXd& X, const std::vector<Eigen::Index>& columns,
                    const std::vector<std::size_t>& order, int threads, SlotRows& rows) {
  const auto n = static_cast<std::size_t>(X.rows());
  const std::size_t width = columns.size() + 1;
  // Rows per tile: the tile's scratch (width entries a row) stays in the L1/L2 cache.
  const std::size_t tile_rows = std::clamp<std::size_t>(32768 / width, 16, kTile);
  const auto tiles = static_cast<long>((n + tile_rows - 1) / tile_rows);
  rows.one_cols = columns.size();
  // One read of the columns: each tile lists the ones of its rows (without branches: every
  // column writes its index, the count moves on only for a 1), then the tiles are joined.
  std::vector<std::uint16_t> count(n, 0);
  std::vector<std::vector<std::uint16_t>> tile_ones(static_cast<std::size_t>(tiles));
  bool all_zero_one = true;
#pragma omp parallel num_threads(thread_count(threads)) if (tiles > 8) reduction(&& : all_zero_one)
  {
    std::vector<std::uint16_t> scratch(tile_rows * width);
#pragma omp for schedule(static)
    for (long t = 0; t < tiles; ++t) {
      const std::size_t begin = static_cast<std::size_t>(t) * tile_rows;
      const std::size_t len = std::min(n, begin + tile_rows) - begin;
      std::uint16_t* c = count.data() + begin;
      bool zero_one = true;
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const double* col = X.col(columns[k]).data() + begin;
        for (std::size_t i = 0; i < len; ++i) {
          scratch[i * width + c[i]] = static_cast<std::uint16_t>(k);
          c[i] = static_cast<std::uint16_t>(c[i] + (col[i] == 1));
          zero_one &= col[i] == 0 || col[i] == 1;
        }
      }
      all_zero_one = all_zero_one && zero_one;
      std::size_t total = 0;
      for (std::size_t i = 0; i < len; ++i) total += c[i];
      std::vector<std::uint16_t>& out = tile_ones[static_cast<std::size_t>(t)];
      out.resize(total);
      std::uint16_t* target = out.data();
      for (std::size_t i = 0; i < len; ++i)
        for (std::size_t j = 0; j < c[i]; ++j) *target++ = scratch[i * width + j];
    }
  }
  std::vector<std::size_t> input_begin(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) input_begin[i + 1] = input_begin[i] + count[i];
  std::vector<std::uint16_t> input_ones(input_begin[n]);
#pragma omp parallel for schedule(static) num_threads(thread_count(threads)) if (tiles > 8)
  for (long t = 0; t < tiles; ++t) {
    const auto& part = tile_ones[static_cast<std::size_t>(t)];
    std::copy(part.begin(), part.end(),
              input_ones.begin() +
                  static_cast<long>(input_begin[static_cast<std::size_t>(t) * tile_rows]));
  }
  tile_ones.clear();
  if (order.empty()) {
    rows.ones_begin = std::move(input_begin);
    rows.ones = std::move(input_ones);
    return all_zero_one;
  }
  rows.ones_begin.assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) rows.ones_begin[k + 1] = rows.ones_begin[k] + count[order[k]];
  rows.ones.resize(input_ones.size());
#pragma omp parallel for schedule(static) num_threads(thread_count(threads)) if (tiles > 8)
  for (long k = 0; k < static_cast<long>(n); ++k) {
    const std::size_t i = order[static_cast<std::size_t>(k)];
    std::uint16_t* target = rows.ones.data() + rows.ones_begin[static_cast<std::size_t>(k)];
    for (std::size_t j = input_begin[i]; j < input_begin[i + 1]; ++j) *target++ = input_ones[j];
  }
  return all_zero_one;
}

}  // namespace harmcast::slot_detail
