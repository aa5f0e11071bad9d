// ConfigReader: every binder in its three modes, on a small options struct declared here.
// Expected messages are written out by hand from the message rules in config_reader.hpp; line
// numbers are those of the inline YAML texts (1-based).
#include <gtest/gtest.h>

#include "engine/config/config_reader.hpp"
#include "engine/core/error.hpp"

namespace harmcast {
namespace {

struct Item {
  std::string id;       // required
  double weight = 1.0;  // > 0
};

struct Sample {
  int count = 3;
  std::uint64_t big = 7;
  double share = 0.5;
  bool flag = false;
  std::string label = "none";
  std::vector<std::string> names{"a", "b"};
  std::vector<int> percents{80, 95};
  std::string colour = "red";
  std::map<std::string, std::string> moods;
  std::optional<Period> start;
  std::vector<Item> items;
};

void declare_options(ConfigReader& r, Item& c) {
  r.key("id", "Identifier.").required().text(c.id);
  r.key("weight", "Weight.").number(c.weight, positive());
}

void declare_options(ConfigReader& r, Sample& c) {
  r.key("count", "A count.").integer(c.count, in_range(1, 10));
  r.key("big", "A large number.").unsigned_integer(c.big);
  r.key("share", "A share.").number(c.share, probability());
  r.key("flag", "A switch.").boolean(c.flag);
  r.key("label", "A label.").text(c.label);
  r.key("names", "Names.").text_list(c.names);
  r.key("percents", "Percents.").integer_list(c.percents, open_range(0, 100));
  r.key("colour", "A colour.").choice(c.colour, {"red", "green", "blue"});
  r.key("moods", "Moods.").choice_map(c.moods, {"happy", "sad"});
  r.key("start", "First month.").period(c.start, Frequency::Month);
  r.key("items", "Items.").section_list(c.items);
}

// Parses `text` into a Sample and returns the formatted issues ("" when none).
std::string parse_sample(const std::string& text, Sample& sample) {
  ConfigIssues issues;
  read_options(
      parse_yaml_text(text, "sample.yaml"), [&](ConfigReader& r) { declare_options(r, sample); },
      issues, "s");
  return issues.format();
}

TEST(ConfigReader, EditDistanceMatchesHandCountedValues) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // k->s, e->i, +g
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);       // -f, +n
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("Forecast", "forecast"), 0u);  // case is ignored
  EXPECT_EQ(edit_distance("titel", "title"), 1u);        // one swap of neighbours
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // optimal string alignment (true Damerau gives 2)
}

TEST(ConfigReader, SuggestsOnlyCloseWords) {
  const std::vector<std::string> keys{"forecast", "kpi", "data", "report"};
  EXPECT_EQ(closest_word("forcast", keys), "forecast");
  EXPECT_EQ(closest_word("repot", keys), "report");
  EXPECT_EQ(closest_word("kip", keys), "kpi");         // one swap
  EXPECT_EQ(closest_word("kxz", keys), std::nullopt);  // 2 edits from "kpi": too far for 3 letters
  EXPECT_EQ(closest_word("zzzzzz", keys), std::nullopt);
  EXPECT_EQ(did_you_mean("arma", {"auto", "arima", "ets"}), "; did you mean \"arima\"?");
}

TEST(ConfigReader, PrefersTheCandidateAWordSpellsOut) {
  const std::vector<std::string> families{"gaussian", "binomial", "poisson", "negbin"};
  EXPECT_EQ(closest_word("negbinomial", families), "negbin");  // not "binomial", 3 edits away
  EXPECT_EQ(closest_word("pois", families), "poisson");
  EXPECT_EQ(closest_word("Gauss", families), "gaussian");
  EXPECT_EQ(closest_word("ne", families), std::nullopt);  // two letters say too little
}

