// RegisterService: register checks and listings, from the register
// projection. Every answer is recorded before it is sent.
#ifndef KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_
#define KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_

#include "eventstore/event_store.h"
#include "keeper/v1/register_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"

namespace keeper::services {

class RegisterService final : public v1::RegisterService::CallbackService {
 public:
  // All must outlive the service.
  RegisterService(const eventstore::EventStore& store,
                  const projections::ProjectionEngine& engine, AccessGate& gate,
                  HandlerPool& pool)
      : store_(store), engine_(engine), gate_(gate), pool_(pool) {}

  KEEPER_UNARY_ON_POOL(CheckRegister, v1::RegisterCheckRequest,
                       v1::RegisterCheckResult)
  KEEPER_UNARY_ON_POOL(ListRegister, v1::ListRegisterRequest,
                       v1::RegisterListing)

 private:
  grpc::Status HandleCheckRegister(grpc::ServerContextBase* context,
                                   const v1::RegisterCheckRequest* request,
                                   v1::RegisterCheckResult* response);
  grpc::Status HandleListRegister(grpc::ServerContextBase* context,
                                  const v1::ListRegisterRequest* request,
                                  v1::RegisterListing* response);
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
  HandlerPool& pool_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_REGISTER_SERVICE_H_
