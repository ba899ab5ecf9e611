#include "services/grpc/notification_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kAcknowledge[] =
    "/keeper.v1.NotificationService/AcknowledgeNotification";

}  // namespace

NotificationService::NotificationService(Acknowledger& acknowledger,
                                         AccessGate& gate, HandlerPool& pool)
    : PooledService(pool, gate), acknowledger_(acknowledger) {
  Serve("AcknowledgeNotification", &NotificationService::HandleAcknowledge);
}

absl::StatusOr<v1::NotificationAcknowledgement>
NotificationService::HandleAcknowledge(
    grpc::ServerContextBase& context,
    const v1::AcknowledgeNotificationRequest& request) {
  ReadSubject subject;
  subject.query = absl::StrCat("notice_position: ", request.notice_position());
  ASSIGN_OR_RETURN(Caller caller, gate_.Admit(context, kAcknowledge, subject));
  if (request.notice_position() == 0) {
    return gate_.RecordRefusal(
        caller, kAcknowledge, subject,
        InvalidField("notice_position", "must name a notification"));
  }
  absl::StatusOr<v1::NotificationAcknowledgement> acknowledged =
      acknowledger_.Acknowledge(caller, request.notice_position());
  if (!acknowledged.ok()) {
    return gate_.RecordRefusal(caller, kAcknowledge, subject,
                               acknowledged.status());
  }
  return acknowledged;
}

}  // namespace keeper::services
