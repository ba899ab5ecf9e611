// Escaping text for HTML element content and double-quoted attributes.
//
// Thread safety: a pure function.
#ifndef KEEPER_TOOLS_HTML_H_
#define KEEPER_TOOLS_HTML_H_

#include <string>
#include <string_view>

namespace keeper::tools {

// `text` with &, <, >, " and ' replaced by character references, so that
// it shows as written and never opens markup.
std::string HtmlEscape(std::string_view text);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_HTML_H_
