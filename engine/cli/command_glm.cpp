// harmcast glm: fit a GLM or negative binomial regression to a CSV file, print a summary laid out
// like R's summary(glm(...)) / summary(MASS::glm.nb(...)), and optionally write the coefficient
// table as CSV (term,estimate,std_error,statistic,p_value,conf_low,conf_high; NA where aliased)
// atomically.
#include "engine/cli/command_glm.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "engine/core/error.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/table/table.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/negbin.hpp"

namespace harmcast::cli {
namespace {

struct GlmCommandArgs {
  std::string data, formula, family = "binomial", link, weights, se = "model", cluster, out;
  double conf_level = 0.95;
  int threads = 0;
};

std::string cell(double x) { return std::isnan(x) ? "NA" : format_double(x); }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string coefficient_csv(const GlmResult& fit) {
  std::string out = "term,estimate,std_error,statistic,p_value,conf_low,conf_high\n";
  for (std::size_t j = 0; j < fit.names.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    out += csv_field(fit.names[j]) + "," + cell(fit.coefficients(k)) + "," +
           cell(fit.std_error(k)) + "," + cell(fit.statistic(k)) + "," + cell(fit.p_value(k)) +
           "," + cell(fit.conf_low(k)) + "," + cell(fit.conf_high(k)) + "\n";
  }
  return out;
}

void run_glm(const GlmCommandArgs& a) {
  const GlmFamily family = parse_glm_family(a.family);
  const GlmStandardErrors se = parse_glm_standard_errors(a.se);
  if (se == GlmStandardErrors::Cluster && a.cluster.empty())
    throw Error("--se cluster", "cluster-robust standard errors need --cluster COLUMN");
  std::optional<GlmLink> link;
  if (!a.link.empty()) link = parse_glm_link(a.link);
  const Formula formula = parse_formula(a.formula);  // fail fast, before reading the data
  const Table data = read_csv(a.data);
  ModelFrameOptions frame_options;
  frame_options.weights_column = a.weights;
  frame_options.cluster_column = a.cluster;
  frame_options.context = "glm";
  const ModelFrame frame = build_model_frame(formula, data, frame_options);
  const auto start = std::chrono::steady_clock::now();
  GlmResult fit;
  std::string extra;
  if (family == GlmFamily::NegativeBinomial) {
    NegBinOptions options;
    if (link) options.link = *link;
    options.standard_errors = se;
    options.confidence_level = a.conf_level;
    options.threads = a.threads;
    NegBinResult nb = fit_negbin(frame, options);
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "              Theta:  %.6g\n          Std. Err.:  %.6g\n"
                  " 2 x log-likelihood:  %.3f\n",
                  nb.theta, nb.theta_se, nb.two_log_likelihood);
    extra = buf;
    fit = std::move(nb.glm);
  } else {
    GlmOptions options;
    options.family = family;
    options.link = link;
    options.standard_errors = se;
    options.confidence_level = a.conf_level;
    options.threads = a.threads;
    fit = fit_glm(frame, options);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string text = format_glm_summary(fit, a.formula);
  std::printf("%s%s", text.c_str(), extra.c_str());
  std::printf("Rows used: %zu of %zu", frame.table_rows.size(), frame.rows_in);
  if (frame.rows_dropped > 0)
    std::printf(" (%zu dropped for missing values: %s)", frame.rows_dropped,
                frame.dropped_detail.c_str());
  std::printf("\nFit time: %.3f s\n", seconds);
  if (!a.out.empty()) {
    write_file_atomically(a.out, coefficient_csv(fit));
    std::printf("Coefficients written to %s\n", a.out.c_str());
  }
}

}  // namespace

void register_glm_command(CLI::App& app) {
  auto args = std::make_shared<GlmCommandArgs>();
  auto* cmd = app.add_subcommand(
      "glm",
      "Fit a generalised linear model (as R's glm) or a negative binomial regression (as "
      "MASS::glm.nb) to a CSV file and print a summary like R's summary(); optionally "
      "write the coefficients as CSV.");
  cmd->add_option("--data", args->data, "CSV file with a header row")->required();
  cmd->add_option("--formula", args->formula,
                  "R formula, e.g. \"y ~ age + sex + factor(ward) + offset(log(exposure))\"")
      ->required();
  cmd->add_option("--family", args->family, "binomial, poisson, negbin or gaussian")
      ->capture_default_str();
  cmd->add_option("--link", args->link,
                  "Link: logit, probit, cloglog (binomial); log, identity, sqrt (poisson, "
                  "negbin); identity, log (gaussian). Default: the canonical link");
  cmd->add_option("--weights", args->weights, "Column of prior weights (>= 0)");
  cmd->add_option("--se", args->se,
                  "Standard errors: model, hc0, hc1, hc3 (as sandwich::vcovHC) or cluster (as "
                  "sandwich::vcovCL: HC0 with G/(G-1))")
      ->capture_default_str();
  cmd->add_option("--cluster", args->cluster, "Column of cluster ids for --se cluster");
  cmd->add_option("--conf-level", args->conf_level, "Level of the Wald confidence intervals")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "OpenMP threads (0: all)")->capture_default_str();
  cmd->add_option("--out", args->out,
                  "Write term,estimate,std_error,statistic,p_value,conf_low,conf_high here");
  cmd->callback([args] { run_glm(*args); });
}

}  // namespace harmcast::cli
