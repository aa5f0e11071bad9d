#include "models/regression/formula.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "engine/core/error.hpp"

namespace harmcast {
namespace {

[[noreturn]] void fail_at(std::string_view text, std::size_t position, const std::string& what,
                          const std::string& hint = {}) {
  std::string shown = what + " at column " + std::to_string(position + 1) + "\n  " +
                      std::string(text) + "\n  " + std::string(position, ' ') + "^";
  throw Error("formula '" + std::string(text) + "'", shown, hint);
}

enum class Tok { Name, Number, Op, LParen, RParen, Comma, End };
struct Token {
  Tok kind;
  std::string text;
  std::size_t position;
};

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (std::isalpha(static_cast<unsigned char>(c)) ||
        (c == '.' && !(i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))))) {
      while (i < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.' || s[i] == '_'))
        ++i;
      out.push_back({Tok::Name, std::string(s.substr(start, i - start)), start});
    } else if (c == '`') {
      const std::size_t close = s.find('`', i + 1);
      if (close == std::string_view::npos) fail_at(s, i, "unterminated backtick name");
      out.push_back({Tok::Name, std::string(s.substr(i + 1, close - i - 1)), start});
      i = close + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      }
      if (i < s.size() && s[i] == 'L') ++i;  // R integer literal 2L
      out.push_back({Tok::Number, std::string(s.substr(start, i - start)), start});
    } else if (c == '(') {
      out.push_back({Tok::LParen, "(", i++});
    } else if (c == ')') {
      out.push_back({Tok::RParen, ")", i++});
    } else if (c == ',') {
      out.push_back({Tok::Comma, ",", i++});
    } else if (std::string_view("~+-*/^:").find(c) != std::string_view::npos) {
      out.push_back({Tok::Op, std::string(1, c), i++});
    } else {
      fail_at(s, i, std::string("unexpected character '") + c + "'",
              "formulas use names, numbers, function calls and + - * / ^ : ~ ( )");
    }
  }
  out.push_back({Tok::End, "", s.size()});
  return out;
}

// Pratt parser with R's precedence: ^ (right) > unary -+ > : > * / > binary + - > ~.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(tokenize(text)) {}

  FormulaExprPtr parse_all() {
    FormulaExprPtr e = parse(0);
    if (peek().kind != Tok::End)
      fail_at(text_, peek().position, "unexpected '" + peek().text + "'");
    return e;
  }

 private:
  const Token& peek() const { return tokens_[at_]; }
  const Token& next() { return tokens_[at_++]; }

  static int infix_power(const Token& t) {
    if (t.kind != Tok::Op) return -1;
    switch (t.text[0]) {
      case '~':
        return 1;
      case '+':
      case '-':
        return 10;
      case '*':
      case '/':
        return 20;
      case ':':
        return 30;
      case '^':
        return 50;
      default:
        return -1;
    }
  }

  FormulaExprPtr parse(int min_power) {
    FormulaExprPtr left = parse_prefix();
    for (;;) {
      const Token& t = peek();
      const int power = infix_power(t);
      if (power < 0 || power <= min_power) break;
      next();
      const int right_min = t.text == "^" ? power - 1 : power;  // ^ is right-associative
      auto node = std::make_shared<FormulaExpr>();
      node->kind = FormulaExpr::Kind::Binary;
      node->text = t.text;
      node->position = t.position;
      node->args = {left, parse(right_min)};
      left = node;
    }
    return left;
  }

  FormulaExprPtr parse_prefix() {
    const Token t = next();
    auto node = std::make_shared<FormulaExpr>();
    node->position = t.position;
    switch (t.kind) {
      case Tok::Number: {
        node->kind = FormulaExpr::Kind::Number;
        std::string digits = t.text;
        if (!digits.empty() && digits.back() == 'L') digits.pop_back();
        char* end = nullptr;
        node->number = std::strtod(digits.c_str(), &end);
        if (end == nullptr || *end != '\0')
          fail_at(text_, t.position, "bad number '" + t.text + "'");
        node->text = t.text;
        return node;
      }
      case Tok::Name:
        if (peek().kind == Tok::LParen) {
          next();
          node->kind = FormulaExpr::Kind::Call;
          node->text = t.text;
          if (peek().kind != Tok::RParen) {
            for (;;) {
              node->args.push_back(parse(1));  // a call argument cannot contain '~'
              if (peek().kind == Tok::Comma) {
                next();
                continue;
              }
              break;
            }
          }
          if (peek().kind != Tok::RParen)
            fail_at(text_, peek().position,
                    "expected ')' to close " + t.text + "( opened at column " +
                        std::to_string(t.position + 1));
          next();
          return node;
        }
        node->kind = FormulaExpr::Kind::Name;
        node->text = t.text;
        return node;
      case Tok::LParen: {
        node->kind = FormulaExpr::Kind::Paren;
        node->args = {parse(1)};
        if (peek().kind != Tok::RParen)
          fail_at(text_, peek().position,
                  "expected ')' to close '(' opened at column " + std::to_string(t.position + 1));
        next();
        return node;
      }
      case Tok::Op:
        if (t.text == "-" || t.text == "+") {
          node->kind = FormulaExpr::Kind::Unary;
          node->text = t.text;
          node->args = {parse(40)};
          return node;
        }
        if (t.text == "~") {  // one-sided formula
          node->kind = FormulaExpr::Kind::Unary;
          node->text = "~";
          node->args = {parse(1)};
          return node;
        }
        [[fallthrough]];
      default:
        fail_at(text_, t.position,
                t.kind == Tok::End ? std::string("formula ends too early")
                                   : "unexpected '" + t.text + "'");
    }
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t at_ = 0;
};

