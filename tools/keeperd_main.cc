// keeperd: the Keeper server.
//
//   keeperd --data_dir DIR --listen HOST:PORT
//   keeperd --flagfile /etc/keeper/keeperd.flags   (tools/keeperd.flags)
//
// Serves gRPC with mutual TLS using <data_dir>/tls/{ca.pem,server.pem,
// server.key} (tools/dev_certs.sh makes a development set). On start it
// checks the log against its latest signed checkpoint; if the log
// contradicts it, keeperd serves reads but refuses writes. On SIGINT or
// SIGTERM it ends event feeds, drains calls in flight, closes the store and
// exits 0.
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/data_dir.h"
#include "common/log.h"
#include "common/storage_budget.h"
#include "common/version.h"
#include "domain/case_commands.h"
#include "domain/policy/policy.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "projections/engine.h"
#include "projections/registry.h"
#include "services/access/access_gate.h"
#include "services/admin/backup.h"
#include "services/console/console_server.h"
#include "services/console/report_service.h"
#include "services/grpc/audit_service.h"
#include "services/grpc/case_service.h"
#include "services/grpc/events_service.h"
#include "services/grpc/notification_service.h"
#include "services/grpc/proof_service.h"
#include "services/grpc/rectification_service.h"
#include "services/grpc/register_service.h"
#include "services/grpc/retention_service.h"
#include "services/grpc/returns_service.h"
#include "services/grpc/review_service.h"
#include "services/grpc/server.h"
#include "services/grpc/subject_access_service.h"
#include "services/grpc/timescales_service.h"
#include "services/metrics/library_logs.h"
#include "services/metrics/metrics.h"

ABSL_FLAG(std::string, data_dir, "data", "the data directory");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "address to listen on; port 0 picks a free port");
ABSL_FLAG(std::string, tls_dir, "",
          "CA, server certificate and key; default <data_dir>/tls");
ABSL_FLAG(std::string, crl_dir, "",
          "certificate revocation lists (hashed names, as `openssl rehash` "
          "makes), read at every handshake; default <tls_dir>/crl if it "
          "exists, else none are checked");
ABSL_FLAG(absl::Duration, max_connection_age, absl::Minutes(15),
          "connections are closed after this age, so a revoked certificate's "
          "old connections end; clients reconnect by themselves");
ABSL_FLAG(std::string, access_policy, "",
          "the access policy (JSON); default: the shipped one");
ABSL_FLAG(std::string, policy_dir, "",
          "the authorities' policy files; default: the shipped ones");
ABSL_FLAG(std::string, log_origin, "keeper.local/register",
          "the origin line of signed checkpoints; fixed when the signing "
          "key is made on first run");
ABSL_FLAG(absl::Duration, checkpoint_interval, absl::Seconds(1),
          "how long the log may grow before a new checkpoint is signed");
ABSL_FLAG(int, handler_threads, 64,
          "threads that run calls; concurrent writers share one disk sync");
ABSL_FLAG(int, max_waiting_calls, 4096,
          "calls that may wait for a handler thread; beyond, a call is "
          "refused UNAVAILABLE (SERVER_OVERLOADED) without running");
ABSL_FLAG(std::string, admin_socket, "",
          "Unix socket for `keeper backup`; default <data_dir>/admin.sock");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9464",
          "HTTP address of the Prometheus metrics (GET /metrics); empty: off");
ABSL_FLAG(std::string, console_listen, "",
          "HTTPS address of the web console (client certificates from the "
          "same CA); port 0 picks a free port; empty: off");
ABSL_FLAG(std::string, log_level, "info",
          "the least severe log lines written: debug, info, warning, error");
ABSL_FLAG(int, memtable_budget_mb, keeper::kDefaultMemtableBudgetMb,
          "memtable memory of the event store and projections together");
ABSL_FLAG(int, block_cache_mb, keeper::kDefaultBlockCacheMb,
          "block cache of the event store and projections together");
ABSL_FLAG(int, min_free_disk_mb, 64,
          "appends are refused while the data disk has less free space");
ABSL_FLAG(std::string, port_file, "",
          "if set, the listening port is written here once serving");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(5),
          "on SIGTERM, how long calls in flight may take to finish before "
          "they are cancelled");
