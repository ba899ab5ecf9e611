// Generated stores and raw scans for the `keeper bench` subcommands.
#ifndef KEEPER_TOOLS_BENCH_STORE_H_
#define KEEPER_TOOLS_BENCH_STORE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"

namespace keeper::tools {

struct AccessLogOptions {
  // The cases enquired about, in turn; empty: 2,000 made-up ones.
  std::vector<std::string> case_ids;
  // Called after each append with the enquiries appended so far.
  std::function<void(int64_t done)> progress;
};

// Appends `events` generated register enquiries (about 500 bytes each, the
// part of the history that grows without bound), 64 to an append.
absl::Status GenerateAccessLog(eventstore::EventStore& store, int64_t events,
                               const AccessLogOptions& options = {});

// Creates a store in `dir` (unsynced: generating, not measuring appends)
// and fills it with GenerateAccessLog.
absl::Status GenerateAccessLogStore(const std::string& dir, int64_t events);

struct ScanResult {
  uint64_t bytes = 0;
  double seconds = 0;  // the scan alone, not opening the database
};

// Reads every value of the `events` column family of the store in `dir`,
// and nothing else, passing each to `visit` if set.
absl::StatusOr<ScanResult> RawScan(
    const std::string& dir,
    const std::function<void(std::string_view value)>& visit);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_STORE_H_
