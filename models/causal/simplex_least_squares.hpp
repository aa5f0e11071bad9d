#pragma once
// Least squares over the probability simplex:
//   minimise ||A w - b||^2  subject to  w_j >= 0, sum_j w_j = 1,
// the weight problem of the synthetic control method. Solved exactly (to rounding) by a primal
// active-set method in the style of Lawson & Hanson's NNLS (Solving Least Squares Problems, 1974,
// ch. 23) with the equality constraint carried in the KKT system of each passive-set subproblem:
//   [A_P'A_P  1; 1'  0] [z; nu] = [A_P'b; 1].
// Optimality (KKT): with g = A'(A w - b), g_j + nu = 0 on the support and g_j + nu >= 0 off it.
// Starts from the best single column; each outer step frees the column with the most negative
// multiplier; inner steps move towards the subproblem solution until a weight hits zero.
// Subproblems use a complete orthogonal decomposition, so rank-deficient A (more columns than
// rows, collinear donors) is handled (the solution is then one of the minimisers).
#include <Eigen/Dense>
#include <string>

namespace harmcast::causal {

struct SimplexLsOptions {
  double tolerance = 1e-10;   // KKT tolerance, relative to max(1, max_j (A'A)_jj)
  int max_iterations = 2000;  // total inner + outer steps

  void validate() const;  // throws harmcast::Error naming the field and the rule broken
};

struct SimplexLsResult {
  Eigen::VectorXd weights;         // non-negative, sum 1
  double objective = 0.0;          // ||A w - b||^2
  double max_kkt_violation = 0.0;  // max_j max(0, -(g_j + nu)) at the end
  int iterations = 0;
  bool converged = false;
  std::string message;
};

SimplexLsResult simplex_least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b,
                                      const SimplexLsOptions& options = {});

}  // namespace harmcast::causal
