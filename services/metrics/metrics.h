// keeperd's Prometheus metrics, served over HTTP on their own address.
//
// The event store, the projection engine and the access gate know nothing
// of Prometheus: they report through callbacks (EventStore::Options::
// on_commit, AccessGate::SetObserver) and plain accessors, read here at
// scrape time. RPCs are counted by a gRPC server interceptor.
#ifndef KEEPER_SERVICES_METRICS_METRICS_H_
#define KEEPER_SERVICES_METRICS_METRICS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "grpcpp/support/server_interceptor.h"
#include "keeper/v1/access.pb.h"
#include "projections/engine.h"
#include "services/metrics/freshness.h"

namespace prometheus {
class Exposer;
class Registry;
}  // namespace prometheus

namespace keeper::services {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Serves GET /metrics on `address` (HOST:PORT; port 0 picks one).
  absl::Status Serve(const std::string& address);
  int port() const;  // 0 when not serving

  // Thread-safe observers.
  void OnCommit(const eventstore::CommitInfo& commit);
  // Every projection has applied `position` (ProjectionEngine::Options::
  // on_applied): observes how long after their commit the events became
  // readable.
  void OnApplied(uint64_t position);
  void OnAccess(const v1::AccessRecord& record);
  void OnRpc(const std::string& method, grpc::StatusCode code,
             absl::Duration latency);

  // Gauges read at each scrape: projection lag, checkpoint age, RocksDB
  // memory and free disk. All must outlive this object.
  void Watch(const eventstore::EventStore* store,
             const projections::ProjectionEngine* engine,
             const eventstore::CheckpointPublisher* publisher,
             const std::string& data_dir);

  // For ServerBuilder::experimental().SetInterceptorCreators.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  InterceptorFactory();

  struct Families;
  class StateCollector;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
  Freshness freshness_;
  std::shared_ptr<StateCollector> state_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

// The canonical name of a status code, e.g. "PERMISSION_DENIED".
const char* StatusCodeName(int code);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_METRICS_METRICS_H_
