// build_model_frame and design_matrix_for: R's model.frame + model.matrix (see model_frame.hpp).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "models/regression/model_frame.hpp"
#include "models/regression/model_frame_detail.hpp"
#include "models/regression/weighted_least_squares.hpp"

namespace harmcast {
namespace frame_detail {

std::vector<ColumnSpec> column_layout(const Formula& formula,
                                      const std::vector<std::vector<std::string>>& levels,
                                      const std::vector<bool>& is_factor) {
  std::vector<ColumnSpec> out;
  if (formula.intercept) out.push_back({{}, "(Intercept)", -1});
  const auto& terms = formula.terms;
  // coding[t][k]: true = indicators for every level, false = contrasts (R's TermCode).
  std::vector<std::vector<bool>> indicator(terms.size());
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const auto& vars = terms[t].variables;
    indicator[t].assign(vars.size(), false);
    for (std::size_t k = 0; k < vars.size(); ++k) {
      std::vector<int> rest;
      for (std::size_t j = 0; j < vars.size(); ++j)
        if (j != k) rest.push_back(vars[j]);
      if (rest.empty()) continue;
      bool found = false;
      for (std::size_t s = 0; s < t && !found; ++s)
        found = std::includes(terms[s].variables.begin(), terms[s].variables.end(), rest.begin(),
                              rest.end());
      indicator[t][k] = !found;
    }
  }
  if (!formula.intercept) {  // the first factor of the first term holding one: all levels
    bool done = false;
    for (std::size_t t = 0; t < terms.size() && !done; ++t)
      for (std::size_t k = 0; k < terms[t].variables.size() && !done; ++k)
        if (is_factor[static_cast<std::size_t>(terms[t].variables[k])])
          indicator[t][k] = true, done = true;
  }
  for (std::size_t t = 0; t < terms.size(); ++t) {
    // parts per variable, then the product with the first variable varying fastest
    std::vector<std::vector<ColumnPart>> choices;
    std::vector<std::vector<std::string>> names;
    for (std::size_t k = 0; k < terms[t].variables.size(); ++k) {
      const int v = terms[t].variables[k];
      const auto vi = static_cast<std::size_t>(v);
      std::vector<ColumnPart> parts;
      std::vector<std::string> part_names;
      if (is_factor[vi]) {
        for (std::size_t l = indicator[t][k] ? 0 : 1; l < levels[vi].size(); ++l) {
          parts.push_back({v, static_cast<int>(l)});
          part_names.push_back(formula.variable_names[vi] + levels[vi][l]);
        }
      } else {
        parts.push_back({v, -1});
        part_names.push_back(formula.variable_names[vi]);
      }
      choices.push_back(std::move(parts));
      names.push_back(std::move(part_names));
    }
    std::vector<std::size_t> index(choices.size(), 0);
    for (;;) {
      ColumnSpec spec;
      spec.term = static_cast<int>(t);
      for (std::size_t k = 0; k < choices.size(); ++k) {
        spec.parts.push_back(choices[k][index[k]]);
        spec.name += (k ? ":" : "") + names[k][index[k]];
      }
      out.push_back(std::move(spec));
      std::size_t k = 0;
      while (k < choices.size() && ++index[k] == choices[k].size()) index[k++] = 0;
      if (k == choices.size()) break;
    }
  }
  return out;
}

}  // namespace frame_detail

namespace {

using frame_detail::ColumnSpec;
using frame_detail::Value;

bool missing_at(const Value& v, std::size_t row) {
  if (v.is_factor) return v.codes[row] < 0;
  return std::isnan(v.num[v.num.size() == 1 ? 0 : row]);
}

double numeric_at(const Value& v, std::size_t row) { return v.num[v.num.size() == 1 ? 0 : row]; }

void fill_design(const std::vector<ColumnSpec>& specs, const std::vector<Value>& values,
                 const std::vector<std::size_t>& rows, Eigen::MatrixXd& x) {
  const auto n = static_cast<Eigen::Index>(rows.size());
  x.resize(n, static_cast<Eigen::Index>(specs.size()));
  const auto p = static_cast<long>(specs.size());
#pragma omp parallel for schedule(dynamic, 1) if (n >= wls_detail::kParallelRows)
  for (long j = 0; j < p; ++j) {
    double* col = x.col(j).data();
    const ColumnSpec& spec = specs[static_cast<std::size_t>(j)];
    std::fill(col, col + n, 1.0);
    for (const auto& part : spec.parts) {
      const Value& v = values[static_cast<std::size_t>(part.variable)];
      if (part.level >= 0) {
        const std::int32_t* codes = v.codes.data();
        for (Eigen::Index i = 0; i < n; ++i)
          if (codes[rows[static_cast<std::size_t>(i)]] != part.level) col[i] = 0.0;
      } else if (v.num.size() == 1) {
        for (Eigen::Index i = 0; i < n; ++i) col[i] *= v.num[0];
      } else {
        const double* num = v.num.data();
        for (Eigen::Index i = 0; i < n; ++i) col[i] *= num[rows[static_cast<std::size_t>(i)]];
      }
    }
  }
}

void check_finite(const Value& v, const std::string& name, const std::vector<std::size_t>& rows,
                  const std::string& context) {
  if (v.is_factor) return;
  for (std::size_t r : rows)
    if (!std::isfinite(numeric_at(v, r)))
      throw Error(context,
                  "'" + name + "' is " + (numeric_at(v, r) > 0 ? "Inf" : "-Inf") + " at data row " +
                      std::to_string(r + 1),
                  "a model needs finite values; log(0) is -Inf: use log(x + 1) or drop such rows");
}

}  // namespace

