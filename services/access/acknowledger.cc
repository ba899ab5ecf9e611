#include "services/access/acknowledger.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "projections/access_trail.h"
#include "services/access/audited_read.h"

namespace keeper::services {

absl::StatusOr<v1::NotificationAcknowledgement> Acknowledger::Acknowledge(
    const Caller& caller, uint64_t notice_position) {
  const absl::Status not_found =
      absl::NotFoundError(absl::StrCat("no notification to ", caller.authority,
                                       " at position ", notice_position));
  absl::MutexLock lock(&mu_);
  if (notice_position == 0 || notice_position > store_.GetHead().position) {
    return not_found;
  }
  ASSIGN_OR_RETURN(auto events, store_.ReadAll(notice_position, 1));
  if (events.empty() || events.front().event_type() != "AccessGranted") {
    return not_found;
  }
  const eventstore::EventEnvelope& notice = events.front();
  // The trail shows the acknowledgements already recorded.
  RETURN_IF_ERROR(CatchUp(store_, engine_));
  ASSIGN_OR_RETURN(std::optional<v1::AccessTrailEntry> entry,
                   projections::AccessTrailEntryAt(engine_, notice_position));
  if (!entry.has_value()) return not_found;
  bool notified = false;
  for (const std::string& authority : entry->record().notify_authorities()) {
    notified = notified || authority == caller.authority;
  }
  if (!notified) return not_found;
  for (const v1::Acknowledgement& earlier : entry->acknowledgements()) {
    if (earlier.acknowledgement().authority() == caller.authority) {
      return absl::AlreadyExistsError(absl::StrCat(
          caller.authority, " acknowledged the notification at position ",
          notice_position, " at position ", earlier.position()));
    }
  }
  v1::NotificationAcknowledgement acknowledgement;
  acknowledgement.set_notice_position(notice_position);
  acknowledgement.set_authority(caller.authority);
  const absl::Time noticed = absl::FromUnixSeconds(
      google::protobuf::util::TimeUtil::TimestampToSeconds(
          notice.recorded_time()));
  acknowledgement.set_seconds_after_notice(
      absl::ToInt64Seconds(absl::Now() - noticed));
  RETURN_IF_ERROR(gate_.RecordAcknowledgement(caller, notice, acknowledgement));
  return acknowledgement;
}

}  // namespace keeper::services
