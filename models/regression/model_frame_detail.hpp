#pragma once
// Internal to the model frame (model_frame.cpp, design_matrix.cpp): evaluated variables and the
// layout of design-matrix columns. Not part of the public interface.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/table/table.hpp"
#include "models/regression/formula.hpp"

namespace harmcast::frame_detail {

// A variable evaluated on every row of a table: numeric (NaN = missing) or a factor
// (code -1 = missing). A numeric constant has a single value.
struct Value {
  bool is_factor = false;
  std::vector<double> num;
  std::vector<std::int32_t> codes;
  std::vector<std::string> levels;
};

Value column_value(const Table& data, const std::string& name, const std::string& context);
Value evaluate(const FormulaExpr& e, const Table& data, const std::string& context);

// One design column: the product of its parts; level -1 marks a numeric variable.
struct ColumnPart {
  int variable = 0;
  int level = -1;
};
struct ColumnSpec {
  std::vector<ColumnPart> parts;  // empty for (Intercept)
  std::string name;
  int term = -1;
};

// Column layout by R's rules (see model_frame.hpp); `levels[v]` empty for numeric variables.
std::vector<ColumnSpec> column_layout(const Formula& formula,
                                      const std::vector<std::vector<std::string>>& levels,
                                      const std::vector<bool>& is_factor);

}  // namespace harmcast::frame_detail
