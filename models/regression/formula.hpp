#pragma once
// R-style model formulas: parsing and term expansion as R's terms.formula does it.
//
//   y ~ x1 + x2 + factor(x3) + x1:x2 + x1*x2 + log(x4) + I(x^2) + offset(log(exposure)) - 1
//   Surv(time, event) ~ age + sex
//   cbind(successes, failures) ~ age + sex     (binomial counts, as R's glm)
//
// Operators on the right-hand side: `+` (add terms), `-` (remove terms; `- 1` removes the
// intercept), `:` (interaction), `*` (a*b = a + b + a:b), `^` ((a+b)^2 = all interactions up to
// order 2), `/` (a/b = a + a:b), parentheses, `0`/`1` (drop/keep the intercept), `offset(expr)`.
// Any other expression (a column name, `log(x)`, `factor(x)`, `I(x^2)`, ...) is a *variable*.
//
// As in R (Chambers & Hastie, Statistical Models in S, 1992, ch. 2; R's src/library/stats/src/
// model.c): variables are listed in order of first appearance (response first); a term is a set
// of variables, labelled by its variables in that order joined with ":"; duplicate terms are
// dropped; terms are ordered by degree (main effects first, then two-way interactions, ...),
// keeping order of appearance within a degree. Expressions are printed back (deparsed) the way
// R prints them, because R's column names (`log(x4)`, `I(x^2)`, `I(x * 2)`) come from that.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harmcast {

// A node of a parsed expression.
struct FormulaExpr {
  enum class Kind { Name, Number, Call, Binary, Unary, Paren };
  Kind kind = Kind::Name;
  std::string text;  // Name: the name; Number: its spelling; Call: function; Binary/Unary: op
  double number = 0.0;
  std::vector<std::shared_ptr<const FormulaExpr>> args;  // Call arguments / operands
  std::size_t position = 0;  // 0-based character offset in the formula text, for messages
};
using FormulaExprPtr = std::shared_ptr<const FormulaExpr>;

// The expression printed as R's deparse() prints it (spaces around + - * / but not ^ or :).
std::string deparse(const FormulaExpr& expr);

struct FormulaTerm {
  std::vector<int> variables;  // indices into Formula::variables, ascending
  std::string label;           // "x1", "x1:x2", "factor(x3)"
  int degree() const { return static_cast<int>(variables.size()); }
};

struct Formula {
  std::string text;                         // as given
  FormulaExprPtr response;                  // null for a one-sided formula (~ x)
  std::vector<FormulaExprPtr> variables;    // distinct variables, order of first appearance
  std::vector<std::string> variable_names;  // deparse() of each variable
  std::vector<FormulaTerm> terms;           // R's term order
  std::vector<FormulaExprPtr> offsets;      // the arguments of offset(...) terms
  bool intercept = true;

  bool is_survival() const;         // response is Surv(time, event)
  bool is_binomial_counts() const;  // response is cbind(successes, failures)
  std::vector<std::string> term_labels() const;
};

// Parses `text`; throws harmcast::Error naming the position of the problem (1-based column)
// and showing the formula with a caret under it.
Formula parse_formula(std::string_view text);

}  // namespace harmcast