ABSL_FLAG(absl::Duration, feed_stall_timeout, absl::Seconds(30),
          "a feed whose client takes no event for this long ends with "
          "RESOURCE_EXHAUSTED and where to resume");

namespace {

int Fail(const absl::Status& status) {
  keeper::LogError("keeperd failed", {{"error", status.ToString()}});
  return 1;
}

// Serves until a stop signal; every resource is released when it returns.
int Serve(const sigset_t& stop_signals, bool& served) {
  using namespace keeper;
  // Declared before everything it observes, so it outlives them.
  services::Metrics metrics;

  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  std::string tls_dir = absl::GetFlag(FLAGS_tls_dir);
  if (tls_dir.empty()) tls_dir = TlsDir(data_dir);

  auto tls = services::LoadTlsFiles(tls_dir);
  if (!tls.ok()) {
    return Fail(
        absl::Status(tls.status().code(),
                     absl::StrCat(tls.status().message(),
                                  "; make development certificates with "
                                  "tools/dev_certs.sh ",
                                  tls_dir, ", or give --tls_dir")));
  }
  std::string policy_path = absl::GetFlag(FLAGS_access_policy);
  if (policy_path.empty()) policy_path = services::DefaultAccessPolicyPath();
  auto policy = services::LoadAccessPolicy(policy_path);
  if (!policy.ok()) return Fail(policy.status());

  const StorageBudget budget = StorageBudget::Make(
      static_cast<size_t>(absl::GetFlag(FLAGS_memtable_budget_mb)) << 20,
      static_cast<size_t>(absl::GetFlag(FLAGS_block_cache_mb)) << 20);
  eventstore::EventStore::Options store_options;
  store_options.data_dir = EventsDir(data_dir);
  store_options.on_commit = [&metrics](const eventstore::CommitInfo& commit) {
    metrics.OnCommit(commit);
  };
  store_options.budget = budget;
  store_options.min_free_disk_bytes =
      static_cast<uint64_t>(absl::GetFlag(FLAGS_min_free_disk_mb)) << 20;
  auto store = eventstore::EventStore::Open(store_options);
  if (absl::IsUnavailable(store.status())) {  // RocksDB's lock is held
    return Fail(absl::UnavailableError(
        absl::StrCat(store.status().message(), "; is another keeperd serving ",
                     data_dir, "? Stop it, or give another --data_dir")));
  }
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
  // A log that contradicts what it signed must not grow on top of it; it is
  // still served for reads, so the damage can be examined.
  const absl::Status integrity = (*publisher)->integrity();
  if (!integrity.ok()) {
    LogError(
        "start-up integrity check FAILED: refusing writes; reads and "
        "`keeper verify` still work",
        {{"error", std::string(integrity.message())}});
  }

  std::string policy_dir = absl::GetFlag(FLAGS_policy_dir);
  if (policy_dir.empty()) policy_dir = domain::DefaultPolicyDirectory();
  auto policies = domain::PolicyRegistry::LoadDirectory(policy_dir);
  if (!policies.ok()) return Fail(policies.status());

  auto engine = projections::ProjectionEngine::Open(
      {.dir = ProjectionsDir(data_dir),
       .budget = budget,
       .on_applied =
           [&metrics](uint64_t position) { metrics.OnApplied(position); }},
      **store, projections::AllProjections(*policies));
  if (!engine.ok()) return Fail(engine.status());
  if (absl::Status started = (*engine)->Start(); !started.ok()) {
    return Fail(started);
  }
  domain::CaseCommands commands(store->get(), &*policies,
                                {.writes_refused = integrity});
  domain::HoldCommands holds(store->get(), &*policies, &commands,
                             {.writes_refused = integrity});

  services::AccessGate gate(*std::move(policy), **store);
  gate.SetObserver(
      [&metrics](const v1::AccessRecord& record) { metrics.OnAccess(record); });
  // Declared before the services and the server, so it outlives every call.
  const int handler_threads = absl::GetFlag(FLAGS_handler_threads);
  if (handler_threads < 1) {
    return Fail(absl::InvalidArgumentError("--handler_threads must be >= 1"));
  }
  const int max_waiting_calls = absl::GetFlag(FLAGS_max_waiting_calls);
  if (max_waiting_calls < 1) {
    return Fail(absl::InvalidArgumentError("--max_waiting_calls must be >= 1"));
  }
  services::HandlerPool handlers(
      {.threads = handler_threads,
       .max_waiting = static_cast<size_t>(max_waiting_calls)});
  services::EventsService events(
      **store, **engine, gate,
      {.stall_timeout = absl::GetFlag(FLAGS_feed_stall_timeout)});
  services::AuditService audit(**store, **engine, gate, handlers);
  services::CaseService cases(commands, **store, **engine, gate, handlers);
  services::RegisterService register_service(**store, **engine, gate, handlers,
                                             *policies);
  services::Acknowledger acknowledger(**store, **engine, gate);
  services::NotificationService notifications(acknowledger, gate, handlers);
  services::ReviewService review(**store, **engine, gate, handlers);
  services::TimescalesService timescales(**store, **engine, gate, handlers);
  services::ReturnsService returns(**store, **engine, gate, handlers);
  services::ProofService proofs(**store, **publisher, gate, handlers);
  services::SubjectAccessService subject_access(commands, **store, **publisher,
                                                gate, handlers);
  const services::console::Sources pages{.store = store->get(),
                                         .engine = engine->get(),
                                         .gate = &gate,
                                         .publisher = publisher->get()};
  services::console::ReportService reports(pages, handlers);
  services::RetentionService retention(holds, **store, **engine, *policies,
                                       gate, handlers);
  services::RectificationService rectification(commands, **store, **engine,
                                               gate, handlers);

  // The policy must classify every method served before any is.
  auto descriptors = services::BuiltInServices();
  if (!descriptors.ok()) return Fail(descriptors.status());
  for (const auto* service :
       {&events.descriptor(), &audit.descriptor(), &cases.descriptor(),
        &register_service.descriptor(), &review.descriptor(),
        &timescales.descriptor(), &returns.descriptor(), &proofs.descriptor(),
        &notifications.descriptor(), &subject_access.descriptor(),
        &reports.descriptor(), &retention.descriptor(),
        &rectification.descriptor()}) {
    descriptors->push_back(service);
  }
  if (absl::Status classified = services::CheckMethodsClassified(
          gate.policy(), services::MethodNames(*descriptors));
      !classified.ok()) {
    return Fail(classified);
  }

  services::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.tls = *std::move(tls);
  options.crl_dir = absl::GetFlag(FLAGS_crl_dir);
  if (options.crl_dir.empty() &&
      std::filesystem::is_directory(tls_dir + "/crl")) {
    options.crl_dir = tls_dir + "/crl";
  }
  options.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  options.writes_refused = integrity;
  options.interceptors = [&metrics] {
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(metrics.InterceptorFactory());
    return interceptors;
  };
  auto server = services::KeeperServer::Start(
      options,
      {{&events, v1::EventsService::service_full_name()},
       {&audit, v1::AuditService::service_full_name()},
       {&cases, v1::CaseService::service_full_name(), /*writes=*/true},
       {&register_service, v1::RegisterService::service_full_name()},
       {&notifications, v1::NotificationService::service_full_name(),
        /*writes=*/true},
       {&review, v1::ReviewService::service_full_name()},
       {&timescales, v1::TimescalesService::service_full_name()},
       {&returns, v1::ReturnsService::service_full_name()},
       {&subject_access, v1::SubjectAccessService::service_full_name()},
       {&retention, v1::RetentionService::service_full_name(),
        /*writes=*/true},
       {&rectification, v1::RectificationService::service_full_name(),
        /*writes=*/true},
       {&proofs, v1::ProofService::service_full_name()},
       {&reports, v1::ReportService::service_full_name()}});
  if (!server.ok()) return Fail(server.status());
  std::string admin_socket = absl::GetFlag(FLAGS_admin_socket);
  if (admin_socket.empty()) admin_socket = data_dir + "/admin.sock";
  services::AdminService admin(**store, KeysDir(data_dir));
  auto admin_server = services::StartAdminServer(admin_socket, &admin);
  if (!admin_server.ok()) return Fail(admin_server.status());
  metrics.Watch(store->get(), engine->get(), publisher->get(), data_dir);
  if (const std::string address = absl::GetFlag(FLAGS_metrics_listen);
      !address.empty()) {
    if (absl::Status serving = metrics.Serve(address); !serving.ok()) {
      return Fail(serving);
    }
  }

  std::unique_ptr<services::console::ConsoleServer> console;
  if (const std::string address = absl::GetFlag(FLAGS_console_listen);
      !address.empty()) {
    if (absl::Status classified = services::CheckMethodsClassified(
            gate.policy(), services::console::ConsoleMethods());
        !classified.ok()) {
      return Fail(classified);
    }
    auto started = services::console::ConsoleServer::Start(
        {.listen_address = address, .tls_dir = tls_dir}, pages);
    if (!started.ok()) return Fail(started.status());
    console = *std::move(started);
  }

  const std::string host =
      options.listen_address.substr(0, options.listen_address.rfind(':'));
  std::cout << "keeperd serving on " << host << ":" << (*server)->port()
            << " (mutual TLS)\n"
            << "  data:   " << data_dir << "\n"
            << "  CA:     " << tls_dir << "/ca.pem\n"
            << "  CRLs:   "
            << (options.crl_dir.empty() ? "none (revocation is not checked)"
                                        : options.crl_dir)
            << "\n"
            << "  client certificates, one per role: " << tls_dir
            << "/<role>.pem and .key\n"
            << "  health: grpc.health.v1.Health/Check; reflection is on\n"
            << "  checkpoints are signed by: " << verifier_key << "\n"
            << std::flush;
  if (console != nullptr) {
    const std::string address = absl::GetFlag(FLAGS_console_listen);
    std::cout << "  console: https://" << address.substr(0, address.rfind(':'))
              << ":" << console->port() << "/ (import a role's .p12 from "
              << tls_dir << ")\n"
              << std::flush;
  }
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file);
      !port_file.empty()) {
    FILE* file = std::fopen(port_file.c_str(), "w");
    if (file == nullptr) return Fail(absl::InternalError("cannot write port"));
    std::fprintf(file, "%d\n", (*server)->port());
    std::fclose(file);
  }

  const std::string metrics_host =
      absl::GetFlag(FLAGS_metrics_listen)
          .substr(0, absl::GetFlag(FLAGS_metrics_listen).rfind(':'));
  LogInfo("keeperd started",
          {{"listen", absl::StrCat(host, ":", (*server)->port())},
           {"data_dir", data_dir},
           {"admin_socket", admin_socket},
           {"metrics", metrics.port() == 0
                           ? ""
                           : absl::StrCat(metrics_host, ":", metrics.port())},
           {"verifier_key", verifier_key}});
  served = true;

  std::thread stopper([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    LogInfo("keeperd stopping", {{"signal", signal_number}});
    std::cout << "keeperd: stopping on signal " << signal_number << "\n"
              << std::flush;
    // Feeds never finish by themselves: end them first, so the drain waits
    // only for calls that will.
    events.StopFeeds();
    (*admin_server)->Shutdown();
    if (console != nullptr) console->Shutdown();
    (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
  });
  (*server)->Wait();
  stopper.join();
  server->reset();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "keeperd --data_dir DIR --listen HOST:PORT, or keeperd --flagfile FILE");
  absl::FlagsUsageConfig usage;
  usage.version_string = [] { return keeper::VersionLine("keeperd") + "\n"; };
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);
  // Debian's abseil checks every Mutex acquisition for lock-order cycles
  // through one global graph: a lock shared by every handler thread.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  keeper::LogLevel log_level = keeper::LogLevel::kInfo;
  if (!keeper::ParseLogLevel(absl::GetFlag(FLAGS_log_level), &log_level)) {
    return Fail(absl::InvalidArgumentError(
        "--log_level must be debug, info, warning or error"));
  }
  keeper::SetLogLevel(log_level);
  keeper::services::RouteLibraryLogs();

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  bool served = false;
  const int code = Serve(stop_signals, served);
  // Serve has closed the store: every acknowledged write is on disk.
  if (served) {
    keeper::LogInfo("keeperd stopped", {{"store", "closed"}});
    std::cout << "keeperd: stopped; the store is closed\n";
  }
  return code;
}
