#include "models/regression/model_frame.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/table/name_suggestion.hpp"
#include "models/regression/model_frame_detail.hpp"

namespace harmcast {
namespace {

using frame_detail::Value;

int primary_group(unsigned char c) {
  if (std::isdigit(c)) return 1;
  if (std::isalpha(c)) return 2;
  if (c >= 0x80) return 3;
  return 0;  // space and punctuation sort first
}

std::string format_level(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// Factor levels sorted as R sorts them; codes remapped.
Value sorted_factor(std::vector<std::int32_t> codes, const std::vector<std::string>& levels) {
  std::vector<std::int32_t> order(levels.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::int32_t a, std::int32_t b) { return r_string_less(levels[a], levels[b]); });
  std::vector<std::int32_t> remap(levels.size());
  Value out;
  out.is_factor = true;
  for (std::size_t k = 0; k < order.size(); ++k) {
    remap[static_cast<std::size_t>(order[k])] = static_cast<std::int32_t>(k);
    out.levels.push_back(levels[static_cast<std::size_t>(order[k])]);
  }
  for (auto& c : codes)
    if (c >= 0) c = remap[static_cast<std::size_t>(c)];
  out.codes = std::move(codes);
  return out;
}

Value numeric_to_factor(const Value& v) {
  std::vector<double> distinct;
  for (double x : v.num)
    if (!std::isnan(x)) distinct.push_back(x);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  Value out;
  out.is_factor = true;
  for (double x : distinct) out.levels.push_back(format_level(x));
  out.codes.resize(v.num.size());
  for (std::size_t i = 0; i < v.num.size(); ++i) {
    const double x = v.num[i];
    out.codes[i] =
        std::isnan(x)
            ? -1
            : static_cast<std::int32_t>(std::lower_bound(distinct.begin(), distinct.end(), x) -
                                        distinct.begin());
  }
  return out;
}

}  // namespace

bool r_string_less(const std::string& a, const std::string& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {  // primary: class, then letter ignoring case
    const auto ca = static_cast<unsigned char>(a[i]), cb = static_cast<unsigned char>(b[i]);
    const int ga = primary_group(ca), gb = primary_group(cb);
    if (ga != gb) return ga < gb;
    const int la = std::tolower(ca), lb = std::tolower(cb);
    if (la != lb) return la < lb;
  }
  if (a.size() != b.size()) return a.size() < b.size();
  for (std::size_t i = 0; i < n; ++i) {  // tertiary: lower case before upper case
    const auto ca = static_cast<unsigned char>(a[i]), cb = static_cast<unsigned char>(b[i]);
    if (ca != cb) {
      if (std::islower(ca) && std::isupper(cb)) return true;
      if (std::isupper(ca) && std::islower(cb)) return false;
      return ca < cb;
    }
  }
  return false;
}

namespace frame_detail {

Value column_value(const Table& data, const std::string& name, const std::string& context) {
  if (!data.has_column(name))
    throw Error(context, "the formula uses column '" + name + "', which the data does not have",
                did_you_mean_hint(name, data.column_names()));
  const Column& col = data.column(name);
  Value v;
  const std::size_t n = col.size();
  switch (col.type()) {
    case ColumnType::Float: {
      auto r = col.reals();
      v.num.assign(r.begin(), r.end());
      break;
    }
    case ColumnType::Integer: {
      auto r = col.ints();
      v.num.resize(n);
      for (std::size_t i = 0; i < n; ++i) v.num[i] = static_cast<double>(r[i]);
      break;
    }
    case ColumnType::Boolean: {
      auto r = col.ints();
      std::vector<std::int32_t> codes(n);
      for (std::size_t i = 0; i < n; ++i) codes[i] = col.is_missing(i) ? -1 : (r[i] != 0);
      v.is_factor = true;
      v.codes = std::move(codes);
      v.levels = {"FALSE", "TRUE"};
      return v;
    }
    case ColumnType::Categorical: {
      auto c = col.codes();
      std::vector<std::int32_t> codes(c.begin(), c.end());
      for (std::size_t i = 0; i < n; ++i)
        if (col.is_missing(i)) codes[i] = -1;
      return sorted_factor(std::move(codes), col.levels());
    }
    case ColumnType::Period:
      throw Error(context, "column '" + name + "' holds periods, which a formula cannot use",
                  "derive a numeric or categorical column from it first");
  }
  for (std::size_t i = 0; i < n; ++i)
    if (col.is_missing(i)) v.num[i] = std::nan("");
  return v;
}

namespace {

Value numeric_op(const FormulaExpr& e, const Value& a, const Value* b, const std::string& context,
                 double (*f)(double, double)) {
  if (a.is_factor || (b && b->is_factor))
    throw Error(context, "'" + deparse(e) + "' does arithmetic on a factor",
                "arithmetic needs numeric columns");
  Value out;
  const std::size_t n = std::max(a.num.size(), b ? b->num.size() : 0);
  out.num.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = a.num[a.num.size() == 1 ? 0 : i];
    const double y = b ? b->num[b->num.size() == 1 ? 0 : i] : 0.0;
    out.num[i] = f(x, y);
  }
  return out;
}

}  // namespace

Value evaluate(const FormulaExpr& e, const Table& data, const std::string& context) {
  using K = FormulaExpr::Kind;
  switch (e.kind) {
    case K::Name:
      return column_value(data, e.text, context);
    case K::Number: {
      Value v;
      v.num = {e.number};
      return v;
    }
    case K::Paren:
      return evaluate(*e.args[0], data, context);
    case K::Unary: {
      Value a = evaluate(*e.args[0], data, context);
      if (e.text == "+") return a;
      return numeric_op(e, a, nullptr, context, [](double x, double) { return -x; });
    }
    case K::Binary: {
      Value a = evaluate(*e.args[0], data, context);
      Value b = evaluate(*e.args[1], data, context);
      switch (e.text[0]) {
        case '+':
          return numeric_op(e, a, &b, context, [](double x, double y) { return x + y; });
        case '-':
          return numeric_op(e, a, &b, context, [](double x, double y) { return x - y; });
        case '*':
          return numeric_op(e, a, &b, context, [](double x, double y) { return x * y; });
        case '/':
          return numeric_op(e, a, &b, context, [](double x, double y) { return x / y; });
        case '^':
          return numeric_op(e, a, &b, context, [](double x, double y) { return std::pow(x, y); });
        default:
          throw Error(
              context,
              "operator '" + e.text + "' in '" + deparse(e) + "' has no meaning as arithmetic here",
              "inside I() use + - * / ^");
      }
    }
    case K::Call:
      break;
  }
  const std::string& fn = e.text;
  auto one_arg = [&]() -> Value {
    if (e.args.size() != 1)
      throw Error(context, fn + "() in '" + deparse(e) + "' takes one argument");
    return evaluate(*e.args[0], data, context);
  };
  using Fn = double (*)(double, double);
  static const std::map<std::string, Fn> unary = {
      {"log", [](double x, double) { return std::log(x); }},
      {"log2", [](double x, double) { return std::log2(x); }},
      {"log10", [](double x, double) { return std::log10(x); }},
      {"log1p", [](double x, double) { return std::log1p(x); }},
      {"exp", [](double x, double) { return std::exp(x); }},
      {"sqrt", [](double x, double) { return std::sqrt(x); }},
      {"abs", [](double x, double) { return std::fabs(x); }},
  };
  if (fn == "I" || fn == "offset") return one_arg();
  if (fn == "factor" || fn == "as.factor") {
    Value a = one_arg();
    return a.is_factor ? a : numeric_to_factor(a);
  }
  if (fn == "log" && e.args.size() == 2) {
    Value a = evaluate(*e.args[0], data, context), b = evaluate(*e.args[1], data, context);
    return numeric_op(e, a, &b, context,
                      [](double x, double base) { return std::log(x) / std::log(base); });
  }
  if (auto it = unary.find(fn); it != unary.end()) {
    Value a = one_arg();
    return numeric_op(e, a, nullptr, context, it->second);
  }
  if (fn == "Surv")
    throw Error(context, "Surv(time, event) can only be the response of a survival model");
  throw Error(context, "unsupported function '" + fn + "' in '" + deparse(e) + "'",
              "supported: factor, as.factor, log, log2, log10, log1p, exp, sqrt, abs, I, offset");
}

}  // namespace frame_detail
}  // namespace harmcast
