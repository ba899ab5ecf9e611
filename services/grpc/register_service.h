// RegisterService: register checks and listings, from the register
// projection. Every answer is recorded before it is sent. A check that
// finds a registered child notifies the child's authority or stays silent
// as the access policy's enquiry settings say, and gives the enquirer the
// authority's contact numbers from its policy.
#ifndef KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_
#define KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_

#include "absl/status/statusor.h"
#include "domain/policy/policy.h"
#include "eventstore/event_store.h"
#include "keeper/v1/register_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class RegisterService final : public PooledService<v1::RegisterService> {
 public:
  // All must outlive the service.
  RegisterService(const eventstore::EventStore& store,
                  const projections::ProjectionEngine& engine, AccessGate& gate,
                  HandlerPool& pool, const domain::PolicyRegistry& policies);

 private:
  absl::StatusOr<v1::RegisterCheckResult> HandleCheckRegister(
      grpc::ServerContextBase& context,
      const v1::RegisterCheckRequest& request);
  absl::StatusOr<v1::RegisterListing> HandleListRegister(
      grpc::ServerContextBase& context, const v1::ListRegisterRequest& request);

  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  const domain::PolicyRegistry& policies_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_
