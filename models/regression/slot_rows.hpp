#pragma once
// A design matrix held as "slots" for the O(n p^2) weighted cross-products of the GLM (IRLS)
// and the Cox fit (internal to models/regression; not a public interface).
//
// The slots are first the dense columns (any values; stored row-major, optionally shifted and
// scaled), then the 0/1 columns (factor dummies, flags) stored as the list of the slots equal
// to 1 in each row. With d dense columns and m ones in a row, C += v x x' costs
// O(d^2 + m d + m^2) per row instead of O(q^2): on a typical cohort design (7 dense columns,
// 34 dummies of which about 6 are 1 in a row) a tenth of the work, and a fifth of the memory
// traffic of the column-major design.
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace harmcast::slot_detail {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct SlotRows {
  RowMatrix dense;                      // n x d dense slots
  std::vector<std::size_t> ones_begin;  // n + 1: row i's ones are ones[ones_begin[i], [i+1])
  std::vector<std::uint16_t> ones;      // index k of the 0/1 column (slot d + k), ascending
  std::size_t one_cols = 0;             // number of 0/1 slots

  std::size_t rows() const { return static_cast<std::size_t>(dense.rows()); }
  std::size_t dense_cols() const { return static_cast<std::size_t>(dense.cols()); }
  std::size_t slots() const { return dense_cols() + one_cols; }
  // Row i in slot order (slots() values).
  void expand_row(std::size_t i, double* out) const;
  // out[r] = x_{begin + r}' beta_slot over `len` rows (beta in slot order).
  void linear_predictor(const Eigen::VectorXd& beta_slot, std::size_t begin, std::size_t len,
                        double* out) const;
};

// True when every value of the column is 0 or 1 (one pass, stopping at the first other value).
bool is_zero_one(const double* x, std::size_t n);

// Dense slot s holds (X(i, columns[s]) - shift[s]) * scale[s]; row k of the slots is input row
// order[k] (order empty: input order). Fills rows.dense.
void fill_dense_slots(const Eigen::MatrixXd& X, const std::vector<Eigen::Index>& columns,
                      const Eigen::VectorXd& shift, const Eigen::VectorXd& scale,
                      const std::vector<std::size_t>& order, int threads, SlotRows& rows);

// 0/1 slot k is X.col(columns[k]) (values 0/1; at most 65535 columns); rows in `order` as
// above. Fills rows.ones_begin, rows.ones and rows.one_cols in one read of the columns; returns
// false when a value is neither 0 nor 1 (the lists then count it as 0).
bool fill_one_slots(const Eigen::MatrixXd& X, const std::vector<Eigen::Index>& columns,
                    const std::vector<std::size_t>& order, int threads, SlotRows& rows);

// c (ldc-strided, row-major, lower triangle used) += sum_i v_i x_i x_i' and s += sum_i g_i x_i
// over `rows` rows of the row-major x (q columns). AVX2+FMA when the CPU has it (slot_kernels.cpp).
void weighted_crossprod_lower(const double* x, const double* v, const double* g, std::size_t rows,
                              std::size_t q, std::size_t ldc, double* c, double* s);

// The same over rows [begin, begin + rows) of the slot design: c is q x q row-major (lower
// triangle in slot order, q = slots()), s has q entries.
void weighted_crossprod_slots(const SlotRows& data, std::size_t begin, std::size_t rows,
                              const double* v, const double* g, double* c, double* s);

}  // namespace harmcast::slot_detail
