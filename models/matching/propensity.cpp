#include "models/matching/propensity.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "models/matching/propensity_fit.hpp"
#include "models/regression/formula.hpp"
#include "models/regression/model_frame.hpp"

namespace harmcast {

namespace {

constexpr const char* kWhere = "propensity score";

// Rows of `data` with no missing value in `columns`; counts per column in `detail`.
std::vector<std::uint8_t> complete_rows(const Table& data, const std::vector<std::string>& columns,
                                        std::size_t* dropped, std::string* detail) {
  std::vector<std::uint8_t> keep(data.rows(), 1);
  for (const auto& name : columns) {
    const Column& col = data.column(name);
    std::size_t missing = 0;
    for (std::size_t r = 0; r < data.rows(); ++r)
      if (col.is_missing(r)) {
        missing += 1;
        keep[r] = 0;
      }
    if (missing) *detail += fmt::format("{}{}: {}", detail->empty() ? "" : ", ", name, missing);
  }
  *dropped = data.rows() - static_cast<std::size_t>(std::count(keep.begin(), keep.end(), 1));
  return keep;
}

// One cell id per row for the exact-matching columns (equal values in every column).
std::vector<std::int32_t> exact_cells(const Table& data, const std::vector<std::string>& columns,
                                      const std::vector<std::size_t>& rows) {
  std::vector<std::int32_t> cells(rows.size(), 0);
  if (columns.empty()) return cells;
  std::unordered_map<std::string, std::int32_t> ids;
  std::string key;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    key.clear();
    for (const auto& name : columns) {
      const Column& col = data.column(name);
      std::int64_t code = 0;
      switch (col.type()) {
        case ColumnType::Float: {
          const double v = col.reals()[rows[i]];
          std::memcpy(&code, &v, sizeof v);
          break;
        }
        case ColumnType::Categorical:
          code = col.codes()[rows[i]];
          break;
        default:
          code = col.ints()[rows[i]];
          break;
      }
      key.append(reinterpret_cast<const char*>(&code), sizeof code);
    }
    auto [it, inserted] = ids.try_emplace(key, static_cast<std::int32_t>(ids.size()));
    cells[i] = it->second;
  }
  return cells;
}

}  // namespace

std::string to_string(DistanceKind kind) {
  switch (kind) {
    case DistanceKind::PropensityScore:
      return "glm";
    case DistanceKind::LinearLogit:
      return "linear.logit";
    case DistanceKind::Mahalanobis:
      return "mahalanobis";
  }
  return "glm";
}

DistanceKind parse_distance_kind(const std::string& text) {
  if (text == "glm" || text == "ps") return DistanceKind::PropensityScore;
  if (text == "linear.logit" || text == "logit") return DistanceKind::LinearLogit;
  if (text == "mahalanobis") return DistanceKind::Mahalanobis;
  throw Error("matching distance", fmt::format("unknown distance '{}'", text),
              "use glm (the propensity score), logit or mahalanobis");
}

void PropensityOptions::validate() const {
  if (link != GlmLink::Logit && link != GlmLink::Probit)
    throw Error("propensity options", "link must be logit or probit");
  if (distance == DistanceKind::LinearLogit && link != GlmLink::Logit && score_column.empty())
    throw Error("propensity options", "the linear.logit distance needs the logit link",
                "use link = logit or distance = glm");
}

