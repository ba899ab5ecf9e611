// std::string_view as absl::string_view, for absl's string functions: the
// two are distinct types unless abseil was built to alias them.
#ifndef KEEPER_COMMON_STRINGS_H_
#define KEEPER_COMMON_STRINGS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace keeper {

inline absl::string_view Sv(std::string_view s) { return {s.data(), s.size()}; }

// At most `max_bytes` of `text`, C-escaped (so that a NUL or a newline
// cannot forge a log line or a record), with its full length appended
// when cut. For quoting untrusted input in messages and records.
inline std::string Excerpt(std::string_view text, size_t max_bytes = 64) {
  if (text.size() <= max_bytes) return absl::CEscape(Sv(text));
  return absl::StrCat(absl::CEscape(Sv(text.substr(0, max_bytes))), "... (",
                      text.size(), " bytes)");
}

}  // namespace keeper

#endif  // KEEPER_COMMON_STRINGS_H_
