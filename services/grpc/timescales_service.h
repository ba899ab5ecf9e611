// TimescalesService: for inspectors, team managers and chairs, whether a
// case's measures were met and an authority's share met in a period. Reads
// come from the timescales projection and are recorded before they are
// sent; a caller reads only its own authority unless its role reads all.
#ifndef KEEPER_SERVICES_GRPC_TIMESCALES_SERVICE_H_
#define KEEPER_SERVICES_GRPC_TIMESCALES_SERVICE_H_

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "keeper/v1/timescales_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class TimescalesService final : public PooledService<v1::TimescalesService> {
 public:
  // All must outlive the service.
  TimescalesService(const eventstore::EventStore& store,
                    const projections::ProjectionEngine& engine,
                    AccessGate& gate, HandlerPool& pool);

 private:
  absl::StatusOr<v1::CaseTimescalesPage> HandleGetCaseTimescales(
      grpc::ServerContextBase& context,
      const v1::GetCaseTimescalesRequest& request);
  absl::StatusOr<v1::TimescaleSummary> HandleSummariseTimescales(
      grpc::ServerContextBase& context,
      const v1::SummariseTimescalesRequest& request);

  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_TIMESCALES_SERVICE_H_
