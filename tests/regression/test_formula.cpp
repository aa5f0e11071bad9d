// Formula parsing and design matrices, checked against R 4.2.2's terms() and model.matrix()
// (the expected labels and column names below were printed by R 4.2.2 for the same formulas).
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/table/table.hpp"
#include "models/regression/formula.hpp"
#include "models/regression/model_frame.hpp"

namespace harmcast {
namespace {

std::vector<std::string> labels(const std::string& f) { return parse_formula(f).term_labels(); }
using V = std::vector<std::string>;

TEST(Formula, TermLabelsAndOrderAsR) {
  // R: attr(terms(y ~ b:a + a), "term.labels") == c("a", "b:a")
  EXPECT_EQ(labels("y ~ b:a + a"), (V{"a", "b:a"}));
  EXPECT_EQ(labels("y ~ a + b:a"), (V{"a", "a:b"}));
  EXPECT_EQ(labels("y ~ (a+b+c)^2"), (V{"a", "b", "c", "a:b", "a:c", "b:c"}));
  EXPECT_EQ(labels("y ~ a/b"), (V{"a", "a:b"}));
  EXPECT_EQ(labels("y ~ x*z - x"), (V{"z", "x:z"}));
  EXPECT_EQ(labels("y~ a:b + c + a*b"), (V{"c", "a", "b", "a:b"}));
  EXPECT_EQ(labels("y ~ I(x*2) + I(x^2) + log(x, 2) + I(-x) + I(x/100000)"),
            (V{"I(x * 2)", "I(x^2)", "log(x, 2)", "I(-x)", "I(x/1e+05)"}));
}

TEST(Formula, InterceptAndOffset) {
  EXPECT_FALSE(parse_formula("y ~ -1 + x").intercept);
  EXPECT_FALSE(parse_formula("y ~ 0 + x").intercept);
  EXPECT_FALSE(parse_formula("y ~ x - 1").intercept);
  EXPECT_TRUE(parse_formula("y ~ x").intercept);
  const Formula f = parse_formula("y ~ offset(log(e)) + x");
  EXPECT_EQ(f.term_labels(), (V{"x"}));
  ASSERT_EQ(f.offsets.size(), 1u);
  EXPECT_EQ(deparse(*f.offsets[0]), "log(e)");
  EXPECT_TRUE(parse_formula("Surv(time, event) ~ age + sex").is_survival());
}

TEST(Formula, BadFormulaNamesThePosition) {
  try {
    parse_formula("y ~ x + )");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("column 9"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_formula("y ~ log(x"), Error);
  EXPECT_THROW(parse_formula("y ~ x + 2"), Error);
  EXPECT_THROW(parse_formula(""), Error);
  EXPECT_THROW(parse_formula("y ~ x $ z"), Error);
}

Table small_table() {
  Table t;
  t.add_column(Column::floats("y", {1, 2, 3, 4, 5, 6}));
  t.add_column(Column::floats("x", {1, 2, 3, 4, 5, 7}));
  t.add_column(Column::categorical_from_strings("f", {"c", "b", "a", "a", "b", "c"}));
  t.add_column(Column::categorical_from_strings("g", {"u", "v", "u", "v", "u", "v"}));
  return t;
}

V columns(const std::string& f) {
  return build_model_frame(parse_formula(f), small_table()).column_names;
}

TEST(ModelFrame, ColumnNamesAsRModelMatrix) {
  // Printed by R 4.2.2: colnames(model.matrix(<formula>, d)) with d as small_table().
  EXPECT_EQ(columns("y ~ x:f"), (V{"(Intercept)", "x:fa", "x:fb", "x:fc"}));
  EXPECT_EQ(columns("y ~ f:x"), (V{"(Intercept)", "fa:x", "fb:x", "fc:x"}));
  EXPECT_EQ(columns("y ~ f*g"), (V{"(Intercept)", "fb", "fc", "gv", "fb:gv", "fc:gv"}));
  EXPECT_EQ(columns("y ~ f:g"),
            (V{"(Intercept)", "fa:gu", "fb:gu", "fc:gu", "fa:gv", "fb:gv", "fc:gv"}));
  EXPECT_EQ(columns("y ~ f + g - 1"), (V{"fa", "fb", "fc", "gv"}));
  EXPECT_EQ(columns("y ~ x + x:f - 1"), (V{"x", "x:fa", "x:fb", "x:fc"}));
  EXPECT_EQ(columns("y ~ factor(x) + I(x^2)"),
            (V{"(Intercept)", "factor(x)2", "factor(x)3", "factor(x)4", "factor(x)5", "factor(x)7",
               "I(x^2)"}));
}

TEST(ModelFrame, ValuesOfInteractionColumns) {
  const ModelFrame m = build_model_frame(parse_formula("y ~ f*x + log(x)"), small_table());
  // columns: (Intercept) fb fc x log(x) fb:x fc:x
  ASSERT_EQ(m.column_names, (V{"(Intercept)", "fb", "fc", "x", "log(x)", "fb:x", "fc:x"}));
  EXPECT_DOUBLE_EQ(m.x(0, 2), 1.0);  // row 1 has f = c
  EXPECT_DOUBLE_EQ(m.x(0, 1), 0.0);
  EXPECT_DOUBLE_EQ(m.x(5, 6), 7.0);  // fc:x on row 6 (f = c, x = 7)
  EXPECT_DOUBLE_EQ(m.x(1, 5), 2.0);  // fb:x on row 2
  EXPECT_DOUBLE_EQ(m.x(3, 4), std::log(4.0));
}

TEST(ModelFrame, LevelsSortedAsR) {
  // R 4.2.2 here: sort(c("b","B","a","A","_x","Z")) == c("_x","a","A","b","B","Z")
  std::vector<std::string> v = {"b", "B", "a", "A", "_x", "Z"};
  std::sort(v.begin(), v.end(), r_string_less);
  EXPECT_EQ(v, (V{"_x", "a", "A", "b", "B", "Z"}));
}

TEST(ModelFrame, MissingRowsDroppedAndCounted) {
  Table t;
  t.add_column(Column::floats("y", {1, 2, 3, 4, 5}, {0, 1, 0, 0, 0}));
  t.add_column(Column::floats("x", {1, 2, 3, 4, 5}, {0, 0, 0, 1, 0}));
  const ModelFrame m = build_model_frame(parse_formula("y ~ x"), t);
  EXPECT_EQ(m.rows(), 3);
  EXPECT_EQ(m.rows_dropped, 2u);
  EXPECT_EQ(m.table_rows, (std::vector<std::size_t>{0, 2, 4}));
}

TEST(ModelFrame, ErrorsForUnknownColumnsOneLevelFactorsAndNoRows) {
  try {
    build_model_frame(parse_formula("y ~ xx"), small_table());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("xx"), std::string::npos);
    EXPECT_NE(e.hint().find("'x'"), std::string::npos) << e.hint();
  }
  Table t = small_table();
  t.add_column(Column::categorical_from_strings("one", {"a", "a", "a", "a", "a", "a"}));
  EXPECT_THROW(build_model_frame(parse_formula("y ~ x + one"), t), Error);
  Table empty;
  empty.add_column(Column::floats("y", {1, 2}, {1, 1}));
  empty.add_column(Column::floats("x", {1, 2}));
  EXPECT_THROW(build_model_frame(parse_formula("y ~ x"), empty), Error);
  EXPECT_THROW(build_model_frame(parse_formula("y ~ foo(x)"), small_table()), Error);
  Table zero = small_table();
  zero.replace_column(Column::floats("x", {0, 2, 3, 4, 5, 7}));
  EXPECT_THROW(build_model_frame(parse_formula("y ~ log(x)"), zero), Error);  // log(0) = -Inf
}

}  // namespace
}  // namespace harmcast
