// keeperd: the Keeper server.
//
//   keeperd --data_dir DIR --listen HOST:PORT
//
// Serves gRPC with mutual TLS using <data_dir>/tls/{ca.pem,server.pem,
// server.key} (tools/dev_certs.sh makes a development set). Stops cleanly on
// SIGINT or SIGTERM.
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "common/data_dir.h"
#include "common/storage_budget.h"
#include "domain/case_commands.h"
#include "domain/policy/policy.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "projections/engine.h"
#include "projections/registry.h"
#include "services/access/access_gate.h"
#include "services/grpc/audit_service.h"
#include "services/grpc/case_service.h"
#include "services/grpc/events_service.h"
#include "services/grpc/proof_service.h"
#include "services/grpc/register_service.h"
#include "services/grpc/review_service.h"
#include "services/grpc/server.h"

ABSL_FLAG(std::string, data_dir, "data", "the data directory");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "address to listen on; port 0 picks a free port");
ABSL_FLAG(std::string, tls_dir, "",
          "CA, server certificate and key; default <data_dir>/tls");
ABSL_FLAG(std::string, access_policy, KEEPER_DEFAULT_ACCESS_POLICY,
          "the access policy (JSON)");
ABSL_FLAG(std::string, policy_dir, "",
          "the authorities' policy files; default: the shipped ones");
ABSL_FLAG(std::string, log_origin, "keeper.local/register",
          "the origin line of signed checkpoints; fixed when the signing "
          "key is made on first run");
ABSL_FLAG(absl::Duration, checkpoint_interval, absl::Seconds(1),
          "how long the log may grow before a new checkpoint is signed");
ABSL_FLAG(int, handler_threads, 64,
          "threads that run calls; concurrent writers share one disk sync");
ABSL_FLAG(int, memtable_budget_mb, 64,
          "memtable memory of the event store and projections together");
ABSL_FLAG(int, block_cache_mb, 64,
          "block cache of the event store and projections together");
ABSL_FLAG(int, min_free_disk_mb, 64,
          "appends are refused while the data disk has less free space");
ABSL_FLAG(std::string, port_file, "",
          "if set, the listening port is written here once serving");

namespace {

int Fail(const absl::Status& status) {
  std::cerr << "keeperd: " << status << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace keeper;
  absl::SetProgramUsageMessage("keeperd --data_dir DIR --listen HOST:PORT");
  absl::ParseCommandLine(argc, argv);
  // Debian's abseil checks every Mutex acquisition for lock-order cycles
  // through one global graph: a lock shared by every handler thread.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  std::string tls_dir = absl::GetFlag(FLAGS_tls_dir);
  if (tls_dir.empty()) tls_dir = TlsDir(data_dir);

  auto tls = services::LoadTlsFiles(tls_dir);
  if (!tls.ok()) return Fail(tls.status());
  auto policy = services::LoadAccessPolicy(absl::GetFlag(FLAGS_access_policy));
  if (!policy.ok()) return Fail(policy.status());

  const StorageBudget budget = StorageBudget::Make(
      static_cast<size_t>(absl::GetFlag(FLAGS_memtable_budget_mb)) << 20,
      static_cast<size_t>(absl::GetFlag(FLAGS_block_cache_mb)) << 20);
  eventstore::EventStore::Options store_options;
  store_options.data_dir = EventsDir(data_dir);
  store_options.budget = budget;
  store_options.min_free_disk_bytes =
      static_cast<uint64_t>(absl::GetFlag(FLAGS_min_free_disk_mb)) << 20;
  auto store = eventstore::EventStore::Open(store_options);
  if (!store.ok()) return Fail(store.status());

  auto identity = eventstore::LoadOrCreateSigningKey(
      KeysDir(data_dir), absl::GetFlag(FLAGS_log_origin));
  if (!identity.ok()) return Fail(identity.status());
  const std::string verifier_key =
      eventstore::FormatVerifierKey(identity->verifier);
  auto publisher = eventstore::CheckpointPublisher::Start(
      **store, *std::move(identity),
      {.interval = absl::GetFlag(FLAGS_checkpoint_interval)});
  if (!publisher.ok()) return Fail(publisher.status());

  std::string policy_dir = absl::GetFlag(FLAGS_policy_dir);
  if (policy_dir.empty()) policy_dir = domain::DefaultPolicyDirectory();
  auto policies = domain::PolicyRegistry::LoadDirectory(policy_dir);
  if (!policies.ok()) return Fail(policies.status());

  auto engine = projections::ProjectionEngine::Open(
      {.dir = ProjectionsDir(data_dir), .budget = budget}, **store,
      projections::AllProjections(*policies));
  if (!engine.ok()) return Fail(engine.status());
  if (absl::Status started = (*engine)->Start(); !started.ok()) {
    return Fail(started);
  }
  domain::CaseCommands commands(store->get(), &*policies);

  services::AccessGate gate(*std::move(policy), **store);
  // Declared before the services and the server, so it outlives every call.
  const int handler_threads = absl::GetFlag(FLAGS_handler_threads);
  if (handler_threads < 1) {
    return Fail(absl::InvalidArgumentError("--handler_threads must be >= 1"));
  }
  services::HandlerPool handlers(handler_threads);
  services::EventsService events(**store, **engine, gate);
  services::AuditService audit(**store, **engine, gate, handlers);
  services::CaseService cases(commands, **store, **engine, gate, handlers);
  services::RegisterService register_service(**store, **engine, gate, handlers);
  services::ReviewService review(**store, **engine, gate, handlers);
  services::ProofService proofs(**store, **publisher, gate, handlers);

  // The policy must classify every method served before any is.
  auto served = services::BuiltInServices();
  if (!served.ok()) return Fail(served.status());
  for (const auto* service :
       {&events.descriptor(), &audit.descriptor(), &cases.descriptor(),
        &register_service.descriptor(), &review.descriptor(),
        &proofs.descriptor()}) {
    served->push_back(service);
  }
  if (absl::Status classified = services::CheckMethodsClassified(
          gate.policy(), services::MethodNames(*served));
      !classified.ok()) {
    return Fail(classified);
  }

  services::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.tls = *std::move(tls);
  auto server = services::KeeperServer::Start(
      options, {&events, &audit, &cases, &register_service, &review, &proofs});
  if (!server.ok()) return Fail(server.status());

  const std::string host =
      options.listen_address.substr(0, options.listen_address.rfind(':'));
  std::cout << "keeperd serving on " << host << ":" << (*server)->port()
            << " (mutual TLS)\n"
            << "  data:   " << data_dir << "\n"
            << "  CA:     " << tls_dir << "/ca.pem\n"
            << "  client certificates, one per role: " << tls_dir
            << "/<role>.pem and .key\n"
            << "  health: grpc.health.v1.Health/Check; reflection is on\n"
            << "  checkpoints are signed by: " << verifier_key << "\n"
            << std::flush;
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file);
      !port_file.empty()) {
    FILE* file = std::fopen(port_file.c_str(), "w");
    if (file == nullptr) return Fail(absl::InternalError("cannot write port"));
    std::fprintf(file, "%d\n", (*server)->port());
    std::fclose(file);
  }

  std::thread stopper([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cout << "keeperd: stopping on signal " << signal_number << "\n"
              << std::flush;
    (*server)->Shutdown();
  });
  (*server)->Wait();
  stopper.join();
  return 0;
}
