#pragma once
// A self-contained HTML report: inline CSS (screen and print), a contents list, sections of
// paragraphs, tables and inline SVG charts. No scripts and no network requests, so the file opens
// anywhere and prints cleanly to PDF. Text passed in is escaped; only chart SVG produced by
// reports/charts is inserted as markup.
#include <string>
#include <vector>

namespace harmcast::report {

enum class Align { Left, Right };

struct HtmlTable {
  std::string caption;
  std::vector<std::string> header;
  std::vector<Align> align;                    // per column; missing entries mean Left
  std::vector<std::vector<std::string>> rows;  // plain text cells (escaped on output)
  std::vector<std::string> row_classes;        // optional per-row CSS class: "good", "bad", "muted"
  std::string note;                            // small print under the table
};

enum class CalloutKind { Info, Good, Warning, Problem };

class HtmlDocument {
 public:
  HtmlDocument(std::string title, std::string subtitle);

  // Starts a new section; everything added next belongs to it until the next section.
  void section(const std::string& id, const std::string& heading);
  void subheading(const std::string& text);
  void paragraph(const std::string& text);
  void callout(CalloutKind kind, const std::string& text);
  void table(const HtmlTable& table);
  void chart(const std::string& svg_markup, const std::string& caption = {});
  // Small multiples: charts side by side, as many per row as the page width allows.
  struct GridChart {
    std::string svg_markup;
    std::string caption;
  };
  void chart_grid(const std::vector<GridChart>& charts);
  // Key-value facts shown as a compact definition list (methods and provenance).
  void facts(const std::vector<std::pair<std::string, std::string>>& items);
  // Monospaced text kept as written (the experiment config in the appendix).
  void preformatted(const std::string& text);

  std::string str() const;

 private:
  struct Section {
    std::string id;
    std::string heading;
    std::string body;
  };
  Section& current();

  std::string title_;
  std::string subtitle_;
  std::vector<Section> sections_;
};

}  // namespace harmcast::report
