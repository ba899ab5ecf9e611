// The console's HTML: escaping of every piece of data placed in a page, and
// the page frame (head, style sheets, navigation) around a page's body.
//
// Everything a page shows from records passes through Escape (or the
// helpers that call it); only the page's own markup is written raw.
//
// Thread safety: stateless functions.
#ifndef KEEPER_SERVICES_CONSOLE_HTML_H_
#define KEEPER_SERVICES_CONSOLE_HTML_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace keeper::services::console {

// `text` with & < > " ' replaced by character references, safe as element
// text and as a quoted attribute value.
std::string Escape(absl::string_view text);

// `text` encoded for a URL query value (RFC 3986 unreserved kept).
std::string UrlEncode(absl::string_view text);

// <a href="url">text</a>, both escaped.
std::string Link(absl::string_view url, absl::string_view text);

// A table: `header` and `rows` are cell HTML already escaped (use Escape
// or Link for data).
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows,
                  absl::string_view id = "");

// A whole document: `title` is escaped, `body` is HTML.
std::string Document(absl::string_view title, absl::string_view body);

// The same as a standalone file, for a page exported off the console: no
// navigation or filter forms, a policy that lets it load nothing from
// anywhere, and `provenance` (escaped) saying who exported it and why.
std::string ExportDocument(absl::string_view title, absl::string_view body,
                           absl::string_view provenance);

}  // namespace keeper::services::console

#endif  // KEEPER_SERVICES_CONSOLE_HTML_H_
