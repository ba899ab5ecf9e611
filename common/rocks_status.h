// RocksDB statuses as absl statuses, for every module that uses RocksDB.
#ifndef KEEPER_COMMON_ROCKS_STATUS_H_
#define KEEPER_COMMON_ROCKS_STATUS_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/error_info.h"
#include "google/rpc/error_details.pb.h"
#include "rocksdb/status.h"

namespace keeper {

// ErrorInfo.domain of storage faults (that of every error), and their
// reasons.
inline constexpr const char* kStorageDomain = kErrorDomain;
inline constexpr char kDiskFullReason[] = "DISK_FULL";
inline constexpr char kIoErrorReason[] = "IO_ERROR";

// Maps a RocksDB status to the most specific absl code: DATA_LOSS for
// corruption, UNAVAILABLE for a lock held by another process, and so on.
// A full disk (ENOSPC, or RocksDB's space limit) is RESOURCE_EXHAUSTED and
// any other I/O error UNAVAILABLE; both carry an ErrorInfo payload naming
// the cause. `context` leads the message.
absl::Status FromRocks(const rocksdb::Status& status,
                       absl::string_view context);

// A storage fault status built from scratch: RESOURCE_EXHAUSTED for
// kDiskFullReason, UNAVAILABLE otherwise, with the ErrorInfo payload.
absl::Status StorageFault(absl::string_view reason, absl::string_view message,
                          absl::string_view cause);

// The ErrorInfo of a storage fault status, if it is one.
std::optional<google::rpc::ErrorInfo> StorageFaultFromStatus(
    const absl::Status& status);

}  // namespace keeper

#endif  // KEEPER_COMMON_ROCKS_STATUS_H_
