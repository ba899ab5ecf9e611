// std::string_view as absl::string_view, for absl's string functions: the
// two are distinct types unless abseil was built to alias them.
#ifndef KEEPER_COMMON_STRINGS_H_
#define KEEPER_COMMON_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace keeper {

inline absl::string_view Sv(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace keeper

#endif  // KEEPER_COMMON_STRINGS_H_