MatchingData prepare_matching_data(const std::string& formula_text, const Table& data,
                                   const PropensityOptions& options) {
  options.validate();
  const Formula formula = parse_formula(formula_text);
  if (!formula.response)
    throw Error(kWhere, "the formula has no treatment on the left of ~",
                "write it as treat ~ age + sex + ...");
  MatchingData out;
  out.rows_in = data.rows();
  out.treatment_name = deparse(*formula.response);

  // Rows missing an exact-matching or score value go first (the frame handles the formula).
  std::vector<std::string> extra = options.exact;
  if (!options.score_column.empty()) extra.push_back(options.score_column);
  std::size_t extra_dropped = 0;
  std::string detail;
  const std::vector<std::uint8_t> keep = complete_rows(data, extra, &extra_dropped, &detail);
  const Table kept = extra_dropped ? data.filter(keep) : Table{};
  const Table& table = extra_dropped ? kept : data;
  std::vector<std::size_t> kept_rows;
  for (std::size_t r = 0; r < data.rows(); ++r)
    if (keep[r]) kept_rows.push_back(r);

  ModelFrameOptions frame_options;
  frame_options.context = "propensity model";
  ModelFrame frame = build_model_frame(formula, table, frame_options);
  out.rows_dropped = extra_dropped + frame.rows_dropped;
  if (!frame.dropped_detail.empty()) detail += (detail.empty() ? "" : ", ") + frame.dropped_detail;
  out.dropped_detail = detail;
  if (options.refuse_missing && out.rows_dropped > 0)
    throw Error(kWhere, fmt::format("{} rows have missing values ({})", out.rows_dropped, detail),
                "fill or remove them, or allow dropping rows with missing covariates");

  const bool logical_response =
      frame.response_levels.size() == 2 && frame.response_levels[0] == "FALSE";
  if (!frame.response_levels.empty() && !logical_response)
    throw Error(kWhere, fmt::format("the treatment '{}' is text, not 0/1", out.treatment_name),
                "code it as 1 = received the service, 0 = did not");
  const Eigen::Index n = frame.rows();
  out.treat.resize(static_cast<std::size_t>(n));
  std::size_t n1 = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = frame.response[i];
    if (t != 0.0 && t != 1.0)
      throw Error(kWhere,
                  fmt::format("the treatment '{}' has the value {} (row {}); it must be 0 or 1",
                              out.treatment_name, t, frame.table_rows[i] + 1),
                  "code it as 1 = received the service, 0 = did not");
    out.treat[static_cast<std::size_t>(i)] = t == 1.0;
    n1 += t == 1.0;
  }
  if (n1 == 0)
    throw Error(kWhere, fmt::format("no treated units: '{}' is never 1", out.treatment_name),
                "check the treatment column and any filter applied to the data");
  if (n1 == static_cast<std::size_t>(n))
    throw Error(kWhere, fmt::format("no control units: '{}' is always 1", out.treatment_name),
                "matching needs people who did not receive the service");
  out.table_rows.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    out.table_rows[static_cast<std::size_t>(i)] =
        extra_dropped ? kept_rows[frame.table_rows[i]] : frame.table_rows[i];

  // Design without the intercept, and the balance covariates.
  std::vector<Eigen::Index> design_cols;
  for (std::size_t j = 0; j < frame.column_names.size(); ++j)
    if (frame.column_term[j] >= 0) design_cols.push_back(static_cast<Eigen::Index>(j));
  if (options.distance == DistanceKind::Mahalanobis) {  // only that matcher reads it
    out.design.resize(n, static_cast<Eigen::Index>(design_cols.size()));
    for (std::size_t j = 0; j < design_cols.size(); ++j)
      out.design.col(static_cast<Eigen::Index>(j)) = frame.x.col(design_cols[j]);
  }

  if (!options.allow_constant_in_treated) {
    for (std::size_t j = 0; j < design_cols.size(); ++j) {
      const bool is_factor_column = [&] {
        const auto& label = frame.term_labels[frame.column_term[design_cols[j]]];
        for (const auto& f : frame.factors)
          if (f.variable == label) return true;
        return false;
      }();
      if (is_factor_column) continue;  // a level absent among the treated is common (wards)
      double first = NAN;
      bool constant = true;
      for (Eigen::Index i = 0; i < n && constant; ++i) {
        if (!out.treat[static_cast<std::size_t>(i)]) continue;
        const double v = frame.x(i, design_cols[j]);
        if (std::isnan(first))
          first = v;
        else
          constant = v == first;
      }
      if (constant)
        throw Error(kWhere,
                    fmt::format("the covariate '{}' is constant ({}) among the treated",
                                frame.column_names[design_cols[j]], first),
                    "remove it from the formula, or restrict the comparison group to the same "
                    "value (e.g. exact matching on it)");
    }
  }

  if (!options.score_column.empty()) {
    const Column& col = data.column(options.score_column);
    out.score.resize(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < out.score.size(); ++i) {
      const double e = col.numeric(out.table_rows[i]);
      if (!(e > 0.0 && e < 1.0) && options.distance == DistanceKind::LinearLogit)
        throw Error(kWhere, fmt::format("score '{}' is {} in row {}; logit needs (0, 1)",
                                        options.score_column, e, out.table_rows[i] + 1));
      out.score[i] = e;
    }
    out.score_summary = fmt::format("propensity score from column '{}'", options.score_column);
  } else if (options.distance != DistanceKind::Mahalanobis) {
    GlmOptions glm;
    glm.family = GlmFamily::Binomial;
    glm.link = options.link;
    // Threads only pay on large cohorts; on small ones OpenMP start-up and spinning dominate.
    if (frame.rows() < 50000) glm.threads = 1;
    PropensityFitOptions fit_options;
    fit_options.glm = glm;
    fit_options.warm_start_rows = options.warm_start_rows;
    const PropensityFit propensity_fit = fit_propensity_glm(frame, fit_options);
    const GlmResult& fit = propensity_fit.glm;
    out.score_warm_started = propensity_fit.warm_started;
    if (fit.status == FitStatus::kFailed)
      throw Error(kWhere, "the propensity model could not be fitted: " + fit.message);
    out.score.assign(fit.fitted.data(), fit.fitted.data() + fit.fitted.size());
    out.warnings = fit.warnings;
    out.score_summary = format_glm_summary(fit, formula_text);
    if (options.distance == DistanceKind::LinearLogit)
      out.distance.assign(fit.linear_predictor.data(),
                          fit.linear_predictor.data() + fit.linear_predictor.size());
  }
  if (options.distance == DistanceKind::PropensityScore) out.distance = out.score;
  if (options.distance == DistanceKind::LinearLogit && out.distance.empty()) {
    out.distance.resize(out.score.size());
    for (std::size_t i = 0; i < out.score.size(); ++i)
      out.distance[i] = std::log(out.score[i] / (1.0 - out.score[i]));
  }
  if (!options.exact.empty()) out.strata = exact_cells(data, options.exact, out.table_rows);
  out.frame = std::make_shared<const ModelFrame>(std::move(frame));
  return out;
}

}  // namespace harmcast