TEST(ConfigReader, NumberRulesWordTheirBounds) {
  EXPECT_EQ(positive().expectation("integer"), "a positive integer");
  EXPECT_EQ(non_negative().expectation("number"), "a non-negative number");
  EXPECT_EQ(open_range(0, 1).expectation("number"), "a number in (0, 1)");
  EXPECT_EQ(in_range(1, 10).expectation("integer"), "an integer in [1, 10]");
  EXPECT_EQ(probability().describe(), "in [0, 1]");
  EXPECT_EQ(positive().describe(), "> 0");
  EXPECT_TRUE(probability().allows(1.0));
  EXPECT_FALSE(open_range(0, 1).allows(1.0));
  EXPECT_FALSE(positive().allows(0.0));
  EXPECT_TRUE(non_negative().allows(0.0));
  EXPECT_FALSE(any_value().allows(std::numeric_limits<double>::quiet_NaN()));
}

TEST(ConfigReader, ReadsEveryKindOfValue) {
  Sample s;
  const std::string issues = parse_sample(
      "count: 10\n"
      "big: 18446744073709551615\n"
      "share: 1\n"
      "flag: yes\n"
      "label: \"quoted: text\"\n"
      "names: [x]\n"
      "percents: [1, 99]\n"
      "colour: blue\n"
      "moods: {mon: sad, fri: happy}\n"
      "start: 2024-04\n"
      "items:\n"
      "  - id: first\n"
      "  - id: second\n"
      "    weight: 2.5\n",
      s);
  EXPECT_EQ(issues, "");
  EXPECT_EQ(s.count, 10);
  EXPECT_EQ(s.big, 18446744073709551615u);
  EXPECT_EQ(s.share, 1.0);
  EXPECT_TRUE(s.flag);
  EXPECT_EQ(s.label, "quoted: text");
  EXPECT_EQ(s.names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(s.percents, (std::vector<int>{1, 99}));
  EXPECT_EQ(s.colour, "blue");
  EXPECT_EQ(s.moods, (std::map<std::string, std::string>{{"fri", "happy"}, {"mon", "sad"}}));
  ASSERT_TRUE(s.start.has_value());
  EXPECT_EQ(*s.start, Period::month(2024, 4));
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(s.items[0].id, "first");
  EXPECT_EQ(s.items[0].weight, 1.0);  // default
  EXPECT_EQ(s.items[1].weight, 2.5);
}

TEST(ConfigReader, ReportsEveryBadValueWithPathAndLine) {
  Sample s;
  const std::string issues = parse_sample(
      "count: 11\n"           // 1: out of range
      "big: -4\n"             // 2: negative
      "share: half\n"         // 3: not a number
      "flag: maybe\n"         // 4: not a boolean
      "label: [a, b]\n"       // 5: a list where a string belongs
      "names: ward\n"         // 6: a scalar where a list belongs
      "percents: [50,\n"      // 7
      "  100, x]\n"           // 8: two bad elements on the continuation line
      "colour: gren\n"        // 9: near miss
      "moods: {mon: glad}\n"  // 10: bad word in a map
      "start: 2024-13\n"      // 11: not a month
      "items:\n"              // 12
      "  - weight: 0\n"       // 13: item without id, weight not positive
      "  - plain\n"           // 14: item that is not a mapping
      "count: 2\n",           // 15: duplicate
      s);
  EXPECT_EQ(issues,
            "s.count at line 1: expected an integer in [1, 10], got 11\n"
            "s.big at line 2: expected a non-negative integer, got -4\n"
            "s.share at line 3: expected a number in [0, 1], got \"half\"\n"
            "s.flag at line 4: expected true or false, got \"maybe\"\n"
            "s.label at line 5: expected a string, got a list\n"
            "s.names at line 6: expected a list of strings, like [ward, crime_type], got \"ward\"\n"
            "s.percents[1] at line 8: expected an integer in (0, 100), got 100\n"
            "s.percents[2] at line 8: expected an integer in (0, 100), got \"x\"\n"
            "s.colour at line 9: expected one of red, green, blue, got \"gren\"; did you mean "
            "\"green\"?\n"
            "s.moods.mon at line 10: expected one of happy, sad, got \"glad\"\n"
            "s.start at line 11: expected a month period like 2024-04, 2024-Q2, 2024-W14, "
            "2024-04-01 or 2024, got \"2024-13\"\n"
            "s.items[0].id at line 13: missing required key\n"
            "s.items[0].weight at line 13: expected a positive number, got 0\n"
            "s.items[1] at line 14: expected a mapping, got \"plain\"\n"
            "s.count at line 15: duplicate key (first given at line 1)");
  // Every bad value left its default in place.
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.big, 7u);
  EXPECT_EQ(s.percents, (std::vector<int>{80, 95}));
  EXPECT_EQ(s.colour, "red");
  EXPECT_FALSE(s.start.has_value());
}

