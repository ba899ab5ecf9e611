// NotificationService: a responsible authority acknowledges a notification
// of a register enquiry. Translates the call and delegates to Acknowledger,
// which holds the rules and records the event.
#ifndef KEEPER_SERVICES_GRPC_NOTIFICATION_SERVICE_H_
#define KEEPER_SERVICES_GRPC_NOTIFICATION_SERVICE_H_

#include "absl/status/statusor.h"
#include "keeper/v1/notification_service.grpc.pb.h"
#include "services/access/access_gate.h"
#include "services/access/acknowledger.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class NotificationService final
    : public PooledService<v1::NotificationService> {
 public:
  // All must outlive the service.
  NotificationService(Acknowledger& acknowledger, AccessGate& gate,
                      HandlerPool& pool);

 private:
  absl::StatusOr<v1::NotificationAcknowledgement> HandleAcknowledge(
      grpc::ServerContextBase& context,
      const v1::AcknowledgeNotificationRequest& request);

  Acknowledger& acknowledger_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_NOTIFICATION_SERVICE_H_
