// keeper acknowledge: a responsible authority says it has seen a
// notification of a register enquiry.
#include <iostream>

#include "absl/flags/flag.h"
#include "keeper/v1/notification_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/client_commands.h"
#include "tools/read_commands.h"

ABSL_FLAG(uint64_t, notice, 0,
          "acknowledge: the notification's position (keeper notifications)");

namespace keeper::tools {

int RunAcknowledge(const Args&) {
  v1::AcknowledgeNotificationRequest request;
  request.set_notice_position(absl::GetFlag(FLAGS_notice));
  if (request.notice_position() == 0) {
    return Fail(absl::InvalidArgumentError(
        "give --notice, the notification's position"));
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kReadDeadline);
  v1::NotificationAcknowledgement acknowledged;
  const grpc::Status status =
      v1::NotificationService::NewStub(*channel)->AcknowledgeNotification(
          &context, request, &acknowledged);
  if (!status.ok()) return FailRpc(status);
  std::cout << "acknowledged notification " << acknowledged.notice_position()
            << " for " << acknowledged.authority() << ", "
            << acknowledged.seconds_after_notice()
            << " s after it was recorded\n";
  return 0;
}

}  // namespace keeper::tools
