// RocksDB statuses as absl statuses, for every module that uses RocksDB.
#ifndef KEEPER_COMMON_ROCKS_STATUS_H_
#define KEEPER_COMMON_ROCKS_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace keeper {

// Maps a RocksDB status to the most specific absl code: DATA_LOSS for
// corruption, UNAVAILABLE for a lock held by another process, and so on.
// `context` leads the message.
absl::Status FromRocks(const rocksdb::Status& status,
                       absl::string_view context);

}  // namespace keeper

#endif  // KEEPER_COMMON_ROCKS_STATUS_H_
