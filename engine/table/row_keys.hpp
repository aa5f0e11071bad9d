#pragma once
// Row keys for grouping, joining and reshaping: the values of some key columns in one row,
// packed into a byte string so rows with equal keys get equal strings and can share a hash map.
// Internal to engine/table.
#include <string>
#include <vector>

#include "engine/table/table.hpp"

namespace harmcast::detail {

enum class CategoricalKeys {
  ByCode,   // fast; valid only within one column (group_sum, reshape)
  ByLabel,  // compares labels, so two tables with different level orders agree (join)
};

class RowKeyEncoder {
 public:
  RowKeyEncoder(std::vector<const Column*> columns, CategoricalKeys mode);
  // The packed key of `row`; missing values are a key value of their own (they match each other).
  void encode(std::size_t row, std::string& out) const;
  // "ward=W01, month=2017-04" for messages.
  std::string describe(std::size_t row) const;

 private:
  std::vector<const Column*> columns_;
  CategoricalKeys mode_;
};

}  // namespace harmcast::detail