TEST(ConfigReader, EmptyValueIsNothing) {
  Sample s;
  EXPECT_EQ(parse_sample("count:\nlabel: ok\n", s),
            "s.count at line 1: expected an integer in [1, 10], got nothing");
}

TEST(ConfigReader, SectionGivenAsScalarIsReported) {
  struct Outer {
    Item item;
  } outer;
  ConfigIssues issues;
  read_options(
      parse_yaml_text("item: 5\n", "x.yaml"),
      [&](ConfigReader& r) { r.key("item", "An item.").section(outer.item); }, issues);
  EXPECT_EQ(issues.format(),
            "item at line 1: expected a mapping (keys indented below \"item:\"), got \"5\"");
}

TEST(ConfigReader, MissingRequiredKeyInAbsentSectionUsesTheParentLine) {
  // The root mapping starts at its first key (line 3, after a comment and a blank line).
  Item item;
  int other = 0;
  ConfigIssues issues;
  read_options(
      parse_yaml_text("# comment\n\nother: 1\n", "x.yaml"),
      [&](ConfigReader& r) {
        r.key("other", "").integer(other);
        r.key("item", "An item.").section(item);
      },
      issues);
  EXPECT_EQ(issues.format(), "item.id at line 3: missing required key");
}

TEST(ConfigReader, KeepsOtherKeysWhenAsked) {
  std::string title;
  RawYaml raw;
  ConfigIssues issues;
  read_options(
      parse_yaml_text("title: T\nformats: [html]\n", "x.yaml"),
      [&](ConfigReader& r) {
        r.key("title", "").text(title);
        r.keep_other_keys(raw);
      },
      issues);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(title, "T");
  EXPECT_EQ(raw.node["formats"][0].as<std::string>(), "html");

  // ...but a near miss of a declared key is still a typo.
  read_options(
      parse_yaml_text("titel: T\n", "x.yaml"),
      [&](ConfigReader& r) {
        r.key("title", "").text(title);
        r.keep_other_keys(raw);
      },
      issues);
  EXPECT_EQ(issues.format(), "titel at line 1: unknown key; did you mean \"title\"?");
}

TEST(ConfigReader, DescribeRowsFollowTheDeclaration) {
  Sample defaults;
  const std::vector<OptionRow> rows =
      describe_options([&](ConfigReader& r) { declare_options(r, defaults); });
  ASSERT_EQ(rows.size(), 13u);  // 11 keys + items[].id + items[].weight
  EXPECT_EQ(rows[0].key, "count");
  EXPECT_EQ(rows[0].type, "integer in [1, 10]");
  EXPECT_EQ(rows[0].default_value, "3");
  EXPECT_EQ(rows[0].help, "A count.");
  EXPECT_EQ(rows[2].type, "number in [0, 1]");
  EXPECT_EQ(rows[2].default_value, "0.5");
  EXPECT_EQ(rows[5].default_value, "[a, b]");
  EXPECT_EQ(rows[6].type, "list of integers in (0, 100)");
  EXPECT_EQ(rows[7].type, "one of red, green, blue");
  EXPECT_EQ(rows[9].type, "month period");
  EXPECT_EQ(rows[10].type, "list of mappings");
  EXPECT_EQ(rows[11].key, "items[].id");
  EXPECT_EQ(rows[11].default_value, "(required)");
  EXPECT_EQ(rows[12].key, "items[].weight");
}

TEST(ConfigReader, CheckModeAppliesTheSameRulesToValuesInCode) {
  Sample s;
  s.count = 0;
  s.share = 2;
  s.colour = "pink";
  s.items = {Item{"", -1.0}};
  const ConfigIssues issues = check_options([&](ConfigReader& r) { declare_options(r, s); });
  EXPECT_EQ(issues.format(),
            "count: expected an integer in [1, 10], got 0\n"
            "share: expected a number in [0, 1], got 2\n"
            "colour: expected one of red, green, blue, got \"pink\"\n"
            "items[0].id: missing required value\n"
            "items[0].weight: expected a positive number, got -1");
}

