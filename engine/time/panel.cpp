// Panel: construction from finished series, lookup, selection, sums and conversion to a table.
// Building from a long table is in panel_from_table.cpp.
#include "engine/time/panel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace harmcast {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string series_id(const std::vector<std::string>& key, const std::string& separator) {
  return key.empty() ? std::string("all") : join(key, separator);
}

}  // namespace

void PanelOptions::validate() const {
  if (id_separator.empty()) {
    throw Error("PanelOptions.id_separator", "must not be empty",
                "Use a separator that does not occur in key labels, such as \" | \".");
  }
}

std::string to_string(GapKind kind) {
  switch (kind) {
    case GapKind::NoRow:
      return "no row";
    case GapKind::MissingValue:
      return "missing value";
    case GapKind::MissingComponent:
      return "missing component";
  }
  throw InternalError("to_string(GapKind): unknown enumerator");
}

Period PanelSeries::end() const {
  if (values.empty()) throw Error("series " + id, "the series has no periods");
  return start + static_cast<std::int64_t>(values.size() - 1);
}

std::size_t PanelSeries::count_missing() const {
  return static_cast<std::size_t>(
      std::count_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }));
}

Panel::Panel(std::vector<std::string> key_names, Frequency frequency,
             std::vector<PanelSeries> series, std::string time_name, std::string value_name,
             std::string id_separator)
    : key_names_(std::move(key_names)),
      frequency_(frequency),
      time_name_(std::move(time_name)),
      value_name_(std::move(value_name)),
      id_separator_(std::move(id_separator)),
      series_(std::move(series)) {
  PanelOptions options;
  options.id_separator = id_separator_;
  options.validate();
  for (PanelSeries& s : series_) {
    s.id = series_id(s.key, id_separator_);
    if (s.key.size() != key_names_.size()) {
      throw Error("panel series " + s.id,
                  fmt::format("has {} key labels but the panel has {} key columns ({})",
                              s.key.size(), key_names_.size(), join(key_names_, ", ")));
    }
    if (s.start.frequency() != frequency_) {
      throw Error(
          "panel series " + s.id,
          fmt::format("starts at {}, a {}, but the panel's frequency is {}", s.start.to_string(),
                      to_string(s.start.frequency()), to_string(frequency_)));
    }
  }
  index_and_find_gaps();
}

std::string Panel::lookup_key(const std::vector<std::string>& key) const {
  return join(key, "\x1f");  // the ASCII unit separator cannot clash with printable labels
}

void Panel::index_and_find_gaps() {
  lookup_.clear();
  gaps_.clear();
  for (std::size_t i = 0; i < series_.size(); ++i) {
    const PanelSeries& s = series_[i];
    if (!lookup_.emplace(lookup_key(s.key), i).second) {
      throw Error("panel", fmt::format("two series have the key {}", s.id),
                  "Each series needs a distinct combination of key labels.");
    }
    for (std::size_t t = 0; t < s.values.size(); ++t) {
      if (std::isnan(s.values[t])) gaps_.push_back({i, s.period_at(t), GapKind::MissingValue});
    }
  }
}

Period Panel::first_period() const {
  if (series_.empty()) throw Error("panel", "the panel has no series, so no first period");
  Period first = series_.front().start;
  for (const PanelSeries& s : series_) first = std::min(first, s.start);
  return first;
}

Period Panel::last_period() const {
  if (series_.empty()) throw Error("panel", "the panel has no series, so no last period");
  Period last = series_.front().end();
  for (const PanelSeries& s : series_) last = std::max(last, s.end());
  return last;
}

std::string Panel::describe_gaps(std::size_t max_listed) const {
  if (gaps_.empty()) return "no missing values";
  std::vector<std::uint8_t> affected(series_.size(), 0);
  for (const PanelGap& g : gaps_) affected[g.series] = 1;
  const auto n_affected = std::count(affected.begin(), affected.end(), 1);
  std::string text = fmt::format("{} missing value{} in {} of {} series", gaps_.size(),
                                 gaps_.size() == 1 ? "" : "s", n_affected, series_.size());
  const std::size_t listed = std::min(max_listed, gaps_.size());
  for (std::size_t i = 0; i < listed; ++i) {
    const PanelGap& g = gaps_[i];
    text += fmt::format("{} {} {} ({})", i == 0 ? ":" : ",", series_[g.series].id,
                        g.period.to_string(), to_string(g.kind));
  }
  if (listed < gaps_.size()) text += fmt::format(" and {} more", gaps_.size() - listed);
  return text;
}

std::optional<std::size_t> Panel::find(const std::vector<std::string>& key) const {
  if (key.size() != key_names_.size()) return std::nullopt;
  auto it = lookup_.find(lookup_key(key));
  if (it == lookup_.end()) return std::nullopt;
  return it->second;
}

const PanelSeries& Panel::at(const std::vector<std::string>& key) const {
  if (auto index = find(key)) return series_[*index];
  std::string examples;
  for (std::size_t i = 0; i < std::min<std::size_t>(series_.size(), 5); ++i) {
    examples += (i == 0 ? "" : ", ") + series_[i].id;
  }
  if (series_.size() > 5) examples += ", ...";
  throw Error(
      "panel",
      fmt::format("no series has the key {} (key columns: {})", series_id(key, id_separator_),
                  join(key_names_, ", ")),
      series_.empty() ? "The panel is empty." : fmt::format("Series include: {}.", examples));
}

