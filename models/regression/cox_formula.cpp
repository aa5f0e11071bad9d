// fit_cox(Table, formula): strata()/cluster() terms taken out of the formula, the rest evaluated
// by the shared model frame (models/regression/model_frame.hpp), the intercept column dropped.
#include "models/regression/cox_formula.hpp"

#include <cmath>
#include <map>

#include "engine/core/error.hpp"
#include "models/regression/formula.hpp"
#include "models/regression/model_frame.hpp"

namespace harmcast {
namespace {

constexpr const char* kWhere = "cox formula";

// Column names inside a strata(...) or cluster(...) call; each argument must be a column name.
std::vector<std::string> call_columns(const FormulaExpr& call) {
  std::vector<std::string> names;
  for (const auto& arg : call.args) {
    if (arg->kind != FormulaExpr::Kind::Name)
      throw Error(kWhere, call.text + "() takes column names, got '" + deparse(*arg) + "'",
                  "write e.g. strata(region) or strata(region, sex)");
    names.push_back(arg->text);
  }
  if (names.empty()) throw Error(kWhere, call.text + "() needs at least one column");
  return names;
}

}  // namespace

CoxResult fit_cox(const Table& data, const std::string& formula_text, const CoxOptions& options,
                  const CoxFormulaOptions& columns) {
  const Formula formula = parse_formula(formula_text);
  if (!formula.is_survival())
    throw Error(kWhere, "the response of '" + formula_text + "' is not Surv(time, event)",
                "write the formula as Surv(time, event) ~ covariates");

  // Take strata() and cluster() terms out; rebuild the formula text from the other terms.
  std::vector<std::string> strata_columns;
  std::string cluster_column = columns.cluster_column;
  std::vector<std::string> kept_terms;
  for (const auto& term : formula.terms) {
    bool special = false;
    for (int v : term.variables) {
      const FormulaExpr& e = *formula.variables[static_cast<std::size_t>(v)];
      if (e.kind == FormulaExpr::Kind::Call && (e.text == "strata" || e.text == "cluster")) {
        if (term.degree() > 1)
          throw Error(kWhere, "interactions with " + e.text + "() are not supported ('" +
                                  term.label + "')");
        special = true;
        const auto names = call_columns(e);
        if (e.text == "strata") {
          strata_columns.insert(strata_columns.end(), names.begin(), names.end());
        } else {
          if (names.size() != 1) throw Error(kWhere, "cluster() takes one column");
          cluster_column = names[0];
        }
      }
    }
    if (!special) kept_terms.push_back(term.label);
  }
  if (!formula.offsets.empty())
    throw Error(kWhere, "offset() terms are not supported by the Cox fit yet",
                "remove the offset term");
  std::string rebuilt = deparse(*formula.response) + " ~ ";
  for (std::size_t i = 0; i < kept_terms.size(); ++i) rebuilt += (i ? " + " : "") + kept_terms[i];
  if (kept_terms.empty()) rebuilt += "1";

  // Rows missing a strata value are dropped before the frame is built.
  Table table = data;
  std::size_t strata_dropped = 0;
  if (!strata_columns.empty()) {
    std::vector<std::uint8_t> keep(data.rows(), 1);
    for (const auto& name : strata_columns) {
      const Column& c = data.column(name);
      for (std::size_t i = 0; i < data.rows(); ++i)
        if (c.is_missing(i)) keep[i] = 0;
    }
    for (auto k : keep) strata_dropped += k == 0;
    if (strata_dropped) table = data.filter(keep);
  }

  ModelFrameOptions frame_options;
  frame_options.weights_column = columns.weights_column;
  frame_options.cluster_column = cluster_column;
  frame_options.context = "cox";
  const ModelFrame frame = build_model_frame(parse_formula(rebuilt), table, frame_options);

  std::vector<Eigen::Index> keep_cols;
  std::vector<std::string> names;
  for (Eigen::Index j = 0; j < frame.cols(); ++j) {
    if (frame.column_term[static_cast<std::size_t>(j)] < 0) continue;  // (Intercept)
    keep_cols.push_back(j);
    names.push_back(frame.column_names[static_cast<std::size_t>(j)]);
  }
  Eigen::MatrixXd x(frame.rows(), static_cast<Eigen::Index>(keep_cols.size()));
  for (std::size_t c = 0; c < keep_cols.size(); ++c)
    x.col(static_cast<Eigen::Index>(c)) = frame.x.col(keep_cols[c]);

  Eigen::VectorXi event(frame.rows());
  for (Eigen::Index i = 0; i < frame.rows(); ++i) {
    const double e = frame.surv_event[i];
    if (e != 0 && e != 1)
      throw Error(kWhere,
                  "row " + std::to_string(frame.table_rows[static_cast<std::size_t>(i)] + 1) +
                      ": event indicator is " + std::to_string(e) +
                      ", expected 0 (censored) or 1 (event)",
                  "recode the status column to 0/1 (R's Surv also reads 1/2, harmcast does not)");
    event[i] = static_cast<int>(e);
  }

  CoxRowData rows;
  if (frame.weights.size()) rows.weights = frame.weights;
  if (!frame.cluster.empty())
    rows.cluster = Eigen::Map<const Eigen::Matrix<std::int32_t, Eigen::Dynamic, 1>>(
                       frame.cluster.data(), static_cast<Eigen::Index>(frame.cluster.size()))
                       .cast<int>();
  if (!strata_columns.empty()) {
    std::map<std::string, int> ids;  // combined label -> id (labels sorted; R orders by level)
    std::vector<std::string> labels(static_cast<std::size_t>(frame.rows()));
    for (Eigen::Index i = 0; i < frame.rows(); ++i) {
      std::string label;
      for (const auto& name : strata_columns)
        label += table.column(name).text(frame.table_rows[static_cast<std::size_t>(i)]) + "\x1f";
      labels[static_cast<std::size_t>(i)] = label;
      ids.emplace(label, 0);
    }
    int next = 0;
    for (auto& [label, id] : ids) id = next++;
    rows.strata.resize(frame.rows());
    for (Eigen::Index i = 0; i < frame.rows(); ++i)
      rows.strata[i] = ids[labels[static_cast<std::size_t>(i)]];
  }

  CoxResult result = fit_cox(x, frame.surv_time, event, names, options, rows);
  result.rows_dropped = frame.rows_dropped + strata_dropped;
  result.dropped_detail = frame.dropped_detail;
  if (strata_dropped)
    result.dropped_detail += (result.dropped_detail.empty() ? "" : ", ") + std::string("strata: ") +
                             std::to_string(strata_dropped);
  for (const auto& w : frame.warnings) result.warnings.push_back(w);
  return result;
}

}  // namespace harmcast
