#include "services/console/html.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/html_escape.h"

namespace keeper::services::console {
namespace {

// Screen and print: a decision record prints as a plain document, without
// the navigation.
constexpr char kStyle[] = R"css(
body { font-family: sans-serif; margin: 1.5em; color: #111; }
nav a { margin-right: 1em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left;
         vertical-align: top; }
th { background: #eee; }
.refused { border: 2px solid #a00; padding: 1em; }
.withheld { color: #666; font-style: italic; }
footer.proof { margin-top: 2em; border-top: 1px solid #333; font-size: 0.9em; }
code { background: #f4f4f4; }
@media print {
  nav, form.filters, .paging { display: none; }
  body { margin: 0; font-family: serif; }
  th { background: none; }
  footer.proof { page-break-inside: avoid; }
}
)css";

constexpr char kNav[] =
    "<nav><a href=\"/\">Console</a><a href=\"/register\">Register</a>"
    "<a href=\"/timescales\">Timescales</a>"
    "<a href=\"/enquiries\">Enquiries</a><a href=\"/purpose\">Purpose</a>"
    "</nav>";

// An exported file is read away from the console: its forms and links to
// further pages lead nowhere there.
constexpr char kExportStyle[] = R"css(
form.filters, .paging a { display: none; }
p.provenance { font-size: 0.85em; color: #444; border-bottom: 1px solid #999;
               padding-bottom: 0.5em; }
)css";

// Only the inline styles: an exported file fetches nothing, wherever it is
// opened.
constexpr char kExportPolicy[] =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
    "'none'; style-src 'unsafe-inline'\">";

std::string Frame(absl::string_view title, absl::string_view head,
                  absl::string_view preface, absl::string_view body) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">", head,
      "<title>", Escape(title), " · Keeper</title><style>", kStyle,
      "</style></head><body>", preface, "<main><h1>", Escape(title), "</h1>",
      body, "</main></body></html>\n");
}

}  // namespace

std::string Escape(absl::string_view text) { return HtmlEscape(text); }

std::string UrlEncode(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out += static_cast<char>(c);
    } else {
      out += absl::StrFormat("%%%02X", c);
    }
  }
  return out;
}

std::string Link(absl::string_view url, absl::string_view text) {
  return absl::StrCat("<a href=\"", Escape(url), "\">", Escape(text), "</a>");
}

std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows,
                  absl::string_view id) {
  std::string out = "<table";
  if (!id.empty()) absl::StrAppend(&out, " id=\"", Escape(id), "\"");
  out += "><thead><tr>";
  for (const std::string& cell : header)
    absl::StrAppend(&out, "<th>", cell, "</th>");
  out += "</tr></thead><tbody>";
  for (const std::vector<std::string>& row : rows) {
    out += "<tr>";
    for (const std::string& cell : row)
      absl::StrAppend(&out, "<td>", cell, "</td>");
    out += "</tr>";
  }
  out += "</tbody></table>";
  return out;
}

std::string Document(absl::string_view title, absl::string_view body) {
  return Frame(title, "", kNav, body);
}

std::string ExportDocument(absl::string_view title, absl::string_view body,
                           absl::string_view provenance) {
  return Frame(title,
               absl::StrCat(kExportPolicy, "<style>", kExportStyle, "</style>"),
               absl::StrCat("<p class=\"provenance\" id=\"provenance\">",
                            Escape(provenance), "</p>"),
               body);
}

}  // namespace keeper::services::console