Panel Panel::select(const std::function<bool(const PanelSeries&)>& keep) const {
  Panel out;
  out.key_names_ = key_names_;
  out.frequency_ = frequency_;
  out.time_name_ = time_name_;
  out.value_name_ = value_name_;
  out.id_separator_ = id_separator_;
  std::vector<std::size_t> new_index(series_.size(), std::numeric_limits<std::size_t>::max());
  for (std::size_t i = 0; i < series_.size(); ++i) {
    if (!keep(series_[i])) continue;
    new_index[i] = out.series_.size();
    out.lookup_.emplace(lookup_key(series_[i].key), out.series_.size());
    out.series_.push_back(series_[i]);
  }
  for (const PanelGap& g : gaps_) {
    if (new_index[g.series] != std::numeric_limits<std::size_t>::max()) {
      out.gaps_.push_back({new_index[g.series], g.period, g.kind});
    }
  }
  return out;
}

Panel Panel::sum_over(const std::vector<std::string>& summed_keys) const {
  std::vector<std::uint8_t> summed(key_names_.size(), 0);
  for (const std::string& name : summed_keys) {
    auto it = std::find(key_names_.begin(), key_names_.end(), name);
    if (it == key_names_.end()) {
      throw Error("panel sum", fmt::format("\"{}\" is not a key column of the panel", name),
                  fmt::format("Key columns: {}.", join(key_names_, ", ")));
    }
    summed[static_cast<std::size_t>(it - key_names_.begin())] = 1;
  }
  std::vector<std::string> kept_names;
  for (std::size_t k = 0; k < key_names_.size(); ++k) {
    if (!summed[k]) kept_names.push_back(key_names_[k]);
  }

  // Group member series by their kept labels, groups in first-seen order.
  std::vector<std::vector<std::size_t>> members;
  std::vector<std::vector<std::string>> group_keys;
  std::unordered_map<std::string, std::size_t> group_of;
  for (std::size_t i = 0; i < series_.size(); ++i) {
    std::vector<std::string> kept;
    for (std::size_t k = 0; k < key_names_.size(); ++k) {
      if (!summed[k]) kept.push_back(series_[i].key[k]);
    }
    auto [it, inserted] = group_of.emplace(lookup_key(kept), members.size());
    if (inserted) {
      members.emplace_back();
      group_keys.push_back(std::move(kept));
    }
    members[it->second].push_back(i);
  }

  Panel out;
  out.key_names_ = std::move(kept_names);
  out.frequency_ = frequency_;
  out.time_name_ = time_name_;
  out.value_name_ = value_name_;
  out.id_separator_ = id_separator_;
  for (std::size_t g = 0; g < members.size(); ++g) {
    Period start = series_[members[g].front()].start;
    Period end = series_[members[g].front()].end();
    for (std::size_t i : members[g]) {
      start = std::min(start, series_[i].start);
      end = std::max(end, series_[i].end());
    }
    PanelSeries total;
    total.key = group_keys[g];
    total.id = series_id(total.key, id_separator_);
    total.start = start;
    total.values.assign(static_cast<std::size_t>(end - start) + 1, 0.0);
    for (std::size_t t = 0; t < total.values.size(); ++t) {
      const Period p = start + static_cast<std::int64_t>(t);
      for (std::size_t i : members[g]) {
        const PanelSeries& s = series_[i];
        const bool covered = p >= s.start && p <= s.end();
        // NaN propagates through the sum; an uncovered period counts as missing too.
        total.values[t] += covered ? s.values[static_cast<std::size_t>(p - s.start)] : kMissing;
      }
      if (std::isnan(total.values[t])) {
        out.gaps_.push_back({out.series_.size(), p, GapKind::MissingComponent});
      }
    }
    out.lookup_.emplace(lookup_key(total.key), out.series_.size());
    out.series_.push_back(std::move(total));
  }
  return out;
}

Table Panel::to_table() const {
  std::size_t rows = 0;
  for (const PanelSeries& s : series_) rows += s.values.size();
  std::vector<std::vector<std::string>> keys(key_names_.size());
  for (auto& column : keys) column.reserve(rows);
  std::vector<std::int64_t> ordinals;
  std::vector<double> values;
  std::vector<std::uint8_t> missing;
  ordinals.reserve(rows);
  values.reserve(rows);
  missing.reserve(rows);
  for (const PanelSeries& s : series_) {
    for (std::size_t t = 0; t < s.values.size(); ++t) {
      for (std::size_t k = 0; k < key_names_.size(); ++k) keys[k].push_back(s.key[k]);
      ordinals.push_back(s.period_at(t).ordinal());
      const bool is_missing = std::isnan(s.values[t]);
      values.push_back(s.values[t]);
      missing.push_back(is_missing ? 1 : 0);
    }
  }
  Table table;
  for (std::size_t k = 0; k < key_names_.size(); ++k) {
    table.add_column(Column::categorical_from_strings(key_names_[k], keys[k]));
  }
  table.add_column(Column::periods(time_name_, frequency_, std::move(ordinals)));
  table.add_column(Column::floats(value_name_, std::move(values), std::move(missing)));
  return table;
}

}  // namespace harmcast