ModelFrame build_model_frame(const Formula& formula, const Table& data,
                             const ModelFrameOptions& options) {
  const std::string& context = options.context;
  ModelFrame frame;
  frame.formula = formula;
  frame.term_labels = formula.term_labels();
  const std::size_t n_in = data.rows();
  frame.rows_in = n_in;
  const std::size_t nvar = formula.variables.size();
  const bool survival = formula.is_survival();
  const bool counts = formula.is_binomial_counts();

  // 1. evaluate every variable (a Surv or cbind response is evaluated as its two arguments)
  std::vector<Value> values(nvar);
  Value surv_time, surv_event;
  for (std::size_t v = 0; v < nvar; ++v) {
    if (counts && v == 0) {
      const FormulaExpr& c = *formula.variables[0];
      if (c.args.size() != 2)
        throw Error(context, "cbind() takes two arguments here: cbind(successes, failures)");
      surv_time = frame_detail::evaluate(*c.args[0], data, context);   // successes
      surv_event = frame_detail::evaluate(*c.args[1], data, context);  // failures
      if (surv_time.is_factor || surv_event.is_factor)
        throw Error(context, "cbind(successes, failures) needs two numeric count columns");
      continue;
    }
    if (survival && v == 0) {
      const FormulaExpr& s = *formula.variables[0];
      if (s.args.size() != 2)
        throw Error(context, "Surv() takes two arguments here: Surv(time, event)");
      surv_time = frame_detail::evaluate(*s.args[0], data, context);
      surv_event = frame_detail::evaluate(*s.args[1], data, context);
      if (surv_time.is_factor || surv_event.is_factor)
        throw Error(context, "Surv(time, event) needs numeric time and event columns");
      continue;
    }
    values[v] = frame_detail::evaluate(*formula.variables[v], data, context);
    if (!values[v].is_factor && values[v].num.size() == 1 && n_in != 1)
      values[v].num.assign(n_in, values[v].num[0]);
  }
  Value weights, cluster;
  if (!options.weights_column.empty()) {
    weights = frame_detail::column_value(data, options.weights_column, context);
    if (weights.is_factor)
      throw Error(context, "weights column '" + options.weights_column + "' is not numeric");
  }
  if (!options.cluster_column.empty())
    cluster = frame_detail::column_value(data, options.cluster_column, context);

  // 2. drop rows missing in any used variable
  struct Cause {
    const Value* value;
    std::string name;
    std::size_t count = 0;
  };
  std::vector<Cause> causes;
  const bool two_part = survival || counts;  // response held in surv_time, surv_event
  for (std::size_t v = 0; v < nvar; ++v)
    if (!(two_part && v == 0)) causes.push_back({&values[v], formula.variable_names[v]});
  if (two_part) {
    causes.push_back({&surv_time, deparse(*formula.variables[0]->args[0])});
    causes.push_back({&surv_event, deparse(*formula.variables[0]->args[1])});
  }
  if (!options.weights_column.empty()) causes.push_back({&weights, options.weights_column});
  if (!options.cluster_column.empty()) causes.push_back({&cluster, options.cluster_column});
  std::vector<std::size_t>& rows = frame.table_rows;
  rows.reserve(n_in);
  for (std::size_t r = 0; r < n_in; ++r) {
    bool keep = true;
    for (auto& c : causes)
      if (missing_at(*c.value, r)) keep = false, ++c.count;
    if (keep) rows.push_back(r);
  }
  frame.rows_dropped = n_in - rows.size();
  for (const auto& c : causes)
    if (c.count > 0)
      frame.dropped_detail +=
          (frame.dropped_detail.empty() ? "" : ", ") + c.name + ": " + std::to_string(c.count);
  if (rows.empty())
    throw Error(context,
                "no rows left to fit: all " + std::to_string(n_in) +
                    " rows have a missing value in a column the model uses" +
                    (frame.dropped_detail.empty() ? "" : " (" + frame.dropped_detail + ")"),
                "check the columns named for missing values");

  // 3. drop unused factor levels; a factor needs two levels
  std::vector<std::vector<std::string>> levels(nvar);
  std::vector<bool> is_factor(nvar, false);
  for (std::size_t v = 0; v < nvar; ++v) {
    Value& val = values[v];
    if (!val.is_factor) continue;
    is_factor[v] = true;
    std::vector<std::int32_t> used(val.levels.size(), 0);
    for (std::size_t r : rows) used[static_cast<std::size_t>(val.codes[r])] = 1;
    std::vector<std::int32_t> remap(val.levels.size(), -1);
    std::vector<std::string> kept;
    for (std::size_t l = 0; l < used.size(); ++l)
      if (used[l]) remap[l] = static_cast<std::int32_t>(kept.size()), kept.push_back(val.levels[l]);
    if (kept.size() != val.levels.size())
      for (auto& c : val.codes)
        if (c >= 0) c = remap[static_cast<std::size_t>(c)];
    val.levels = kept;
    levels[v] = kept;
    const bool is_response = formula.response && v == 0;
    if (!is_response && kept.size() < 2)
      throw Error(context,
                  "factor '" + formula.variable_names[v] + "' has only one level ('" +
                      (kept.empty() ? std::string() : kept[0]) + "') in the " +
                      std::to_string(rows.size()) + " rows used",
                  "a factor needs two or more levels to be compared; drop it from the formula");
    if (!is_response) frame.factors.push_back({formula.variable_names[v], kept});
  }
  for (std::size_t v = 0; v < nvar; ++v)
    if (!(two_part && v == 0)) check_finite(values[v], formula.variable_names[v], rows, context);

  // 4. the design matrix
  const auto specs = frame_detail::column_layout(formula, levels, is_factor);
  fill_design(specs, values, rows, frame.x);
  for (const auto& s : specs) {
    frame.column_names.push_back(s.name);
    frame.column_term.push_back(s.term);
  }
  for (Eigen::Index j = 0; j < frame.x.cols(); ++j) {
    if (frame.column_term[static_cast<std::size_t>(j)] < 0) continue;
    const auto col = frame.x.col(j);
    if (frame.has_intercept() && (col.array() == col(0)).all())
      frame.warnings.push_back("column '" + frame.column_names[static_cast<std::size_t>(j)] +
                               "' is constant (" + std::to_string(col(0)) +
                               ") in the rows used, so it is aliased with the intercept");
  }

  // 5. response, offset, weights, cluster
  const auto n = static_cast<Eigen::Index>(rows.size());
  if (survival) {
    check_finite(surv_time, "survival time", rows, context);
    frame.surv_time.resize(n);
    frame.surv_event.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      frame.surv_time(i) = numeric_at(surv_time, rows[static_cast<std::size_t>(i)]);
      frame.surv_event(i) = numeric_at(surv_event, rows[static_cast<std::size_t>(i)]);
    }
  } else if (counts) {
    // As R's binomial()$initialize for a two-column response: y = s / (s + f) (0 when no
    // trials), prior weights s + f.
    check_finite(surv_time, "successes", rows, context);
    check_finite(surv_event, "failures", rows, context);
    frame.response.resize(n);
    frame.weights.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const std::size_t r = rows[static_cast<std::size_t>(i)];
      const double s = numeric_at(surv_time, r), f = numeric_at(surv_event, r);
      if (s < 0 || f < 0)
        throw Error(context,
                    "cbind(successes, failures) has a negative count (" + format_double(s) + ", " +
                        format_double(f) + ") at data row " + std::to_string(r + 1),
                    "successes and failures must be counts >= 0");
      frame.weights(i) = s + f;
      frame.response(i) = s + f > 0 ? s / (s + f) : 0.0;
    }
    frame.binomial_counts = true;
    frame.binomial_trials = frame.weights;
  } else if (formula.response) {
    const Value& y = values[0];
    frame.response.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const std::size_t r = rows[static_cast<std::size_t>(i)];
      frame.response(i) = y.is_factor ? (y.codes[r] != 0 ? 1.0 : 0.0) : y.num[r];
    }
    if (y.is_factor) frame.response_levels = y.levels;
  }
  if (!formula.offsets.empty()) {
    frame.offset = Eigen::VectorXd::Zero(n);
    for (std::size_t v = 0; v < nvar; ++v) {
      const FormulaExpr& e = *formula.variables[v];
      if (e.kind != FormulaExpr::Kind::Call || e.text != "offset") continue;
      if (values[v].is_factor)
        throw Error(context, "'" + formula.variable_names[v] + "' must be numeric");
      for (Eigen::Index i = 0; i < n; ++i)
        frame.offset(i) += numeric_at(values[v], rows[static_cast<std::size_t>(i)]);
    }
  }
  if (!options.weights_column.empty()) {
    check_finite(weights, options.weights_column, rows, context);
    frame.weights.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double w = numeric_at(weights, rows[static_cast<std::size_t>(i)]);
      if (w < 0)
        throw Error(context,
                    "weights column '" + options.weights_column + "' is negative (" +
                        std::to_string(w) + ") at data row " +
                        std::to_string(rows[static_cast<std::size_t>(i)] + 1),
                    "prior weights must be zero or positive");
      frame.weights(i) = counts ? w * frame.binomial_trials(i) : w;  // R: weights * (s + f)
    }
  }
  if (!options.cluster_column.empty()) {
    std::unordered_map<std::int64_t, std::int32_t> ids;
    frame.cluster.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::size_t r = rows[i];
      const std::int64_t key = cluster.is_factor
                                   ? cluster.codes[r]
                                   : static_cast<std::int64_t>(std::llround(cluster.num[r] * 1e6));
      auto it = ids.try_emplace(key, static_cast<std::int32_t>(ids.size())).first;
      frame.cluster[i] = it->second;
    }
    frame.cluster_count = ids.size();
  }
  return frame;
}

