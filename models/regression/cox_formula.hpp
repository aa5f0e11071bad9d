#pragma once
// Cox model from an R formula on a Table, as coxph(formula, data):
//   Surv(time, event) ~ x1 + factor(x2) + x1:x3 + strata(s1, s2) + cluster(id)
// The design matrix is R's model.matrix without its intercept column (so factors use treatment
// contrasts exactly as coxph codes them). strata(...) terms (one or more columns, combined)
// stratify the baseline hazard; cluster(col) or CoxFormulaOptions::cluster_column asks for
// robust standard errors clustered on that column. Rows missing in any used column, including
// strata columns, are dropped and counted (CoxResult::rows_dropped). offset() is not supported.
#include <string>

#include "engine/table/table.hpp"
#include "models/regression/cox.hpp"

namespace harmcast {

struct CoxFormulaOptions {
  std::string weights_column;  // case weights (> 0); empty for none
  std::string cluster_column;  // cluster ids for robust SE; empty for none (or cluster() term)
};

CoxResult fit_cox(const Table& data, const std::string& formula, const CoxOptions& options,
                  const CoxFormulaOptions& columns = {});

}  // namespace harmcast