// R prints numbers in the shorter of fixed and scientific notation, 15 significant digits.
std::string format_number(double x) {
  char fixed[64], sci[64];
  std::snprintf(sci, sizeof sci, "%.15e", x);
  // shortest round-tripping representations at up to 15 digits
  std::string best_fixed, best_sci;
  for (int digits = 1; digits <= 15; ++digits) {
    std::snprintf(sci, sizeof sci, "%.*e", digits - 1, x);
    if (std::strtod(sci, nullptr) == x || digits == 15) {
      best_sci = sci;
      break;
    }
  }
  std::snprintf(fixed, sizeof fixed, "%.15f", x);
  best_fixed = fixed;
  if (best_fixed.find('.') != std::string::npos) {
    while (best_fixed.back() == '0') best_fixed.pop_back();
    if (best_fixed.back() == '.') best_fixed.pop_back();
  }
  // tidy scientific: 1.0e+05 -> 1e+05 (mantissa trailing zeros)
  const auto e = best_sci.find('e');
  std::string mantissa = best_sci.substr(0, e), exponent = best_sci.substr(e);
  if (mantissa.find('.') != std::string::npos) {
    while (mantissa.back() == '0') mantissa.pop_back();
    if (mantissa.back() == '.') mantissa.pop_back();
  }
  best_sci = mantissa + exponent;
  return best_fixed.size() <= best_sci.size() ? best_fixed : best_sci;
}

using TermSet = std::vector<int>;  // sorted variable indices; empty = the intercept "1"

struct Expansion {
  std::vector<TermSet> terms;
  bool zero = false;               // a literal 0 was added
  bool intercept_removed = false;  // "- 1" seen
};

void add_unique(std::vector<TermSet>& terms, const TermSet& t) {
  if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(t);
}

TermSet unite(const TermSet& a, const TermSet& b) {
  TermSet out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

class Expander {
 public:
  Expander(std::string_view text, Formula& formula) : text_(text), f_(formula) {}

  int variable_index(const FormulaExprPtr& e) {
    const std::string name = deparse(*e);
    for (std::size_t i = 0; i < f_.variable_names.size(); ++i)
      if (f_.variable_names[i] == name) return static_cast<int>(i);
    f_.variables.push_back(e);
    f_.variable_names.push_back(name);
    return static_cast<int>(f_.variables.size()) - 1;
  }

  Expansion expand(const FormulaExprPtr& e) {
    using K = FormulaExpr::Kind;
    Expansion out;
    switch (e->kind) {
      case K::Number:
        if (e->number == 1.0) {
          out.terms.push_back({});
        } else if (e->number == 0.0) {
          out.zero = true;
        } else {
          fail_at(text_, e->position, "a number in a formula must be 0 or 1 (the intercept)",
                  "wrap arithmetic in I(), e.g. I(2 * x)");
        }
        return out;
      case K::Paren:
        return expand(e->args[0]);
      case K::Call:
        if (e->text == "offset") {
          if (e->args.size() != 1) fail_at(text_, e->position, "offset() takes one argument");
          variable_index(e);
          f_.offsets.push_back(e->args[0]);
          return out;
        }
        out.terms.push_back({variable_index(e)});
        return out;
      case K::Name:
        if (e->text == ".")
          fail_at(text_, e->position, "'.' (all other columns) is not supported",
                  "list the columns by name");
        out.terms.push_back({variable_index(e)});
        return out;
      case K::Unary: {
        if (e->text == "+") return expand(e->args[0]);
        if (e->text == "~") fail_at(text_, e->position, "unexpected '~'");
        Expansion removed = expand(e->args[0]);
        out.intercept_removed = has_intercept_term(removed);
        if (removed.zero) out.terms.push_back({});
        return out;
      }
      case K::Binary:
        break;
    }
    const std::string& op = e->text;
    if (op == "~") fail_at(text_, e->position, "a formula has only one '~'");
    Expansion a = expand(e->args[0]);
    if (op == "^") {
      const FormulaExpr& power = *e->args[1];
      if (power.kind != K::Number || power.number < 1 || power.number != std::floor(power.number))
        fail_at(text_, power.position, "the power of a term must be a positive whole number",
                "for a numeric power of a column write I(x^2)");
      Expansion result = a;
      for (int k = 1; k < static_cast<int>(power.number); ++k) result = cross(result, a, true);
      return result;
    }
    Expansion b = expand(e->args[1]);
    if (op == "+") {
      out = a;
      for (const auto& t : b.terms) add_unique(out.terms, t);
      out.zero = a.zero || b.zero;
      out.intercept_removed = a.intercept_removed || b.intercept_removed;
      return out;
    }
    if (op == "-") {
      out = a;
      for (const auto& t : b.terms)
        out.terms.erase(std::remove(out.terms.begin(), out.terms.end(), t), out.terms.end());
      if (has_intercept_term(b)) out.intercept_removed = true;
      if (b.zero) out.intercept_removed = false, out.zero = false;
      return out;
    }
    if (op == ":") return cross(a, b, false);
    if (op == "*") return cross(a, b, true);
    if (op == "/") {  // a/b = a + (all variables of a):b
      TermSet all_a;
      for (const auto& t : a.terms) all_a = unite(all_a, t);
      out = a;
      for (const auto& t : b.terms) add_unique(out.terms, unite(all_a, t));
      return out;
    }
    fail_at(text_, e->position, "unsupported operator '" + op + "'");
  }

 private:
  static bool has_intercept_term(const Expansion& x) {
    return std::find(x.terms.begin(), x.terms.end(), TermSet{}) != x.terms.end();
  }

  // a:b (all pairwise unions) or a*b (a + b + a:b).
  static Expansion cross(const Expansion& a, const Expansion& b, bool with_main) {
    Expansion out;
    if (with_main) {
      out.terms = a.terms;
      for (const auto& t : b.terms) add_unique(out.terms, t);
    }
    for (const auto& ta : a.terms)
      for (const auto& tb : b.terms) add_unique(out.terms, unite(ta, tb));
    out.zero = a.zero || b.zero;
    out.intercept_removed = a.intercept_removed || b.intercept_removed;
    return out;
  }

  std::string_view text_;
  Formula& f_;
};

}  // namespace