Eigen::MatrixXd design_matrix_for(const ModelFrame& frame, const Table& newdata,
                                  Eigen::VectorXd* offset) {
  const Formula& formula = frame.formula;
  const std::string context = "prediction data";
  const std::size_t nvar = formula.variables.size();
  std::vector<Value> values(nvar);
  std::vector<std::vector<std::string>> levels(nvar);
  std::vector<bool> is_factor(nvar, false);
  std::vector<bool> used(nvar, false);
  for (const auto& t : formula.terms)
    for (int v : t.variables) used[static_cast<std::size_t>(v)] = true;
  for (std::size_t v = 0; v < nvar; ++v) {
    const FormulaExpr& e = *formula.variables[v];
    const bool is_offset = e.kind == FormulaExpr::Kind::Call && e.text == "offset";
    if (!used[v] && !is_offset) continue;  // the response is not needed
    values[v] = frame_detail::evaluate(e, newdata, context);
    if (!values[v].is_factor && values[v].num.size() == 1)
      values[v].num.assign(newdata.rows(), values[v].num[0]);
    if (!values[v].is_factor) continue;
    is_factor[v] = true;
    const auto fit = std::find_if(
        frame.factors.begin(), frame.factors.end(),
        [&](const FactorLevels& f) { return f.variable == formula.variable_names[v]; });
    if (fit == frame.factors.end())
      throw Error(context, "'" + formula.variable_names[v] +
                               "' was numeric when the model was "
                               "fitted but is a factor here");
    levels[v] = fit->levels;
    std::vector<std::int32_t> remap(values[v].levels.size(), -1);
    for (std::size_t l = 0; l < values[v].levels.size(); ++l) {
      auto pos = std::find(fit->levels.begin(), fit->levels.end(), values[v].levels[l]);
      if (pos != fit->levels.end()) remap[l] = static_cast<std::int32_t>(pos - fit->levels.begin());
    }
    for (std::size_t r = 0; r < values[v].codes.size(); ++r) {
      auto& c = values[v].codes[r];
      if (c < 0) continue;
      const std::int32_t mapped = remap[static_cast<std::size_t>(c)];
      if (mapped < 0)
        throw Error(context,
                    "'" + formula.variable_names[v] + "' has level '" +
                        values[v].levels[static_cast<std::size_t>(c)] + "' at row " +
                        std::to_string(r + 1) + ", which the fitted model never saw",
                    "predict only for levels present when fitting");
      c = mapped;
    }
  }
  std::vector<std::size_t> rows(newdata.rows());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    rows[r] = r;
    for (std::size_t v = 0; v < nvar; ++v)
      if ((used[v] || values[v].num.size() || values[v].codes.size()) &&
          (values[v].is_factor || !values[v].num.empty()) && missing_at(values[v], r))
        throw Error(
            context,
            "'" + formula.variable_names[v] + "' is missing at row " + std::to_string(r + 1),
            "prediction needs a value in every column the model uses");
  }
  const auto specs = frame_detail::column_layout(formula, levels, is_factor);
  Eigen::MatrixXd x;
  fill_design(specs, values, rows, x);
  if (offset) {
    *offset = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t v = 0; v < nvar; ++v) {
      const FormulaExpr& e = *formula.variables[v];
      if (e.kind == FormulaExpr::Kind::Call && e.text == "offset")
        for (std::size_t r = 0; r < rows.size(); ++r)
          (*offset)(static_cast<Eigen::Index>(r)) += numeric_at(values[v], r);
    }
  }
  return x;
}

}  // namespace harmcast
