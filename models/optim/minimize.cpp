#include "models/optim/minimize.hpp"

#include <ceres/gradient_problem.h>
#include <ceres/gradient_problem_solver.h>
#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <chrono>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast {
namespace {

// Adapts a plain objective to Ceres with a central-difference gradient. Non-finite values tell
// Ceres the point is infeasible (Evaluate returns false), so the line search shortens the step.
class CentralDifferenceFunction final : public ceres::FirstOrderFunction {
 public:
  CentralDifferenceFunction(const Objective& f, int n, double step, bool forward)
      : f_(f), n_(n), step_(step), forward_(forward), work_(n) {}

  bool Evaluate(const double* x, double* cost, double* gradient) const override {
    const double value = f_(x);
    if (!std::isfinite(value)) return false;
    *cost = value;
    if (gradient == nullptr) return true;
    for (int i = 0; i < n_; ++i) work_[i] = x[i];
    for (int i = 0; i < n_; ++i) {
      const double h = step_ * std::max(1.0, std::abs(x[i]));
      if (forward_) {
        work_[i] = x[i] + h;
        const double up = f_(work_.data());
        work_[i] = x[i];
        if (!std::isfinite(up)) return false;
        gradient[i] = (up - value) / h;
        continue;
      }
      work_[i] = x[i] + h;
      const double up = f_(work_.data());
      work_[i] = x[i] - h;
      const double down = f_(work_.data());
      work_[i] = x[i];
      if (!std::isfinite(up) || !std::isfinite(down)) return false;
      gradient[i] = (up - down) / (2.0 * h);
    }
    return true;
  }
  int NumParameters() const override { return n_; }

 private:
  const Objective& f_;
  int n_;
  double step_;
  bool forward_;
  mutable std::vector<double> work_;
};

}  // namespace

void MinimizeOptions::validate() const {
  auto fail = [](const std::string& field, const std::string& rule) {
    throw Error("MinimizeOptions." + field, rule, "");
  };
  if (max_iterations < 1)
    fail("max_iterations", fmt::format("must be >= 1, got {}", max_iterations));
  if (!(function_tolerance >= 0)) fail("function_tolerance", "must be >= 0");
  if (!(gradient_tolerance >= 0)) fail("gradient_tolerance", "must be >= 0");
  if (!(parameter_tolerance >= 0)) fail("parameter_tolerance", "must be >= 0");
  if (!(gradient_step > 0 && gradient_step < 0.1))
    fail("gradient_step", fmt::format("must be in (0, 0.1), got {}", gradient_step));
  if (line_search != "wolfe" && line_search != "armijo")
    fail("line_search", fmt::format("must be 'wolfe' or 'armijo', got '{}'", line_search));
  if (direction != "bfgs" && direction != "lbfgs")
    fail("direction", fmt::format("must be 'bfgs' or 'lbfgs', got '{}'", direction));
}

FitSummary minimize(const Objective& f, std::vector<double>& x, const MinimizeOptions& options) {
  options.validate();
  const auto start = std::chrono::steady_clock::now();
  FitSummary summary;
  const double initial = f(x.data());
  if (!std::isfinite(initial))
    throw Error("minimize", "the objective is not finite at the starting values",
                "choose other starting values");
  summary.objective_initial = initial;
  summary.objective_final = initial;
  if (x.empty()) {
    summary.status = FitStatus::kConverged;
    summary.message = "no free parameters";
    return summary;
  }

  ceres::GradientProblemSolver::Options solver_options;
  solver_options.line_search_direction_type =
      options.direction == "bfgs" ? ceres::BFGS : ceres::LBFGS;
  solver_options.line_search_type = options.line_search == "wolfe" ? ceres::WOLFE : ceres::ARMIJO;
  solver_options.use_approximate_eigenvalue_bfgs_scaling = options.eigenvalue_scaling;
  solver_options.max_num_iterations = options.max_iterations;
  solver_options.function_tolerance = options.function_tolerance;
  solver_options.gradient_tolerance = options.gradient_tolerance;
  solver_options.parameter_tolerance = options.parameter_tolerance;
  solver_options.logging_type = ceres::SILENT;
  solver_options.minimizer_progress_to_stdout = false;

  // The problem takes ownership of the function object.
  ceres::GradientProblem problem(new CentralDifferenceFunction(
      f, static_cast<int>(x.size()), options.gradient_step, options.forward_differences));
  ceres::GradientProblemSolver::Summary ceres_summary;
  std::vector<double> trial = x;
  std::string invalid;
  if (!solver_options.IsValid(&invalid))
    throw Error("MinimizeOptions", "invalid combination for Ceres: " + invalid, "");
  ceres::Solve(solver_options, problem, trial.data(), &ceres_summary);

  const double final_value = f(trial.data());
  summary.iterations = static_cast<int>(ceres_summary.iterations.size()) - 1;
  if (summary.iterations < 0) summary.iterations = 0;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool improved = std::isfinite(final_value) && final_value <= initial;
  if (improved) {
    x = trial;
    summary.objective_final = final_value;
  }
  switch (ceres_summary.termination_type) {
    case ceres::CONVERGENCE:
    case ceres::USER_SUCCESS:
      summary.status = improved ? FitStatus::kConverged : FitStatus::kFailed;
      break;
    case ceres::NO_CONVERGENCE:
      summary.status = improved ? FitStatus::kUsable : FitStatus::kFailed;
      break;
    default:
      // Line searches stall near the optimum when the gradient is numeric: usable if better.
      summary.status = improved ? FitStatus::kUsable : FitStatus::kFailed;
      break;
  }
  summary.message = ceres_summary.message;
  return summary;
}

Eigen::MatrixXd numeric_hessian(const Objective& f, const std::vector<double>& x, double step) {
  const int n = static_cast<int>(x.size());
  Eigen::MatrixXd hessian(n, n);
  std::vector<double> work = x;
  std::vector<double> h(n);
  for (int i = 0; i < n; ++i) h[i] = step * std::max(1.0, std::abs(x[i]));
  const double f0 = f(work.data());
  for (int i = 0; i < n; ++i) {
    work[i] = x[i] + h[i];
    const double up = f(work.data());
    work[i] = x[i] - h[i];
    const double down = f(work.data());
    work[i] = x[i];
    hessian(i, i) = (up - 2.0 * f0 + down) / (h[i] * h[i]);
    for (int j = 0; j < i; ++j) {
      double sum = 0.0;
      for (int si = -1; si <= 1; si += 2)
        for (int sj = -1; sj <= 1; sj += 2) {
          work[i] = x[i] + si * h[i];
          work[j] = x[j] + sj * h[j];
          sum += si * sj * f(work.data());
        }
      work[i] = x[i];
      work[j] = x[j];
      hessian(i, j) = hessian(j, i) = sum / (4.0 * h[i] * h[j]);
    }
  }
  return hessian;
}

Eigen::MatrixXd inverse_root(const Eigen::MatrixXd& information) {
  constexpr double kFlatCurvature = 1e-10;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(information);
  const Eigen::VectorXd& lambda = eig.eigenvalues();
  const double largest = lambda.cwiseAbs().maxCoeff();
  Eigen::VectorXd scale(lambda.size());
  for (Eigen::Index i = 0; i < lambda.size(); ++i)
    scale(i) = lambda(i) > kFlatCurvature * largest ? 1 / std::sqrt(lambda(i)) : 0.0;
  return eig.eigenvectors() * scale.asDiagonal();
}

}  // namespace harmcast
