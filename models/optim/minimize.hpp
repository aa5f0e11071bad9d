#pragma once
// minimize: the one optimisation wrapper of harmcast, over Ceres' GradientProblemSolver.
//
// Every maximum-likelihood fit minimises a smooth scalar objective f(x) of a few parameters
// (usually a negative log-likelihood per observation) through this function, so all fits report
// convergence through the same FitSummary. Gradients are central differences
//   df/dx_i ~ (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i),  h_i = step * max(1, |x_i|),
// accurate to O(h^2) (Nocedal & Wright, Numerical Optimization, 2nd ed., section 8.1); the
// search is BFGS with a Wolfe line search (ibid., chapter 6). An objective may return a
// non-finite value (or throw nothing) to say "infeasible here": the line search then backs off.
#include <Eigen/Dense>
#include <functional>
#include <string>
#include <vector>

#include "models/optim/fit_summary.hpp"

namespace harmcast {

struct MinimizeOptions {
  // Iteration cap. Raise it for objectives with many parameters or poor scaling.
  int max_iterations = 200;
  // Stop when |f_old - f_new| < function_tolerance * |f_old|.
  double function_tolerance = 1e-12;
  // Stop when the largest gradient component is below this (in the scaled parameters).
  double gradient_tolerance = 1e-9;
  // Stop when the step is below parameter_tolerance * (|x| + parameter_tolerance).
  double parameter_tolerance = 1e-12;
  // Relative step h of the central-difference gradient. 1e-6 balances truncation and rounding
  // error for objectives computed to ~1e-15 relative accuracy.
  double gradient_step = 1e-6;
  // "bfgs" (dense, best for <= ~20 parameters) or "lbfgs" (many parameters).
  std::string direction = "bfgs";
  // "wolfe" (gradient at every trial step) or "armijo" (backtracking on values only; cheaper
  // when the gradient is numeric).
  std::string line_search = "wolfe";
  // Scale the initial inverse Hessian by an eigenvalue estimate (Oren 1974): fewer iterations
  // when parameters are roughly comparably scaled.
  bool eigenvalue_scaling = false;
  // Forward differences (n evaluations per gradient instead of 2n, accuracy O(h)).
  bool forward_differences = false;

  // Throws harmcast::Error naming the field and the rule broken.
  void validate() const;
};

using Objective = std::function<double(const double* x)>;

// Minimises f over x (size n), starting from and overwriting `x`. Never throws for a failed
// optimisation: the summary says how it ended. Throws harmcast::Error for bad options or a
// non-finite objective at the starting point.
FitSummary minimize(const Objective& f, std::vector<double>& x, const MinimizeOptions& options);

// Central-difference Hessian of f at x, step h_i = step * max(1, |x_i|). Symmetric.
Eigen::MatrixXd numeric_hessian(const Objective& f, const std::vector<double>& x,
                                double step = 1e-4);

// A square root R of the inverse of a symmetric information matrix (R R' = I^-1), for drawing
// estimates from their asymptotic normal. Directions whose curvature is below 1e-10 of the largest
// count as flat and get no spread.
Eigen::MatrixXd inverse_root(const Eigen::MatrixXd& information);

}  // namespace harmcast
