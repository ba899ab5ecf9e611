// The project's only status-propagation macros. Debian's abseil (20220623)
// ships none, so they live here, once.
#ifndef KEEPER_COMMON_STATUS_MACROS_H_
#define KEEPER_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define KEEPER_STATUS_CONCAT_INNER_(a, b) a##b
#define KEEPER_STATUS_CONCAT_(a, b) KEEPER_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` yields a non-OK status.
#define RETURN_IF_ERROR(expr)                                         \
  do {                                                                \
    if (::absl::Status keeper_status_ = (expr); !keeper_status_.ok()) \
        [[unlikely]] {                                                \
      return keeper_status_;                                          \
    }                                                                 \
  } while (false)

// `ASSIGN_OR_RETURN(T x, StatusOr<T>-expr);` declares (or assigns) `x` from
// the value, or returns the error from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr)                                         \
  ASSIGN_OR_RETURN_IMPL_(KEEPER_STATUS_CONCAT_(keeper_statusor_, __LINE__), \
                         lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                           \
  if (!statusor.ok()) [[unlikely]] {                \
    return std::move(statusor).status();            \
  }                                                 \
  lhs = std::move(statusor).value()

#endif  // KEEPER_COMMON_STATUS_MACROS_H_
