#include "reports/html/document.hpp"

#include "reports/html/escape.hpp"

namespace harmcast::report {
namespace {

constexpr const char* kStyle = R"CSS(
:root { --ink: #1f2328; --muted: #5b6470; --rule: #d8dde3; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.page { padding: 28px 40px 18px; border-bottom: 3px solid var(--accent); }
header.page h1 { margin: 0 0 4px; font-size: 26px; }
header.page p { margin: 0; color: var(--muted); }
nav.contents { padding: 10px 40px; border-bottom: 1px solid var(--rule); font-size: 14px;
  display: flex; flex-wrap: wrap; row-gap: 6px; }
nav.contents a { margin-right: 18px; color: var(--accent); text-decoration: none; white-space: nowrap; }
main { padding: 8px 40px 40px; max-width: 1100px; }
section { margin-top: 28px; }
h2 { font-size: 21px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 22px 0 8px; }
p { max-width: 80ch; }
table { border-collapse: collapse; margin: 10px 0 4px; font-size: 14px; max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: #f3f5f7; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }  /* numbers stay whole; long headers may wrap */
tr.good td:first-child { border-left: 4px solid #1a7f37; }
tr.bad td:first-child { border-left: 4px solid #cf222e; }
tr.muted td { color: var(--muted); }
.table-wrap { overflow-x: auto; }
.note { color: var(--muted); font-size: 13px; margin: 2px 0 14px; }
figure { margin: 14px 0 20px; max-width: 100%; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr));
  gap: 0 28px; }
.chart-grid figure { margin: 8px 0 14px; }
.callout { border-left: 4px solid var(--accent); background: #f1f6fc; padding: 8px 14px; margin: 12px 0; max-width: 80ch; }
.callout.good { border-color: #1a7f37; background: #eef8f0; }
.callout.warning { border-color: #bf8700; background: #fff8e5; }
.callout.problem { border-color: #cf222e; background: #fdf0f0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; font-size: 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
pre { background: #f6f8fa; border: 1px solid var(--rule); padding: 10px 12px; font-size: 13px;
  overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 100%; }
@media print {
  nav.contents { display: none; }
  header.page, main { padding-left: 0; padding-right: 0; }
  section { break-inside: auto; }
  figure, table, .callout { break-inside: avoid; }
  h2 { break-after: avoid; }
}
)CSS";

const char* callout_class(CalloutKind kind) {
  switch (kind) {
    case CalloutKind::Good:
      return "callout good";
    case CalloutKind::Warning:
      return "callout warning";
    case CalloutKind::Problem:
      return "callout problem";
    case CalloutKind::Info:
      break;
  }
  return "callout";
}

}  // namespace

HtmlDocument::HtmlDocument(std::string title, std::string subtitle)
    : title_(std::move(title)), subtitle_(std::move(subtitle)) {}

HtmlDocument::Section& HtmlDocument::current() {
  if (sections_.empty()) sections_.push_back({"overview", "Overview", {}});
  return sections_.back();
}

void HtmlDocument::section(const std::string& id, const std::string& heading) {
  sections_.push_back({id, heading, {}});
}

void HtmlDocument::subheading(const std::string& text) {
  current().body += "<h3>" + escape_html(text) + "</h3>\n";
}

void HtmlDocument::paragraph(const std::string& text) {
  current().body += "<p>" + escape_html(text) + "</p>\n";
}

void HtmlDocument::callout(CalloutKind kind, const std::string& text) {
  current().body +=
      std::string("<div class=\"") + callout_class(kind) + "\">" + escape_html(text) + "</div>\n";
}

void HtmlDocument::table(const HtmlTable& t) {
  auto is_right = [&](std::size_t c) { return c < t.align.size() && t.align[c] == Align::Right; };
  std::string& out = current().body;
  out += "<div class=\"table-wrap\"><table>";
  if (!t.caption.empty()) out += "<caption>" + escape_html(t.caption) + "</caption>";
  out += "<thead><tr>";
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    out += is_right(c) ? "<th class=\"num\">" : "<th>";
    out += escape_html(t.header[c]) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const bool has_class = r < t.row_classes.size() && !t.row_classes[r].empty();
    out += has_class ? "<tr class=\"" + escape_html(t.row_classes[r]) + "\">" : "<tr>";
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      out += is_right(c) ? "<td class=\"num\">" : "<td>";
      out += escape_html(t.rows[r][c]) + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table></div>\n";
  if (!t.note.empty()) out += "<p class=\"note\">" + escape_html(t.note) + "</p>\n";
}

void HtmlDocument::chart(const std::string& svg_markup, const std::string& caption) {
  std::string& out = current().body;
  out += "<figure>" + svg_markup;
  if (!caption.empty()) out += "<figcaption>" + escape_html(caption) + "</figcaption>";
  out += "</figure>\n";
}

void HtmlDocument::chart_grid(const std::vector<GridChart>& charts) {
  if (charts.empty()) return;
  current().body += "<div class=\"chart-grid\">\n";
  for (const GridChart& c : charts) chart(c.svg_markup, c.caption);
  current().body += "</div>\n";
}

void HtmlDocument::facts(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string& out = current().body;
  out += "<dl class=\"facts\">";
  for (const auto& [k, v] : items) {
    out += "<dt>" + escape_html(k) + "</dt><dd>" + escape_html(v) + "</dd>";
  }
  out += "</dl>\n";
}

void HtmlDocument::preformatted(const std::string& text) {
  current().body += "<pre>" + escape_html(text) + "</pre>\n";
}

std::string HtmlDocument::str() const {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape_html(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n";
  out += "<body>\n<header class=\"page\"><h1>" + escape_html(title_) + "</h1><p>" +
         escape_html(subtitle_) + "</p></header>\n";
  out += "<nav class=\"contents\" aria-label=\"Contents\">";
  for (const auto& s : sections_) {
    out += "<a href=\"#" + escape_html(s.id) + "\">" + escape_html(s.heading) + "</a>";
  }
  out += "</nav>\n<main>\n";
  for (const auto& s : sections_) {
    out += "<section id=\"" + escape_html(s.id) + "\">\n<h2>" + escape_html(s.heading) + "</h2>\n" +
           s.body + "</section>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace harmcast::report