std::string deparse(const FormulaExpr& e) {
  using K = FormulaExpr::Kind;
  switch (e.kind) {
    case K::Name: {
      bool syntactic = !e.text.empty() &&
                       (std::isalpha(static_cast<unsigned char>(e.text[0])) || e.text[0] == '.');
      for (char c : e.text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_'))
          syntactic = false;
      return syntactic ? e.text : "`" + e.text + "`";
    }
    case K::Number:
      return format_number(e.number);
    case K::Paren:
      return "(" + deparse(*e.args[0]) + ")";
    case K::Unary:
      return e.text + deparse(*e.args[0]);
    case K::Call: {
      std::string s = e.text + "(";
      for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + deparse(*e.args[i]);
      return s + ")";
    }
    case K::Binary:
      if (e.text == "^" || e.text == ":" || e.text == "/")  // R 4.x prints x/y unspaced
        return deparse(*e.args[0]) + e.text + deparse(*e.args[1]);
      return deparse(*e.args[0]) + " " + e.text + " " + deparse(*e.args[1]);
  }
  return {};
}

bool Formula::is_binomial_counts() const {
  return response && response->kind == FormulaExpr::Kind::Call && response->text == "cbind";
}

bool Formula::is_survival() const {
  return response && response->kind == FormulaExpr::Kind::Call && response->text == "Surv";
}

std::vector<std::string> Formula::term_labels() const {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(t.label);
  return out;
}

Formula parse_formula(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw Error("formula", "the formula is empty", "write it as R does, e.g. y ~ x1 + x2");
  Parser parser(text);
  FormulaExprPtr root = parser.parse_all();
  Formula f;
  f.text = std::string(text);
  FormulaExprPtr rhs;
  if (root->kind == FormulaExpr::Kind::Binary && root->text == "~") {
    f.response = root->args[0];
    rhs = root->args[1];
  } else if (root->kind == FormulaExpr::Kind::Unary && root->text == "~") {
    rhs = root->args[0];
  } else {
    fail_at(text, root->position, "a formula needs a '~'", "e.g. y ~ x1 + x2");
  }
  Expander expander(text, f);
  if (f.response) expander.variable_index(f.response);
  Expansion ex = expander.expand(rhs);
  f.intercept = !(ex.zero || ex.intercept_removed);
  std::vector<TermSet> terms;
  for (const auto& t : ex.terms)
    if (!t.empty()) terms.push_back(t);
  // A term equal to the response is dropped, as R does (with a warning there).
  std::stable_sort(terms.begin(), terms.end(),
                   [](const TermSet& a, const TermSet& b) { return a.size() < b.size(); });
  for (const auto& t : terms) {
    FormulaTerm term;
    term.variables = t;
    for (std::size_t i = 0; i < t.size(); ++i)
      term.label += (i ? ":" : "") + f.variable_names[static_cast<std::size_t>(t[i])];
    if (f.response && t.size() == 1 && t[0] == 0) continue;
    f.terms.push_back(std::move(term));
  }
  return f;
}

}  // namespace harmcast
