#pragma once
// Model frame and design matrix: a parsed Formula evaluated on a Table, as R's model.frame()
// followed by model.matrix() (treatment contrasts).
//
// Variables: a column name; factor(x) / as.factor(x); log(x), log(x, base), log2, log10, log1p,
// exp, sqrt, abs; I(arithmetic with + - * / ^); numbers. Column types: float and integer columns
// are numeric; categorical columns are factors; boolean columns are factors with levels
// FALSE, TRUE (as R's logical, named `xTRUE`); period columns are not accepted.
//
// Factor levels are sorted as R 4.2 sorts strings here (ICU root collation, which for ASCII
// means: punctuation < digits < letters, letters compared case-insensitively first, then lower
// case before upper case, e.g. "_x" < "a" < "A" < "b" < "B"); factor() of a numeric column sorts
// numerically and labels as R's as.character (15 significant digits). Levels absent from the
// rows kept are dropped (R's drop.unused.levels = TRUE, as glm does). The first level is the
// reference.
//
// Coding of a factor inside a term follows R (model.c, TermCode): by contrasts (levels 2..L)
// when the term without that factor is the intercept or appears earlier in the formula,
// otherwise by one indicator per level; with no intercept, the first factor of the first term
// holding a factor is coded by indicators. Columns of an interaction vary fastest in the first
// variable; names are R's: "(Intercept)", "x", "sexM", "log(x4)", "I(x^2)", "x1:x2",
// "sexM:age".
//
// Missing values: a row missing in any variable used (response, terms, offsets, weights,
// cluster) or where a variable evaluates to NaN (log of a negative number) is dropped, as R's
// na.omit; the count per cause is reported. Infinite values are an error.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/table/table.hpp"
#include "models/regression/formula.hpp"

namespace harmcast {

struct ModelFrameOptions {
  std::string weights_column;     // prior weights (numeric, >= 0); empty for none
  std::string cluster_column;     // a clustering column for cluster-robust SEs; empty for none
  std::string context = "model";  // names the model in error messages
};

// How one factor variable was coded, kept so new data can be coded the same way.
struct FactorLevels {
  std::string variable;             // deparsed variable, e.g. "sex" or "factor(ward)"
  std::vector<std::string> levels;  // R-sorted, used levels only
};

struct ModelFrame {
  Formula formula;
  Eigen::MatrixXd x;                      // rows x columns, column-major
  std::vector<std::string> column_names;  // as R's model.matrix
  std::vector<int> column_term;           // term index of each column; -1 for (Intercept)
  std::vector<std::string> term_labels;

  Eigen::VectorXd response;  // numeric response; a factor response is 0 for its first level
  std::vector<std::string> response_levels;  // levels of a factor response (else empty)
  Eigen::VectorXd surv_time, surv_event;     // for Surv(time, event) responses (else empty)
  // cbind(successes, failures) response: response = s / (s + f), weights = s + f times any
  // prior weights (R's binomial initialize); binomial families only.
  bool binomial_counts = false;
  Eigen::VectorXd binomial_trials;    // s + f for a cbind response (else empty)
  Eigen::VectorXd offset;             // sum of offset() terms; empty if none
  Eigen::VectorXd weights;            // prior weights; empty if none
  std::vector<std::int32_t> cluster;  // cluster code per row (0..G-1); empty if none
  std::size_t cluster_count = 0;

  std::vector<std::size_t> table_rows;  // the Table row of each model row
  std::size_t rows_in = 0;              // rows of the Table
  std::size_t rows_dropped = 0;         // rows dropped for missing values
  std::string dropped_detail;           // e.g. "age: 12, sex: 3" (a row may count twice)
  std::vector<FactorLevels> factors;
  std::vector<std::string> warnings;  // e.g. a constant column

  bool has_intercept() const { return formula.intercept; }
  Eigen::Index rows() const { return x.rows(); }
  Eigen::Index cols() const { return x.cols(); }
};

// Evaluates `formula` on `data`. Throws harmcast::Error for an unknown column (with a "did you
// mean"), an unsupported function, a factor with fewer than 2 levels, infinite values, zero rows
// left after dropping missing values, negative weights.
ModelFrame build_model_frame(const Formula& formula, const Table& data,
                             const ModelFrameOptions& options = {});

// The design matrix of `frame`'s formula for new data, with the frame's factor levels (a level
// not seen in fitting is an error) and offset (returned in `offset`, zero if none). Rows with
// missing values are an error here (predictions need every row).
Eigen::MatrixXd design_matrix_for(const ModelFrame& frame, const Table& newdata,
                                  Eigen::VectorXd* offset = nullptr);

// R's (ICU root) ordering of strings, as used for factor levels; see above.
bool r_string_less(const std::string& a, const std::string& b);

}  // namespace harmcast
