#include "services/metrics/metrics.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "grpcpp/server_context.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace keeper::services {

const char* StatusCodeName(int code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  return code >= 0 && code < 17 ? kNames[code] : "UNKNOWN";
}

namespace {

using prometheus::Histogram;

// 1 ms to about 16 s.
Histogram::BucketBoundaries LatencyBuckets() {
  Histogram::BucketBoundaries buckets;
  for (double bound = 0.001; bound < 20; bound *= 2) buckets.push_back(bound);
  return buckets;
}

// 0.25 ms to about 2 s.
Histogram::BucketBoundaries FreshnessBuckets() {
  Histogram::BucketBoundaries buckets;
  for (double bound = 0.00025; bound < 3; bound *= 2) buckets.push_back(bound);
  return buckets;
}

double Seconds(absl::Time time) {
  return absl::ToDoubleSeconds(absl::Now() - time);
}

absl::Time RecordedTime(const eventstore::EventEnvelope& event) {
  return absl::FromUnixSeconds(event.recorded_time().seconds()) +
         absl::Nanoseconds(event.recorded_time().nanos());
}

}  // namespace

struct Metrics::Families {
  explicit Families(prometheus::Registry& registry)
      : appends(prometheus::BuildCounter()
                    .Name("keeper_appends_total")
                    .Help("Appends acknowledged (written, not deduplicated)")
                    .Register(registry)
                    .Add({})),
        events(prometheus::BuildCounter()
                   .Name("keeper_events_total")
                   .Help("Events made durable")
                   .Register(registry)
                   .Add({})),
        commit_failures(prometheus::BuildCounter()
                            .Name("keeper_commit_failures_total")
                            .Help("Group writes that failed")
                            .Register(registry)
                            .Add({})),
        group_size(prometheus::BuildHistogram()
                       .Name("keeper_commit_group_events")
                       .Help("Events per group commit (one WAL sync)")
                       .Register(registry)
                       .Add({}, Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32,
                                                            64, 128, 256, 512,
                                                            1024, 4096})),
        wal_sync(prometheus::BuildHistogram()
                     .Name("keeper_wal_sync_seconds")
                     .Help("A group commit's WAL write and sync")
                     .Register(registry)
                     .Add({}, LatencyBuckets())),
        freshness(
            prometheus::BuildHistogram()
                .Name("keeper_projection_freshness_seconds")
                .Help("From a group commit to its events being readable in "
                      "every projection")
                .Register(registry)
                .Add({}, FreshnessBuckets())),
        rpcs(prometheus::BuildCounter()
                 .Name("keeper_rpcs_total")
                 .Help("RPCs finished, by method and status code")
                 .Register(registry)),
        rpc_latency(prometheus::BuildHistogram()
                        .Name("keeper_rpc_duration_seconds")
                        .Help("RPC latency, by method")
                        .Register(registry)),
        access(prometheus::BuildCounter()
                   .Name("keeper_access_events_total")
                   .Help("Access records written, by outcome")
                   .Register(registry)),
        refusals(prometheus::BuildCounter()
                     .Name("keeper_access_refusals_total")
                     .Help("Refused calls, by reason (the status code)")
                     .Register(registry)) {}

  prometheus::Counter& appends;
  prometheus::Counter& events;
  prometheus::Counter& commit_failures;
  prometheus::Histogram& group_size;
  prometheus::Histogram& wal_sync;
  prometheus::Histogram& freshness;
  prometheus::Family<prometheus::Counter>& rpcs;
  prometheus::Family<Histogram>& rpc_latency;
  prometheus::Family<prometheus::Counter>& access;
  prometheus::Family<prometheus::Counter>& refusals;
};

