// Joining the per-block columns of the CSV reader into one column (see csv_column_types.hpp).
#include <unordered_map>

#include "engine/io/csv_column_types.hpp"

namespace harmcast::csv_detail {
namespace {

bool all_missing(const Column& block) { return block.count_missing() == block.size(); }

bool same_kind(const Column& a, const Column& b) {
  return a.type() == b.type() && (a.type() != ColumnType::Period || a.frequency() == b.frequency());
}

// The first non-missing row of a block, as a file row.
std::size_t first_value_row(const Column& block, const RowRange& range) {
  for (std::size_t i = 0; i < block.size(); ++i) {
    if (!block.is_missing(i)) return range.begin + i;
  }
  return range.begin;
}

std::vector<std::uint8_t> joined_mask(const std::vector<Column>& blocks, std::size_t rows) {
  std::vector<std::uint8_t> mask(rows, 0);
  std::size_t at = 0;
  for (const auto& block : blocks) {
    const auto flags = block.missing_mask();
    std::copy(flags.begin(), flags.end(), mask.begin() + static_cast<std::ptrdiff_t>(at));
    at += block.size();
  }
  return mask;
}

Column join_categorical(const std::string& name, const std::vector<Column>& blocks,
                        std::size_t rows) {
  std::vector<std::int32_t> codes(rows, 0);
  std::vector<std::string> levels;
  std::unordered_map<std::string, std::int32_t> index;
  std::size_t at = 0;
  for (const auto& block : blocks) {
    if (block.type() == ColumnType::Categorical) {
      std::vector<std::int32_t> recode;
      for (const auto& level : block.levels()) {
        auto [it, inserted] = index.emplace(level, static_cast<std::int32_t>(levels.size()));
        if (inserted) levels.push_back(level);
        recode.push_back(it->second);
      }
      const auto local = block.codes();
      for (std::size_t i = 0; i < local.size(); ++i) {
        if (!block.is_missing(i)) codes[at + i] = recode[static_cast<std::size_t>(local[i])];
      }
    }
    at += block.size();
  }
  return Column::categorical(name, std::move(codes), std::move(levels), joined_mask(blocks, rows));
}

// Joins blocks that are all of `type` (or all missing).
Column join_values(const std::string& name, ColumnType type, Frequency frequency,
                   const std::vector<Column>& blocks, std::size_t rows) {
  auto mask = joined_mask(blocks, rows);
  if (type == ColumnType::Float) {
    std::vector<double> values(rows, 0.0);
    std::size_t at = 0;
    for (const auto& block : blocks) {
      if (block.type() == ColumnType::Float) {
        std::copy(block.reals().begin(), block.reals().end(), values.begin() + at);
      } else if (block.type() == ColumnType::Integer) {
        // int64 -> double rounds to nearest, as from_chars on the same digits would.
        const auto ints = block.ints();
        for (std::size_t i = 0; i < ints.size(); ++i) values[at + i] = static_cast<double>(ints[i]);
      }
      at += block.size();
    }
    return Column::floats(name, std::move(values), std::move(mask));
  }
  std::vector<std::int64_t> values(rows, 0);
  std::size_t at = 0;
  for (const auto& block : blocks) {
    if (block.type() == type) {
      std::copy(block.ints().begin(), block.ints().end(), values.begin() + at);
    }
    at += block.size();
  }
  switch (type) {
    case ColumnType::Boolean:
      return Column::booleans(name, std::move(values), std::move(mask));
    case ColumnType::Period:
      return Column::periods(name, frequency, std::move(values), std::move(mask));
    default:
      return Column::integers(name, std::move(values), std::move(mask));
  }
}

}  // namespace

Column merge_blocks(const CsvSource& source, const CsvLayout& layout, const ColumnSpec& spec,
                    const std::vector<std::string>& missing_tokens, std::vector<Column>& blocks,
                    const std::vector<RowRange>& ranges) {
  const std::size_t rows = layout.rows();
  // The first block with a value sets the kind; later blocks join it.
  const Column* first = nullptr;
  std::size_t first_index = 0;
  bool to_float = false, to_categorical = false;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const Column& block = blocks[b];
    if (all_missing(block)) continue;
    if (!first) {
      first = &block;
      first_index = b;
      continue;
    }
    if (same_kind(block, *first)) continue;
    if (spec.declared == ColumnType::Period) {
      const std::size_t row = first_value_row(block, ranges[b]);
      const std::size_t first_row = first_value_row(*first, ranges[first_index]);
      std::string scratch;
      const std::string first_text(
          unquote(layout.raw_field(source.text, first_row, spec.index), scratch));
      const std::string text(unquote(layout.raw_field(source.text, row, spec.index), scratch));
      throw FieldError{
          row, Error(location(source, layout.field_offset(row, spec.index), spec.index + 1),
                     "column '" + spec.name + "' holds " + to_string(first->frequency()) +
                         " periods (the first, \"" + first_text + "\", is on line " +
                         std::to_string(
                             line_of(source.text, layout.field_offset(first_row, spec.index))) +
                         ") but \"" + text + "\" is a " + to_string(block.frequency()) + " period",
                     "Use one frequency throughout the column, or declare its frequency "
                     "(period_frequencies) so dates map into it.")};
    }
    const bool numeric_pair =
        (block.type() == ColumnType::Integer || block.type() == ColumnType::Float) &&
        (first->type() == ColumnType::Integer || first->type() == ColumnType::Float);
    if (numeric_pair) {
      to_float = true;
    } else {
      to_categorical = true;
    }
  }
  if (!first) {  // no values at all: the declared type, else float
    const ColumnType type = spec.declared.value_or(ColumnType::Float);
    if (type == ColumnType::Categorical) return join_categorical(spec.name, blocks, rows);
    return join_values(spec.name, type, spec.frequency.value_or(Frequency::Month), blocks, rows);
  }
  if (!to_categorical && first->type() == ColumnType::Categorical) {
    return join_categorical(spec.name, blocks, rows);
  }
  if (to_categorical) {
    ColumnSpec as_text = spec;
    as_text.declared = ColumnType::Categorical;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      if (blocks[b].type() != ColumnType::Categorical && !all_missing(blocks[b])) {
        blocks[b] = convert_block(source, layout, as_text, missing_tokens, ranges[b]);
      }
    }
    return join_categorical(spec.name, blocks, rows);
  }
  const ColumnType type = to_float ? ColumnType::Float : first->type();
  const Frequency frequency =
      first->type() == ColumnType::Period ? first->frequency() : Frequency::Month;
  return join_values(spec.name, type, frequency, blocks, rows);
}

}  // namespace harmcast::csv_detail
