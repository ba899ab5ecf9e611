#include "common/rocks_status.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace keeper {

absl::Status FromRocks(const rocksdb::Status& status,
                       absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(context, ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain()) {
    return absl::UnavailableError(message);
  }
  if (status.IsIOError() &&
      status.ToString().find("lock") != std::string::npos) {
    return absl::UnavailableError(message);  // another process holds it
  }
  return absl::InternalError(message);
}

}  // namespace keeper
