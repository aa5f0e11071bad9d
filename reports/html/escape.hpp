#pragma once
// Escaping for text placed in HTML and SVG. Every string that comes from data or a config goes
// through one of these before it reaches the report.
#include <string>
#include <string_view>

namespace harmcast::report {

std::string escape_html(std::string_view text);  // &, <, >, ", ' -> entities

}  // namespace harmcast::report
