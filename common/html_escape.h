// Escaping text for HTML element content and quoted attributes: the one
// escape every page Keeper writes (the console, disclosure bundles) uses.
//
// Thread safety: a pure function.
#ifndef KEEPER_COMMON_HTML_ESCAPE_H_
#define KEEPER_COMMON_HTML_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace keeper {

// `text` with &, <, >, " and ' replaced by character references, so that
// it shows as written and never opens markup.
std::string HtmlEscape(absl::string_view text);

}  // namespace keeper

#endif  // KEEPER_COMMON_HTML_ESCAPE_H_
