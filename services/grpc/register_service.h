// RegisterService: register checks and listings, from the register
// projection. Every answer is recorded before it is sent.
#ifndef KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_
#define KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_

#include "eventstore/event_store.h"
#include "keeper/v1/register_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/grpc/access_gate.h"

namespace keeper::services {

class RegisterService final : public v1::RegisterService::Service {
 public:
  // All three must outlive the service.
  RegisterService(const eventstore::EventStore& store,
                  const projections::ProjectionEngine& engine, AccessGate& gate)
      : store_(store), engine_(engine), gate_(gate) {}

  grpc::Status CheckRegister(grpc::ServerContext* context,
                             const v1::RegisterCheckRequest* request,
                             v1::RegisterCheckResult* response) override;
  grpc::Status ListRegister(grpc::ServerContext* context,
                            const v1::ListRegisterRequest* request,
                            v1::RegisterListing* response) override;

 private:
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_
