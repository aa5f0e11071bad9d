// "Value for money": each service and scenario's discounted costs and benefits (Green Book),
// the commissioner's comparison ranked by net present value and chance of loss, a tornado chart
// of one-way sensitivity per option and one plain sentence per option.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "reports/charts/row_chart.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {
namespace {

std::string setting(const Table* settings, const std::string& item) {
  if (settings == nullptr) return {};
  for (std::size_t r = 0; r < settings->rows(); ++r)
    if (text_cell(*settings, "item", r) == item) return text_cell(*settings, "value", r);
  return {};
}

// A chance shown to a reader: "under 1%" and "over 99%" rather than a spurious 0% or 100%.
// A numeric setting; NaN when absent or not a number.
double setting_number(const Table* settings, const std::string& item) {
  const std::string text = setting(settings, item);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return text.empty() || end != text.c_str() + text.size() ? NAN : value;
}

std::string chance(double p) {
  if (!std::isfinite(p)) return "\u2013";
  if (p < 0.005) return "under 1%";
  if (p > 0.995) return "over 99%";
  return format_percent(p, 0);
}

std::string ratio(double bcr) { return std::isfinite(bcr) ? format_number(bcr, 2) : "\u2013"; }

std::string methods_text(const Table* settings) {
  const std::string schedule = setting(settings, "discount_schedule");
  const std::string discount =
      schedule == "constant"
          ? "at a constant " + format_percent(setting_number(settings, "discount_rate"), 1) +
                " a year"
      : schedule == "green_book_standard"
          ? "at the Green Book's 3.5% a year"
          : "at the Green Book's 3.5% a year (falling to 3.0% after 30 years, as its "
            "long-term schedule)";
  const double bias = setting_number(settings, "optimism_bias");
  const std::string uncertainty = setting(settings, "unit_cost_uncertainty");
  return fmt::format(
      "All amounts are in {} prices. Costs and benefits are discounted {}, flows at the {} of "
      "each year{}. Benefits are the offences averted valued at unit costs of crime from {} ({} "
      "prices, uprated with the GDP deflator). The chance of loss is the share of {} Monte Carlo "
      "draws in which costs exceed benefits, drawing the effect from its estimate and standard "
      "error{}.",
      setting(settings, "price_year"), discount,
      setting(settings, "discount_timing") == "mid_year" ? "middle" : "start",
      bias > 0 ? ", with optimism bias adding " + format_percent(bias, 0) + " to costs" : "",
      setting(settings, "unit_costs_source"), setting(settings, "unit_costs_price_year"),
      format_number(setting_number(settings, "monte_carlo_draws")),
      uncertainty == "none"
          ? ""
          : fmt::format(" and each unit cost ({} within \u00b1{})", uncertainty,
                        format_percent(setting_number(settings, "unit_cost_spread"), 0)));
}

// `a` is the published appraisal: a cohort scenario's small count of offences averted is blanked.
std::string sentence(const Table& a, std::size_t r, const std::string& price_year, int threshold) {
  const double averted = cell(a, "offences_averted", r);
  const std::string change =
      suppressed_cell(a, "offences_averted", r)
          ? fmt::format("changes the number of offences by fewer than {}", threshold)
          : fmt::format("{} about {} offences", averted >= 0 ? "averts" : "adds",
                        format_number(std::fabs(averted), 0));
  const double bcr = cell(a, "benefit_cost_ratio", r);
  std::string text = fmt::format(
      "{}: costs {} and {}, worth {} (present values, {} prices), a net present value of {}",
      text_cell(a, "option", r), format_pounds(cell(a, "pv_costs", r)), change,
      format_pounds(cell(a, "pv_benefits", r)), price_year, format_pounds(cell(a, "npv", r)));
  if (std::isfinite(bcr))
    text += " and \u00a3" + format_number(bcr, 2) + " of benefits for every \u00a31 spent";
  text += fmt::format(". Allowing for uncertainty, the chance that costs exceed benefits is {}.",
                      chance(cell(a, "chance_of_loss", r)));
  return text;
}

// Scale for £ on a chart axis: £m when any value reaches a million, else £ thousands.
std::pair<double, std::string> money_scale(const Table& s, const std::string& option) {
  double largest = 0;
  for (std::size_t r = 0; r < s.rows(); ++r) {
    if (text_cell(s, "option", r) != option) continue;
    largest =
        std::max({largest, std::fabs(cell(s, "npv_low", r)), std::fabs(cell(s, "npv_high", r))});
  }
  return largest >= 1e6 ? std::make_pair(1e6, std::string("\u00a3 million"))
                        : std::make_pair(1e3, std::string("\u00a3 thousand"));
}

// Tornado row labels, short enough for the chart (38 characters); values go in the tooltip.
std::string input_label(const std::string& input, double low, double high, bool scenario) {
  if (input == "effect")
    return scenario ? fmt::format("Offences averted (x{} to x{})", format_number(low, 2),
                                  format_number(high, 2))
                    : fmt::format("Reoffences cut ({} to {})", format_percent(low, 0),
                                  format_percent(high, 0));
  if (input == "costs")
    return fmt::format("Costs ({} to {})", format_pounds(low), format_pounds(high));
  if (input == "optimism bias")
    return fmt::format("Optimism bias ({} to {})", format_percent(low, 0), format_percent(high, 0));
  const std::string prefix = "unit cost: ";
  if (input.rfind(prefix, 0) == 0) {
    const double swing = low + high > 0 ? (high - low) / (high + low) : 0.0;
    return fmt::format("{} cost (\u00b1{})", humanise(input.substr(prefix.size())),
                       format_percent(swing, 0));
  }
  return humanise(input);
}

void add_tornado(HtmlDocument& doc, const Table& s, const std::string& option, double npv,
                 bool scenario, const std::string& price_year) {
  const auto [divisor, unit] = money_scale(s, option);
  RowChartSpec tornado;
  tornado.title = option + ": what moves the net present value";
  tornado.x_label = "net present value, " + unit + " (" + price_year + " prices)";
  tornado.range_style = RangeStyle::Bar;
  tornado.range_name = "NPV from the low to the high value of one input";
  tornado.references = {{0.0, "break-even"}, {npv / divisor, "central", false}};
  double lo = std::min(0.0, npv / divisor), hi = std::max(0.0, npv / divisor);
  for (std::size_t r = 0; r < s.rows(); ++r) {
    if (text_cell(s, "option", r) != option || !(cell(s, "swing", r) > 0)) continue;
    const double a = cell(s, "npv_low", r) / divisor;
    const double b = cell(s, "npv_high", r) / divisor;
    lo = std::min({lo, a, b});
    hi = std::max({hi, a, b});
    tornado.rows.push_back(
        {input_label(text_cell(s, "input", r), cell(s, "low_value", r), cell(s, "high_value", r),
                     scenario),
         std::min(a, b),
         std::max(a, b),
         {},
         fmt::format("NPV {} (low input) to {} (high input)", format_pounds(cell(s, "npv_low", r)),
                     format_pounds(cell(s, "npv_high", r)))});
  }
  if (tornado.rows.empty()) return;
  // Room either side so a reference line's label is not cut off at the edge of the plot.
  tornado.x_min = lo - 0.08 * (hi - lo);
  tornado.x_max = hi + 0.08 * (hi - lo);
  doc.chart(render_row_chart(tornado),
            "Each bar: the net present value with one input at its low and high value and the "
            "others central, largest swing first (inputs that do not move it are left out); "
            "solid line: the central estimate.");
}

}  // namespace

