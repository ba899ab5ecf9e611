// ReturnsService: the statutory returns (SPEC §9) for inspectors and the
// authority's team managers. Extracts come from the returns projection and
// are recorded, naming every child they list, before they are sent; a
// caller reads only its own authority unless its role reads all.
#ifndef KEEPER_SERVICES_GRPC_RETURNS_SERVICE_H_
#define KEEPER_SERVICES_GRPC_RETURNS_SERVICE_H_

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "keeper/v1/returns_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class ReturnsService final : public PooledService<v1::ReturnsService> {
 public:
  // All must outlive the service.
  ReturnsService(const eventstore::EventStore& store,
                 const projections::ProjectionEngine& engine, AccessGate& gate,
                 HandlerPool& pool);

 private:
  absl::StatusOr<v1::StatutoryReturn> HandleGetReturn(
      grpc::ServerContextBase& context, const v1::GetReturnRequest& request);

  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_RETURNS_SERVICE_H_
