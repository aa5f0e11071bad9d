// Typing one block of rows of a CSV column: every candidate type is tried in a pass that stops at
// the first value that does not fit, so a block costs about one pass whatever its type. Blocks
// are small enough that their text stays in cache while all columns are typed.
#include "engine/io/csv_column_types.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <limits>
#include <unordered_map>

namespace harmcast::csv_detail {
namespace {

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The fields of one column with their missing flags.
class ColumnFields {
 public:
  ColumnFields(const CsvSource& source, const CsvLayout& layout, const ColumnSpec& spec,
               const std::vector<std::string>& missing_tokens, RowRange range)
      : source_(source),
        layout_(layout),
        spec_(spec),
        first_(range.begin),
        missing_(range.end - range.begin, 0) {
    // Tokens by length, so most fields are rejected by one size comparison.
    std::size_t longest = 0;
    for (const auto& token : missing_tokens) longest = std::max(longest, token.size());
    const bool empty_is_missing =
        std::find(missing_tokens.begin(), missing_tokens.end(), "") != missing_tokens.end();
    for (std::size_t i = 0; i < missing_.size(); ++i) {
      const std::string_view raw = layout.raw_field(source.text, first_ + i, spec.index);
      if (raw.size() > longest) continue;
      if (raw.empty() ? empty_is_missing : (raw.front() != '"' && is_token(raw, missing_tokens))) {
        missing_[i] = 1;
        any_missing_ = true;
      }
    }
  }

  static bool is_token(std::string_view raw, const std::vector<std::string>& tokens) {
    for (const auto& token : tokens) {
      if (raw.size() == token.size() && raw.front() == token.front() && raw == token) return true;
    }
    return false;
  }

  // Rows are numbered within the block (0 .. rows()-1); `absolute` maps to the file's rows.
  std::size_t rows() const { return missing_.size(); }
  std::size_t absolute(std::size_t row) const { return first_ + row; }
  bool missing(std::size_t row) const { return missing_[row] != 0; }
  bool all_missing() const {
    for (auto flag : missing_) {
      if (!flag) return false;
    }
    return true;
  }
  std::vector<std::uint8_t> mask() const {
    return any_missing_ ? missing_ : std::vector<std::uint8_t>{};
  }
  // The field's value (unquoted); may point into `scratch`.
  std::string_view value(std::size_t row, std::string& scratch) const {
    return unquote(layout_.raw_field(source_.text, first_ + row, spec_.index), scratch);
  }

  // Converts every non-missing value with parse(text, out) -> bool; returns the first row that
  // fails, or rows() when all fit.
  template <typename T, typename Parse>
  std::size_t convert(std::vector<T>& out, Parse&& parse) const {
    out.assign(rows(), T{});
    std::string scratch;
    for (std::size_t r = 0; r < rows(); ++r) {
      if (missing_[r]) continue;
      if (!parse(value(r, scratch), out[r])) return r;
    }
    return rows();
  }

  [[noreturn]] void fail(std::size_t row, const std::string& expected) const {
    std::string scratch;
    const std::string text(value(row, scratch));
    throw FieldError{
        absolute(row),
        Error(location(source_, layout_.field_offset(absolute(row), spec_.index), spec_.index + 1),
              "column '" + spec_.name + "' is declared " + expected + ", but \"" + text +
                  "\" is not one",
              "Fix the value, leave it empty or NA for missing, or declare the column with "
              "another type.")};
  }

  std::size_t line(std::size_t row) const {
    return line_of(source_.text, layout_.field_offset(absolute(row), spec_.index));
  }
  std::string location_of(std::size_t row) const {
    return location(source_, layout_.field_offset(absolute(row), spec_.index), spec_.index + 1);
  }
  const ColumnSpec& spec() const { return spec_; }