void add_value_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s) {
  // The published copy (small cohort counts blanked) when the run made it.
  const Table* a = results.find_table("/value/appraisal_published");
  if (a == nullptr) a = results.find_table("/value/appraisal");
  const Table* settings = results.find_table("/value/settings");
  if (a == nullptr || settings == nullptr) return;
  const std::string price_year = setting(settings, "price_year");
  doc.section("value", "Value for money");
  doc.paragraph(methods_text(settings));
  const std::string caveat = setting(settings, "builtin_data_caveat");
  if (!caveat.empty()) doc.callout(CalloutKind::Warning, caveat + ".");
  if (a->rows() == 0) {
    doc.callout(CalloutKind::Warning, "No service or scenario could be valued; see the run notes.");
    return;
  }

  // The kind column only when services and scenarios are mixed.
  bool mixed = false;
  for (std::size_t r = 1; r < a->rows(); ++r)
    mixed = mixed || text_cell(*a, "kind", r) != text_cell(*a, "kind", 0);
  HtmlTable table;
  table.caption = "Costs and benefits of each option (present values, " + price_year + " prices)";
  table.header = {"Option",
                  "Costs",
                  "Benefits",
                  "Net present value",
                  "Benefit-cost ratio",
                  "Offences averted",
                  "Cost per offence averted",
                  "Chance of loss"};
  table.align = {Align::Left,  Align::Right, Align::Right, Align::Right,
                 Align::Right, Align::Right, Align::Right, Align::Right};
  if (mixed) {
    table.header.insert(table.header.begin() + 1, "Kind");
    table.align.insert(table.align.begin() + 1, Align::Left);
  }
  for (std::size_t r = 0; r < a->rows(); ++r) {
    std::vector<std::string> row = {
        text_cell(*a, "option", r),
        format_pounds(cell(*a, "pv_costs", r)),
        format_pounds(cell(*a, "pv_benefits", r)),
        format_pounds(cell(*a, "npv", r)),
        ratio(cell(*a, "benefit_cost_ratio", r)),
        published_count(*a, "offences_averted", r, 0, s.disclosure_threshold),
        format_pounds(cell(*a, "cost_per_offence_averted", r)),
        chance(cell(*a, "chance_of_loss", r))};
    if (mixed) row.insert(row.begin() + 1, text_cell(*a, "kind", r));
    table.rows.push_back(std::move(row));
    table.row_classes.push_back(cell(*a, "npv", r) >= 0 ? "good" : "bad");
  }
  table.note = fmt::format(
      "Offences averted are not discounted; cost per offence averted is present-value costs over "
      "them. Chance of loss: share of Monte Carlo draws with costs above benefits. Counts of a "
      "cohort's offences below {} are shown as \"<{}\" (disclosure control).",
      s.disclosure_threshold, s.disclosure_threshold);
  doc.table(table);

  if (const Table* c = results.find_table("/value/comparison"); c != nullptr && c->rows() > 1) {
    HtmlTable ranked;
    ranked.caption = "Options ranked by net present value (Monte Carlo mean)";
    ranked.header = {"Rank",
                     "Option",
                     "Net present value",
                     "90% range",
                     "Benefit-cost ratio",
                     "Chance of loss",
                     "Rank by chance of loss"};
    ranked.align = {Align::Right, Align::Left,  Align::Right, Align::Right,
                    Align::Right, Align::Right, Align::Right};
    for (std::size_t r = 0; r < c->rows(); ++r) {
      ranked.rows.push_back(
          {format_number(cell(*c, "rank_by_npv", r)), text_cell(*c, "option", r),
           format_pounds(cell(*c, "npv_mean", r)),
           format_pounds(cell(*c, "npv_q05", r)) + " to " + format_pounds(cell(*c, "npv_q95", r)),
           ratio(cell(*c, "benefit_cost_ratio", r)), chance(cell(*c, "chance_of_loss", r)),
           format_number(cell(*c, "rank_by_chance_of_loss", r))});
    }
    ranked.note =
        "Every option is simulated with the same random numbers, so differences "
        "between options are not Monte Carlo noise.";
    doc.table(ranked);
  }

  const Table* tornado = results.find_table("/value/sensitivity");
  for (std::size_t r = 0; r < a->rows(); ++r) {
    const std::string option = text_cell(*a, "option", r);
    doc.subheading(option);
    doc.callout(cell(*a, "npv", r) >= 0 ? CalloutKind::Good : CalloutKind::Info,
                sentence(*a, r, price_year, s.disclosure_threshold));
    if (tornado != nullptr)
      add_tornado(doc, *tornado, option, cell(*a, "npv", r), text_cell(*a, "kind", r) == "scenario",
                  price_year);
  }

  if (const Table* u = results.find_table("/value/unit_costs"); u != nullptr && u->rows() > 0) {
    HtmlTable costs;
    costs.caption = "Unit costs of crime used";
    costs.header = {"Crime type", setting(settings, "unit_costs_price_year") + " prices",
                    price_year + " prices", "Valued as"};
    costs.align = {Align::Left, Align::Right, Align::Right, Align::Left};
    for (std::size_t r = 0; r < u->rows(); ++r)
      costs.rows.push_back({humanise(text_cell(*u, "crime_type", r)),
                            format_pounds(cell(*u, "unit_cost_table_prices", r)),
                            format_pounds(cell(*u, "unit_cost", r)),
                            text_cell(*u, "valued_as", r)});
    const std::string by_quarters = setting(settings, "deflator_financial_years");
    costs.note = "Source: " + setting(settings, "unit_costs_source") +
                 ". Deflator: " + setting(settings, "deflator_source") +
                 (by_quarters.empty() ? std::string() : "; " + by_quarters) + ".";
    doc.table(costs);
  }
}

}  // namespace harmcast::report
