#include "common/rocks_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace keeper {

absl::Status StorageFault(absl::string_view reason, absl::string_view message,
                          absl::string_view cause) {
  const absl::StatusCode code = reason == kDiskFullReason
                                    ? absl::StatusCode::kResourceExhausted
                                    : absl::StatusCode::kUnavailable;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kStorageDomain);
  (*info.mutable_metadata())["cause"] = std::string(cause);
  absl::Status status(code, message);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::optional<google::rpc::ErrorInfo> StorageFaultFromStatus(
    const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  if (!info.has_value() || info->domain() != kStorageDomain ||
      (info->reason() != kDiskFullReason && info->reason() != kIoErrorReason)) {
    return std::nullopt;
  }
  return info;
}

absl::Status FromRocks(const rocksdb::Status& status,
                       absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string cause = status.ToString();
  const std::string message = absl::StrCat(context, ": ", cause);
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain()) {
    return absl::UnavailableError(message);
  }
  // RocksDB reports ENOSPC as an I/O error with the NoSpace subcode, and
  // its SstFileManager's limit as SpaceLimit.
  if (status.IsNoSpace() || status.subcode() == rocksdb::Status::kSpaceLimit) {
    return StorageFault(kDiskFullReason,
                        absl::StrCat(context, ": the disk is full: ", cause),
                        cause);
  }
  if (status.IsIOError() &&
      status.ToString().find("lock") != std::string::npos) {
    return absl::UnavailableError(message);  // another process holds it
  }
  if (status.IsIOError()) {
    return StorageFault(kIoErrorReason,
                        absl::StrCat(context, ": I/O error: ", cause), cause);
  }
  return absl::InternalError(message);
}

}  // namespace keeper
