// What `keeper bench crash` checks of a store after keeperd was killed and
// restarted under load: the acknowledged events are each there once, at the
// position acknowledged, positions have no gaps, and the projections equal
// a rebuild from the log. keeperd must be stopped.
#ifndef KEEPER_TOOLS_CRASH_CHECKS_H_
#define KEEPER_TOOLS_CRASH_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace keeper::tools {

// An event a client was told was recorded.
struct AcknowledgedEvent {
  std::string event_id;
  std::string stream_id;
  uint64_t position = 0;
};

struct LogCheck {
  int64_t events = 0;      // in the log
  int64_t lost = 0;        // acknowledged, not at its position
  int64_t duplicated = 0;  // acknowledged streams opened more than once
  int64_t gaps = 0;        // positions missing between 1 and the head
};

// Scans the log in `data_dir` against `acknowledged`. Each stream in it
// must hold exactly one event of `opening_type`.
absl::StatusOr<LogCheck> CheckLog(
    const std::string& data_dir,
    const std::vector<AcknowledgedEvent>& acknowledged,
    const std::string& opening_type);

// Brings the projections in `data_dir` up to the head, rebuilds every
// projection into a temporary directory, and compares them key by key.
// OK if equal; DATA_LOSS naming the projection and key that differ.
absl::Status CheckProjectionsEqualRebuild(const std::string& data_dir);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_CRASH_CHECKS_H_