TEST(ConfigReader, IssuesAreSortedByLineAndThrownTogether) {
  ConfigIssues issues;
  issues.add("b", 9, "second");
  issues.add("a", 2, "first");
  issues.add("c", 9, "third");
  try {
    issues.throw_if_any("f.yaml");
    FAIL() << "expected a harmcast::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), "f.yaml");
    EXPECT_EQ(std::string(error.what()),
              "f.yaml: 3 problems in the config:\n"
              "a at line 2: first\nb at line 9: second\nc at line 9: third");
  }
  EXPECT_NO_THROW(ConfigIssues().throw_if_any("f.yaml"));
}

TEST(ConfigReader, YamlSyntaxErrorNamesLineAndColumn) {
  try {
    parse_yaml_text("a: 1\n b: 2\n", "t.yaml");
    FAIL() << "expected a harmcast::Error";
  } catch (const Error& error) {
    // " b: 2" is indented under a scalar: the error is at its colon, line 2, column 3.
    EXPECT_EQ(error.where(), "t.yaml:2:3");
    EXPECT_EQ(error.problem(), "YAML syntax error: illegal map value");
  }
}

TEST(ConfigReader, EmittedValuesParseBackUnchanged) {
  Sample s;
  s.count = 9;
  s.big = 18446744073709551615u;
  s.share = 0.1;  // not exact in binary: must come back as the same double
  s.flag = true;
  s.label = "true";  // a string that looks like a boolean
  s.names = {};
  s.percents = {5};
  s.colour = "green";
  s.moods = {{"mon", "sad"}};
  s.start = Period::month(2023, 11);
  s.items = {Item{"x", 0.75}, Item{"y", 3}};
  const YAML::Node emitted = emit_options([&](ConfigReader& r) { declare_options(r, s); });
  YAML::Emitter out;
  out << emitted;

  Sample back;
  EXPECT_EQ(parse_sample(out.c_str(), back), "") << out.c_str();
  EXPECT_EQ(back.count, 9);
  EXPECT_EQ(back.big, s.big);
  EXPECT_EQ(back.share, 0.1);
  EXPECT_TRUE(back.flag);
  EXPECT_EQ(back.label, "true");
  EXPECT_TRUE(back.names.empty());
  EXPECT_EQ(back.percents, (std::vector<int>{5}));
  EXPECT_EQ(back.colour, "green");
  EXPECT_EQ(back.moods, s.moods);
  EXPECT_EQ(back.start, s.start);
  ASSERT_EQ(back.items.size(), 2u);
  EXPECT_EQ(back.items[1].id, "y");
  EXPECT_EQ(back.items[0].weight, 0.75);
}

TEST(ConfigReader, SeveralYamlDocumentsAreAnError) {
  try {
    parse_yaml_text("a: 1\n---\nb: 2\n", "t.yaml");
    FAIL() << "expected a harmcast::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), "t.yaml");
    EXPECT_EQ(error.problem(), "the file holds 2 YAML documents (separated by ---)");
  }
  EXPECT_TRUE(parse_yaml_text("", "t.yaml").IsNull());
}

TEST(ConfigReader, HugeIntegersAndLongTextAreReportedReadably) {
  Sample s;
  EXPECT_EQ(parse_sample("count: 99999999999\n", s),
            "s.count at line 1: expected an integer in [1, 10], got 99999999999");
  const std::string long_word(80, 'x');
  EXPECT_EQ(parse_sample("colour: " + long_word + "\n", s),
            "s.colour at line 1: expected one of red, green, blue, got \"" + std::string(60, 'x') +
                "...\"");
}

TEST(ConfigReader, AssigningRawYamlNeverWritesThroughToAnotherCopy) {
  RawYaml a;
  RawYaml b;
  a.node.reset(YAML::Load("x: 1"));
  b.node.reset(YAML::Load("x: 2"));
  RawYaml c = a;
  c = b;  // with bare YAML::Node members this would overwrite a's tree with b's
  EXPECT_EQ(a.node["x"].as<int>(), 1);
  EXPECT_EQ(c.node["x"].as<int>(), 2);
}

}  // namespace
}  // namespace harmcast