// Gauges whose values are read from the store and engine when scraped.
class Metrics::StateCollector : public prometheus::Collectable {
 public:
  StateCollector()
      : registry_(std::make_shared<prometheus::Registry>()),
        head_(prometheus::BuildGauge()
                  .Name("keeper_head_position")
                  .Help("The position of the last committed event")
                  .Register(*registry_)
                  .Add({})),
        lag_events_(prometheus::BuildGauge()
                        .Name("keeper_projection_lag_events")
                        .Help("Events committed but not yet applied")
                        .Register(*registry_)),
        lag_seconds_(
            prometheus::BuildGauge()
                .Name("keeper_projection_lag_seconds")
                .Help("Age of the oldest event not yet applied; 0 if none")
                .Register(*registry_)),
        checkpoint_events_(
            prometheus::BuildGauge()
                .Name("keeper_checkpoint_lag_events")
                .Help("Events not covered by the latest signed checkpoint")
                .Register(*registry_)
                .Add({})),
        checkpoint_age_(prometheus::BuildGauge()
                            .Name("keeper_checkpoint_age_seconds")
                            .Help("Age of the oldest event not covered by the "
                                  "latest signed checkpoint; 0 if none")
                            .Register(*registry_)
                            .Add({})),
        memory_(prometheus::BuildGauge()
                    .Name("keeper_rocksdb_memory_bytes")
                    .Help("The event store's RocksDB memory, by kind")
                    .Register(*registry_)),
        free_disk_(prometheus::BuildGauge()
                       .Name("keeper_disk_free_bytes")
                       .Help("Space available to keeperd in the data directory")
                       .Register(*registry_)
                       .Add({})) {}

  void Watch(const eventstore::EventStore* store,
             const projections::ProjectionEngine* engine,
             const eventstore::CheckpointPublisher* publisher,
             const std::string& data_dir) {
    absl::MutexLock lock(&mu_);
    store_ = store;
    engine_ = engine;
    publisher_ = publisher;
    data_dir_ = data_dir;
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    absl::MutexLock lock(&mu_);
    if (store_ != nullptr) Refresh();
    return registry_->Collect();
  }

 private:
  // The age of the event after `position`, 0 when there is none.
  double AgeAfter(uint64_t position, uint64_t head) const {
    if (position >= head) return 0;
    auto event = store_->ReadPosition(position + 1);
    return event.ok() ? Seconds(RecordedTime(*event)) : 0;
  }

  void Refresh() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const uint64_t head = store_->GetHead().position;
    head_.Set(static_cast<double>(head));
    if (engine_ != nullptr) {
      for (const std::string& name : engine_->names()) {
        auto applied = engine_->checkpoint(name);
        if (!applied.ok()) continue;
        const uint64_t behind = head > *applied ? head - *applied : 0;
        lag_events_.Add({{"projection", name}})
            .Set(static_cast<double>(behind));
        lag_seconds_.Add({{"projection", name}}).Set(AgeAfter(*applied, head));
      }
    }
    if (publisher_ != nullptr) {
      auto latest = publisher_->Latest();
      const uint64_t signed_size = latest.ok() ? latest->tree_size : 0;
      checkpoint_events_.Set(
          static_cast<double>(head > signed_size ? head - signed_size : 0));
      checkpoint_age_.Set(AgeAfter(signed_size, head));
    }
    const eventstore::MemoryStats memory = store_->GetMemoryStats();
    memory_.Add({{"kind", "memtables"}})
        .Set(static_cast<double>(memory.memtable_bytes));
    memory_.Add({{"kind", "block_cache"}})
        .Set(static_cast<double>(memory.block_cache_bytes));
    memory_.Add({{"kind", "block_cache_capacity"}})
        .Set(static_cast<double>(memory.block_cache_capacity));
    std::error_code error;
    const auto space = std::filesystem::space(data_dir_, error);
    if (!error) free_disk_.Set(static_cast<double>(space.available));
  }

  mutable absl::Mutex mu_;
  const eventstore::EventStore* store_ ABSL_GUARDED_BY(mu_) = nullptr;
  const projections::ProjectionEngine* engine_ ABSL_GUARDED_BY(mu_) = nullptr;
  const eventstore::CheckpointPublisher* publisher_ ABSL_GUARDED_BY(mu_) =
      nullptr;
  std::string data_dir_ ABSL_GUARDED_BY(mu_);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Gauge& head_;
  prometheus::Family<prometheus::Gauge>& lag_events_;
  prometheus::Family<prometheus::Gauge>& lag_seconds_;
  prometheus::Gauge& checkpoint_events_;
  prometheus::Gauge& checkpoint_age_;
  prometheus::Family<prometheus::Gauge>& memory_;
  prometheus::Gauge& free_disk_;
};

