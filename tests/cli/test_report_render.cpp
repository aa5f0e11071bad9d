// Rendering check: opens the default experiment's report in headless Chromium (Debian package
// `chromium`) and fails on script errors, charts that are missing or empty, chart text that
// overflows its chart, or a page wider than the window. A copy of the report gets a small
// checking script appended; Chromium runs it and we read its verdict from the dumped DOM.
// Skips, saying so, where Chromium is not installed (.ci/run installs it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::read_file;
using harmcast::testing::run_harmcast;
using harmcast::testing::source_dir;

namespace {

std::string find_chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(candidate)) return candidate;
  }
  return {};
}

// Runs in the page after it has laid out; writes "CHECK-OK" or the problems into #harmcast-check.
constexpr const char* kChecker = R"JS(
<script>
(function () {
  var problems = [];
  window.addEventListener('error', function (e) { problems.push('script error: ' + e.message); });
  var charts = document.querySelectorAll('svg.chart');
  if (charts.length === 0) problems.push('no charts in the report');
  charts.forEach(function (svg, i) {
    var name = (svg.querySelector('title') || {}).textContent || ('chart ' + i);
    var box = svg.getBoundingClientRect();
    if (box.width < 50 || box.height < 50) problems.push(name + ': chart has no size');
    if (svg.querySelectorAll('polyline, polygon, circle, line').length < 3)
      problems.push(name + ': chart draws nothing');
    // Screen boxes include each text's own transform (rotated axis titles).
    svg.querySelectorAll('text').forEach(function (t) {
      var b = t.getBoundingClientRect();
      if (b.width === 0) return;
      if (b.left < box.left - 1 || b.top < box.top - 1 || b.right > box.right + 1 ||
          b.bottom > box.bottom + 1)
        problems.push(name + ': text overflows the chart: "' + t.textContent + '"');
    });
  });
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push('page is wider than the window: ' + document.documentElement.scrollWidth +
                  ' > ' + window.innerWidth);
    // Name the widest elements that stick out, so the failure says where to look.
    document.querySelectorAll('body *').forEach(function (e) {
      var r = e.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && e.children.length < 50)
        problems.push('  sticks out: <' + e.tagName.toLowerCase() + '> ' +
                      (e.textContent || '').slice(0, 60).replace(/\s+/g, ' '));
    });
  }
  var out = document.createElement('pre');
  out.id = 'harmcast-check';
  out.textContent = problems.length ? 'CHECK-FAILED\n' + problems.join('\n') : 'CHECK-OK';
  document.body.appendChild(out);
})();
</script>
)JS";

std::string chromium_command(const std::string& chromium, const fs::path& profile) {
  return chromium +
         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
         " --disable-background-networking --disable-component-update --disable-sync"
         " --window-size=1280,1600 --virtual-time-budget=5000 --user-data-dir=" +
         profile.string();
}

}  // namespace

TEST(ReportRendering, DefaultReportRendersCleanlyInChromium) {
  const std::string chromium = find_chromium();
  if (chromium.empty()) {
    GTEST_SKIP() << "Chromium is not installed (apt-get install chromium); the rendering check "
                    "was not run.";
  }
  const fs::path dir = fresh_temp_dir("render");
  const auto run =
      run_harmcast("run --quiet " + (source_dir() / "experiments/default.yaml").string() +
                   " --out " + (dir / "run").string());
  ASSERT_EQ(run.exit_code, 0) << run.err;

  std::string html = read_file(dir / "run/report.html");
  const auto body_end = html.rfind("</body>");
  ASSERT_NE(body_end, std::string::npos);
  html.insert(body_end, kChecker);
  std::ofstream(dir / "checked.html") << html;

  const fs::path dom = dir / "dom.html";
  const std::string command = chromium_command(chromium, dir / "profile") + " --dump-dom file://" +
                              (dir / "checked.html").string() + " >" + dom.string() + " 2>" +
                              (dir / "chromium.log").string();
  ASSERT_EQ(std::system(command.c_str()), 0) << read_file(dir / "chromium.log");
  const std::string result = read_file(dom);
  const std::string marker = "<pre id=\"harmcast-check\">";
  const auto found = result.find(marker);
  ASSERT_NE(found, std::string::npos) << "the checking script did not run:\n"
                                      << result.substr(0, 2000);
  const auto at = found + marker.size();
  EXPECT_EQ(result.compare(at, 8, "CHECK-OK"), 0)
      << result.substr(at, result.find("</pre>", at) - at);

  // Keep a screenshot in the build folder for people to look at.
  const std::string shot = chromium_command(chromium, dir / "profile") + " --screenshot=" +
                           (harmcast::testing::build_dir() / "report_screenshot.png").string() +
                           " file://" + (dir / "run/report.html").string() + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(shot.c_str()), 0);
  fs::remove_all(dir);
}
