#include <gtest/gtest.h>

#include "engine/core/error.hpp"

using harmcast::Error;

TEST(Error, ComposesWhereWhatAndHint) {
  Error e("data.csv:3:2", "expected a number, got \"abc\"", "Fix the cell or declare the column as text.");
  EXPECT_STREQ(e.what(),
               "data.csv:3:2: expected a number, got \"abc\". Fix the cell or declare the column as text.");
  EXPECT_EQ(e.where(), "data.csv:3:2");
  EXPECT_EQ(e.hint(), "Fix the cell or declare the column as text.");
}

TEST(Error, OmitsEmptyParts) {
  EXPECT_STREQ(Error("", "something failed").what(), "something failed");
}