namespace {

// Counts each call, times it, and logs every call that did not end OK.
class RpcInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcInterceptor(grpc::experimental::ServerRpcInfo* info, Metrics* metrics)
      : info_(info), metrics_(metrics), start_(absl::Now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const absl::Duration latency = absl::Now() - start_;
      metrics_->OnRpc(info_->method(), status.error_code(), latency);
      if (!status.ok()) LogFailure(status, latency);
    }
    methods->Proceed();
  }

 private:
  void LogFailure(const grpc::Status& status, absl::Duration latency) {
    // The server's own faults are errors; a caller's mistakes and refusals
    // are warnings.
    const grpc::StatusCode code = status.error_code();
    const bool fault = code == grpc::StatusCode::INTERNAL ||
                       code == grpc::StatusCode::UNKNOWN ||
                       code == grpc::StatusCode::DATA_LOSS ||
                       code == grpc::StatusCode::UNAVAILABLE;
    nlohmann::json fields{{"method", info_->method()},
                          {"code", StatusCodeName(code)},
                          {"error", status.error_message()},
                          {"ms", absl::ToDoubleMilliseconds(latency)}};
    if (info_->server_context() != nullptr) {
      fields["peer"] = info_->server_context()->peer();
    }
    Log(fault ? LogLevel::kError : LogLevel::kWarning, "rpc failed",
        std::move(fields));
  }

  grpc::experimental::ServerRpcInfo* info_;
  Metrics* metrics_;
  absl::Time start_;
};

class RpcInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcInterceptorFactory(Metrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcInterceptor(info, metrics_);
  }

 private:
  Metrics* metrics_;
};

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)),
      state_(std::make_shared<StateCollector>()) {}

Metrics::~Metrics() = default;

absl::Status Metrics::Serve(const std::string& address) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address, 1);
  } catch (const std::exception& error) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", error.what()));
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(state_);
  return absl::OkStatus();
}

int Metrics::port() const {
  if (exposer_ == nullptr) return 0;
  const std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Metrics::OnCommit(const eventstore::CommitInfo& commit) {
  if (!commit.ok) {
    families_->commit_failures.Increment();
    return;
  }
  families_->appends.Increment(static_cast<double>(commit.appends));
  families_->events.Increment(static_cast<double>(commit.events));
  families_->group_size.Observe(static_cast<double>(commit.events));
  families_->wal_sync.Observe(absl::ToDoubleSeconds(commit.write_time));
  if (commit.events > 0) freshness_.Committed(commit.head, absl::Now());
}

void Metrics::OnApplied(uint64_t position) {
  for (absl::Duration lag : freshness_.Applied(position, absl::Now())) {
    families_->freshness.Observe(absl::ToDoubleSeconds(lag));
  }
}

void Metrics::OnAccess(const v1::AccessRecord& record) {
  const bool refused = record.outcome() == v1::ACCESS_REFUSED;
  families_->access.Add({{"outcome", refused ? "refused" : "granted"}})
      .Increment();
  if (refused) {
    families_->refusals.Add({{"reason", StatusCodeName(record.status_code())}})
        .Increment();
  }
}

void Metrics::OnRpc(const std::string& method, grpc::StatusCode code,
                    absl::Duration latency) {
  families_->rpcs.Add({{"method", method}, {"code", StatusCodeName(code)}})
      .Increment();
  families_->rpc_latency.Add({{"method", method}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(latency));
}

void Metrics::Watch(const eventstore::EventStore* store,
                    const projections::ProjectionEngine* engine,
                    const eventstore::CheckpointPublisher* publisher,
                    const std::string& data_dir) {
  state_->Watch(store, engine, publisher, data_dir);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Metrics::InterceptorFactory() {
  return std::make_unique<RpcInterceptorFactory>(this);
}

}  // namespace keeper::services
