#include "engine/table/row_keys.hpp"

#include <cstring>

namespace harmcast::detail {
namespace {

template <typename T>
void append_bytes(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

}  // namespace

RowKeyEncoder::RowKeyEncoder(std::vector<const Column*> columns, CategoricalKeys mode)
    : columns_(std::move(columns)), mode_(mode) {}

void RowKeyEncoder::encode(std::size_t row, std::string& out) const {
  out.clear();
  for (const Column* column : columns_) {
    if (column->is_missing(row)) {
      out.push_back('\0');
      continue;
    }
    out.push_back('\1');
    switch (column->type()) {
      case ColumnType::Float: {
        double value = column->reals()[row];
        if (value == 0.0) value = 0.0;  // -0.0 and 0.0 are one key
        append_bytes(out, value);
        break;
      }
      case ColumnType::Categorical:
        if (mode_ == CategoricalKeys::ByCode) {
          append_bytes(out, column->codes()[row]);
        } else {
          const std::string& label = column->levels()[column->codes()[row]];
          append_bytes(out, label.size());
          out += label;
        }
        break;
      default:
        append_bytes(out, column->ints()[row]);
        break;
    }
  }
}

std::string RowKeyEncoder::describe(std::size_t row) const {
  std::string text;
  for (const Column* column : columns_) {
    if (!text.empty()) text += ", ";
    text += column->name() + "=" + (column->is_missing(row) ? "NA" : column->text(row));
  }
  return text;
}

}  // namespace harmcast::detail
