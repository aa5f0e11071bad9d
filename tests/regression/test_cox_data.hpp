#pragma once
// Test/benchmark helpers for the Cox and Kaplan-Meier tests: a minimal CSV reader (no quoting;
// the files are written by R's write.csv with plain fields), R reference tables, and the
// 40-column design of the anchor cohort built as R's model.matrix builds it (treatment
// contrasts, levels sorted). Independent of harmcast's own CSV and formula code on purpose.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace harmcast::testing {

struct SimpleCsv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> cells;  // by column

  static SimpleCsv read(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    SimpleCsv csv;
    std::string line;
    std::getline(in, line);
    csv.header = split(line);
    csv.cells.resize(csv.header.size());
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto fields = split(line);
      fields.resize(csv.header.size());
      for (std::size_t j = 0; j < fields.size(); ++j) csv.cells[j].push_back(std::move(fields[j]));
    }
    return csv;
  }
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    for (char c : line) {
      if (c == ',') {
        out.push_back(unquote(field));
        field.clear();
      } else if (c != '\r') {
        field += c;
      }
    }
    out.push_back(unquote(field));
    return out;
  }
  static std::string unquote(const std::string& s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
    return s;
  }
  std::size_t rows() const { return cells.empty() ? 0 : cells[0].size(); }
  const std::vector<std::string>& column(const std::string& name) const {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("no column " + name);
    return cells[static_cast<std::size_t>(it - header.begin())];
  }
  Eigen::VectorXd numeric(const std::string& name) const {
    const auto& c = column(name);
    Eigen::VectorXd v(static_cast<Eigen::Index>(c.size()));
    for (std::size_t i = 0; i < c.size(); ++i) v[static_cast<Eigen::Index>(i)] = std::stod(c[i]);
    return v;
  }
};

// Appends numeric columns and treatment-contrast dummies (levels sorted, first dropped) to a
// design, naming dummies column+level as R does.
struct DesignBuilder {
  const SimpleCsv& csv;
  std::vector<Eigen::VectorXd> columns;
  std::vector<std::string> names;

  void numeric(const std::string& name) {
    columns.push_back(csv.numeric(name));
    names.push_back(name);
  }
  void factor(const std::string& name) {
    const auto& c = csv.column(name);
    std::set<std::string> levels(c.begin(), c.end());
    bool first = true;
    for (const auto& level : levels) {
      if (first) {
        first = false;
        continue;
      }
      Eigen::VectorXd v(static_cast<Eigen::Index>(c.size()));
      for (std::size_t i = 0; i < c.size(); ++i)
        v[static_cast<Eigen::Index>(i)] = c[i] == level ? 1.0 : 0.0;
      columns.push_back(v);
      names.push_back(name + level);
    }
  }
  Eigen::MatrixXd matrix() const {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(csv.rows()),
                      static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j)
      x.col(static_cast<Eigen::Index>(j)) = columns[j];
    return x;
  }
};

// The anchor cohort design: treat + age + sex + ... + ward (40 columns, R's model.matrix order).
inline DesignBuilder cohort_design(const SimpleCsv& csv) {
  DesignBuilder d{csv, {}, {}};
  d.numeric("treat");
  d.numeric("age");
  d.factor("sex");
  d.numeric("age_first_offence");
  d.numeric("prior_offences");
  d.numeric("prior_custody");
  d.numeric("ogrs");
  d.factor("offence_type");
  d.factor("sentence_type");
  d.numeric("employed");
  d.factor("accommodation");
  d.numeric("substance_misuse");
  d.numeric("mental_health");
  d.numeric("dv_flag");
  d.numeric("deprivation_decile");
  d.factor("ward");
  return d;
}

// R reference values: case,quantity,term,value (see tests/data/survival/make_reference.R).
struct ReferenceTable {
  std::map<std::string, std::vector<std::pair<std::string, double>>> entries;  // case/quantity