 private:
  const CsvSource& source_;
  const CsvLayout& layout_;
  const ColumnSpec& spec_;
  std::size_t first_;
  std::vector<std::uint8_t> missing_;
  bool any_missing_ = false;
};

Column categorical_column(const ColumnFields& fields) {
  std::vector<std::int32_t> codes(fields.rows(), 0);
  std::vector<std::string> levels;
  // Few levels (the usual case: sex, offence type, ward) are found faster by a linear scan over
  // views than by hashing; past kScanLevels a hash map takes over.
  constexpr std::size_t kScanLevels = 16;
  std::vector<std::string_view> level_views;
  std::unordered_map<std::string_view, std::int32_t> index;
  std::deque<std::string> unescaped;  // stable storage for quoted values the views point into
  std::string scratch;
  for (std::size_t r = 0; r < fields.rows(); ++r) {
    if (fields.missing(r)) continue;
    std::string_view text = fields.value(r, scratch);
    std::int32_t code = -1;
    if (level_views.size() <= kScanLevels) {
      for (std::size_t k = 0; k < level_views.size(); ++k) {
        if (level_views[k] == text) {
          code = static_cast<std::int32_t>(k);
          break;
        }
      }
    } else if (auto it = index.find(text); it != index.end()) {
      code = it->second;
    }
    if (code < 0) {
      if (text.data() == scratch.data()) text = unescaped.emplace_back(scratch);
      code = static_cast<std::int32_t>(levels.size());
      levels.emplace_back(text);
      level_views.push_back(text);
      if (level_views.size() > kScanLevels) {
        if (index.empty()) {
          for (std::size_t k = 0; k < level_views.size(); ++k) {
            index.emplace(level_views[k], static_cast<std::int32_t>(k));
          }
        } else {
          index.emplace(text, code);
        }
      }
    }
    codes[r] = code;
  }
  return Column::categorical(fields.spec().name, std::move(codes), std::move(levels),
                             fields.mask());
}

// Period column: with a known frequency every value is parsed to it; without one, the first
// value fixes the frequency and the rest must parse to the same one. Returns nullopt (inferring)
// or throws FieldError (declared) at the first value that does not fit.
std::optional<Column> period_column(const ColumnFields& fields, bool declared) {
  std::optional<Frequency> frequency = fields.spec().frequency;
  std::size_t first_row = fields.rows();
  std::vector<std::int64_t> ordinals(fields.rows(), 0);
  std::string scratch;
  for (std::size_t r = 0; r < fields.rows(); ++r) {
    if (fields.missing(r)) continue;
    const std::string_view text = trim_spaces(fields.value(r, scratch));
    // Inference compares frequencies without mapping, so "2017-04" beside "2017-04-01" is no
    // period column; a declared frequency maps dates into it.
    std::optional<Period> period =
        Period::try_parse(text, fields.spec().frequency ? frequency : std::nullopt);
    if (period && !frequency) {
      frequency = period->frequency();
      first_row = r;
    }
    if (!period || period->frequency() != *frequency) {
      if (!declared) return std::nullopt;
      if (period) {
        std::string first_text(fields.value(first_row, scratch));
        throw FieldError{
            fields.absolute(r),
            Error(fields.location_of(r),
                  "column '" + fields.spec().name + "' holds " + to_string(*frequency) +
                      " periods (the first, \"" + first_text + "\", is on line " +
                      std::to_string(fields.line(first_row)) + ") but \"" + std::string(text) +
                      "\" is a " + to_string(period->frequency()) + " period",
                  "Use one frequency throughout the column, or declare its frequency "
                  "(period_frequencies) so dates map into it.")};
      }
      fields.fail(r,
                  "a period column (values such as 2017-04, 2017-Q2, 2017-W14, 2017-04-01 "
                  "or 2017)");
    }
    ordinals[r] = period->ordinal();
  }
  return Column::periods(fields.spec().name, frequency.value_or(Frequency::Month),
                         std::move(ordinals), fields.mask());
}

}  // namespace

bool parse_integer(std::string_view text, std::int64_t& value) {
  text = trim_spaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_real(std::string_view text, double& value) {
  text = trim_spaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range && end == text.data() + text.size()) {
    // Overflow or underflow: read as R does (+-Inf, or 0 / a denormal for a tiny number).
    value = std::strtod(std::string(text).c_str(), nullptr);
    return true;
  }
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_boolean(std::string_view text, bool allow_01, std::int64_t& value) {
  text = trim_spaces(text);
  if (text == "true" || text == "TRUE" || text == "True") {
    value = 1;
    return true;
  }
  if (text == "false" || text == "FALSE" || text == "False") {
    value = 0;
    return true;
  }
  if (allow_01 && (text == "0" || text == "1")) {
    value = text == "1" ? 1 : 0;
    return true;
  }
  return false;
}

Column convert_block(const CsvSource& source, const CsvLayout& layout, const ColumnSpec& spec,
                     const std::vector<std::string>& missing_tokens, RowRange range) {
  const ColumnFields fields(source, layout, spec, missing_tokens, range);
  const std::size_t rows = fields.rows();
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  auto as_boolean = [&](bool allow_01) {
    return fields.convert(ints, [allow_01](std::string_view text, std::int64_t& value) {
      return parse_boolean(text, allow_01, value);
    });
  };
  auto as_integer = [&] { return fields.convert(ints, parse_integer); };
  auto as_real = [&] { return fields.convert(reals, parse_real); };

  if (spec.declared) {
    switch (*spec.declared) {
      case ColumnType::Boolean:
        if (std::size_t bad = as_boolean(true); bad < rows) {
          fields.fail(bad, "boolean (true/false, TRUE/FALSE or 0/1)");
        }
        return Column::booleans(spec.name, std::move(ints), fields.mask());
      case ColumnType::Integer:
        if (std::size_t bad = as_integer(); bad < rows) fields.fail(bad, "integer");
        return Column::integers(spec.name, std::move(ints), fields.mask());
      case ColumnType::Float:
        if (std::size_t bad = as_real(); bad < rows) fields.fail(bad, "float (a number)");
        return Column::floats(spec.name, std::move(reals), fields.mask());
      case ColumnType::Categorical:
        return categorical_column(fields);
      case ColumnType::Period:
        return *period_column(fields, true);
    }
  }
  if (fields.all_missing())
    return Column::floats(spec.name, std::vector<double>(rows), fields.mask());
  if (as_boolean(false) == rows) return Column::booleans(spec.name, std::move(ints), fields.mask());
  if (as_integer() == rows) return Column::integers(spec.name, std::move(ints), fields.mask());
  if (as_real() == rows) return Column::floats(spec.name, std::move(reals), fields.mask());
  if (auto period = period_column(fields, false)) return std::move(*period);
  return categorical_column(fields);
}

}  // namespace harmcast::csv_detail