  static ReferenceTable read(const std::string& path) {
    SimpleCsv csv = SimpleCsv::read(path);
    ReferenceTable t;
    const auto& cs = csv.column("case");
    const auto& qs = csv.column("quantity");
    const auto& ts = csv.column("term");
    const auto& vs = csv.column("value");
    for (std::size_t i = 0; i < cs.size(); ++i) {
      const double v = vs[i] == "NA" ? std::nan("") : std::stod(vs[i]);
      t.entries[cs[i] + "/" + qs[i]].emplace_back(ts[i], v);
    }
    return t;
  }
  const std::vector<std::pair<std::string, double>>& get(const std::string& c,
                                                         const std::string& q) const {
    auto it = entries.find(c + "/" + q);
    if (it == entries.end()) throw std::runtime_error("no reference " + c + "/" + q);
    return it->second;
  }
  double scalar(const std::string& c, const std::string& q) const { return get(c, q).at(0).second; }
  Eigen::VectorXd vector(const std::string& c, const std::string& q) const {
    const auto& e = get(c, q);
    Eigen::VectorXd v(static_cast<Eigen::Index>(e.size()));
    for (std::size_t i = 0; i < e.size(); ++i) v[static_cast<Eigen::Index>(i)] = e[i].second;
    return v;
  }
};

// Streams a cohort CSV (gen_cohort.R layout) into the 40-column design without keeping the
// text: numeric columns parsed directly, factor columns coded then expanded to dummies.
struct CohortDesign {
  Eigen::MatrixXd x;
  std::vector<std::string> names;
  Eigen::VectorXd time;
  Eigen::VectorXi event;
};

inline CohortDesign load_cohort_design(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = SimpleCsv::split(line);
  // Model terms in R's order; true = factor.
  const std::vector<std::pair<std::string, bool>> terms = {{"treat", false},
                                                           {"age", false},
                                                           {"sex", true},
                                                           {"age_first_offence", false},
                                                           {"prior_offences", false},
                                                           {"prior_custody", false},
                                                           {"ogrs", false},
                                                           {"offence_type", true},
                                                           {"sentence_type", true},
                                                           {"employed", false},
                                                           {"accommodation", true},
                                                           {"substance_misuse", false},
                                                           {"mental_health", false},
                                                           {"dv_flag", false},
                                                           {"deprivation_decile", false},
                                                           {"ward", true}};
  auto index_of = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("no column " + name + " in " + path);
    return static_cast<std::size_t>(it - header.begin());
  };
  std::vector<std::size_t> where;
  for (const auto& t : terms) where.push_back(index_of(t.first));
  const std::size_t time_col = index_of("days_to_reoffence"),
                    event_col = index_of("reoffence_event");
  std::vector<std::vector<double>> numbers(terms.size());
  std::vector<std::vector<int>> codes(terms.size());
  std::vector<std::map<std::string, int>> levels(terms.size());
  std::vector<double> time;
  std::vector<int> event;
  std::vector<std::string> fields;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    fields = SimpleCsv::split(line);
    for (std::size_t t = 0; t < terms.size(); ++t) {
      const std::string& f = fields[where[t]];
      if (terms[t].second) {
        auto [it, inserted] = levels[t].emplace(f, static_cast<int>(levels[t].size()));
        codes[t].push_back(it->second);
      } else {
        numbers[t].push_back(std::stod(f));
      }
    }
    time.push_back(std::stod(fields[time_col]));
    event.push_back(std::stoi(fields[event_col]));
  }
  const auto n = static_cast<Eigen::Index>(time.size());
  CohortDesign d;
  std::vector<std::pair<std::size_t, int>> layout;  // (term, first-seen code or -1 numeric)
  for (std::size_t t = 0; t < terms.size(); ++t) {
    if (!terms[t].second) {
      layout.emplace_back(t, -1);
      d.names.push_back(terms[t].first);
      continue;
    }
    bool first = true;
    for (const auto& [label, code] : levels[t]) {  // std::map: sorted labels, first is reference
      if (first) {
        first = false;
        continue;
      }
      layout.emplace_back(t, code);
      d.names.push_back(terms[t].first + label);
    }
  }
  d.x.resize(n, static_cast<Eigen::Index>(layout.size()));
  for (std::size_t c = 0; c < layout.size(); ++c) {
    const auto [t, code] = layout[c];
    for (Eigen::Index i = 0; i < n; ++i)
      d.x(i, static_cast<Eigen::Index>(c)) =
          code < 0 ? numbers[t][static_cast<std::size_t>(i)]
                   : (codes[t][static_cast<std::size_t>(i)] == code ? 1.0 : 0.0);
  }
  d.time = Eigen::Map<const Eigen::VectorXd>(time.data(), n);
  d.event = Eigen::Map<const Eigen::VectorXi>(event.data(), n);
  return d;
}

}  // namespace harmcast::testing
