// keeper bench grpc: throughput and latency of a running keeperd, measured
// from outside through real mutual-TLS connections, one per client, with
// gRPC's callback API (closed loop: a client sends its next call when the
// last is answered). With --own_keeperd it starts a keeperd of its own on
// a temporary directory, without the per-caller quota that would refuse
// calls this fast from one certificate.
//
//   commands        OpenCase as a social worker: a domain command whose
//                   event is synced before the answer
//   no-op           the health check over the same mutual-TLS connections
//                   at the same concurrency: what gRPC and TLS cost alone
//   register checks CheckRegister by case id as a police officer: an
//                   audited read whose access event is synced first
//   fixed rate      register checks sent on a fixed schedule (open loop),
//                   latency from sending, and from the scheduled time so a
//                   server that falls behind is not hidden by the client
//                   waiting (that figure also counts the client's own
//                   delays in sending on a busy machine)
//   freshness       from each group commit to its events being readable in
//                   every projection, over the commands and checks, read
//                   from keeperd's own histogram (its metrics address)
//   PostgreSQL      the same number of clients inserting events of the
//                   commands' size into a private PostgreSQL 15 with
//                   synchronous_commit=on (bench_postgres.h), when installed
#include <atomic>
#include <future>
#include <iostream>
#include <optional>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/temp_dir.h"
#include "eventstore/uuid.h"
#include "grpcpp/generic/generic_stub.h"
#include "keeper/v1/case_service.grpc.pb.h"
#include "keeper/v1/register_service.grpc.pb.h"
#include "services/access/caller.h"
#include "tools/bench_client.h"
#include "tools/bench_commands.h"
#include "tools/bench_metrics.h"
#include "tools/bench_postgres.h"
#include "tools/bench_util.h"
#include "tools/client.h"
#include "tools/keeperd_child.h"

ABSL_FLAG(int, clients, 64, "bench grpc: concurrent clients");
ABSL_FLAG(double, seconds, 10, "bench grpc: length of each phase");
ABSL_FLAG(std::string, metrics, "127.0.0.1:9464",
          "bench grpc: keeperd's metrics address (HOST:PORT), read for the "
          "projection freshness under the run's load; empty: not read");
ABSL_FLAG(bool, own_keeperd, false,
          "bench grpc: start a keeperd (--keeperd) on a temporary data "
          "directory, with no per-caller quota, and measure it rather than "
          "--server; its metrics are read from it");
ABSL_DECLARE_FLAG(std::string, keeperd);
ABSL_FLAG(int, check_rate, 2000,
          "bench grpc: register checks per second in the fixed-rate phase");

namespace keeper::tools {

void AddMetadata(grpc::ClientContext& context) {
  context.AddMetadata(services::kPurposeHeader, "benchmark");
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
}

v1::OpenCase OpenCaseCommand(const std::string& case_id) {
  v1::OpenCase command;
  command.set_case_id(case_id);
  command.set_idempotency_key(eventstore::NewUuid());
  command.set_local_authority("fife");
  command.set_reason("benchmark");
  v1::ChildDetails* child = command.mutable_child();
  child->set_child_id("child-" + case_id);
  child->set_given_name("Bench");
  child->set_family_name("Child");
  child->mutable_date_of_birth()->set_year(2015);
  child->mutable_date_of_birth()->set_month(6);
  child->mutable_date_of_birth()->set_day(1);
  return command;
}

namespace {

// Collects failures from many threads; the first is kept to show.
class Errors {
 public:
  void Add(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    if (count_++ == 0) {
      first_ = absl::StrCat(status.error_code(), ": ", status.error_message());
    }
  }
  void Into(Outcome& outcome) {
    absl::MutexLock lock(&mu_);
    outcome.errors = count_;
    outcome.first_error = first_;
  }

 private:
  absl::Mutex mu_;
  int64_t count_ ABSL_GUARDED_BY(mu_) = 0;
  std::string first_ ABSL_GUARDED_BY(mu_);
};

constexpr char kHealthCheck[] = "/grpc.health.v1.Health/Check";

// One health check: the first call on a connection sets up its HTTP/2
// stream state and a server thread, which is not what is measured.
bool WarmUp(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<bool> done;
  grpc::GenericStub(channel).UnaryCall(
      &context, kHealthCheck, grpc::StubOptions(), &request, &response,
      [&](grpc::Status status) { done.set_value(status.ok()); });
  return done.get_future().get();
}

// The stored size of the event a command wrote, read back with GetCase.
absl::StatusOr<size_t> EventBytes(v1::CaseService::Stub& stub,
                                  const std::string& case_id) {
  grpc::ClientContext context;
  AddMetadata(context);
  v1::GetCaseRequest request;
  request.set_case_id(case_id);
  v1::CaseView view;
  const grpc::Status status = stub.GetCase(&context, request, &view);
  if (!status.ok() || view.history_size() == 0) {
    return absl::UnavailableError(absl::StrCat(
        "reading case ", case_id, " back: ", status.error_message()));
  }
  return view.history(0).ByteSizeLong();
}

}  // namespace

// Opens one connection per client as `who`, and waits until each is up and
// has answered once, so that handshakes are not measured.
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> Connect(
    const std::string& who, int clients) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < clients; ++i) {
    auto channel = ConnectAs(who, /*own_connection=*/true);
    if (!channel.ok()) return channel.status();
    if (!WarmUp(*channel)) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to ", absl::GetFlag(FLAGS_server)));
    }
    channels.push_back(*std::move(channel));
  }
  return channels;
}

namespace {

// Counts calls still running; Wait returns when none is.
class Running {
 public:
  explicit Running(int count) : count_(count) {}
  void Finish() {
    absl::MutexLock lock(&mu_);
    --count_;
  }
  void Wait() {
    absl::MutexLock lock(&mu_);
    auto none = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return count_ == 0; };
    mu_.Await(absl::Condition(&none));
  }

 private:
  absl::Mutex mu_;
  int64_t count_ ABSL_GUARDED_BY(mu_);
};

// Each client sends its next call as soon as the last is answered, until
// `duration` has passed. Calls run on gRPC's callback threads, so the
// client costs little of the CPU it shares with the server.
Outcome ClosedLoop(int clients, absl::Duration duration,
                   const StartCall& start_call) {
  struct Client {
    std::vector<double> latencies_us;
    int64_t next = 0;
    absl::Time sent;
  };
  // Each client's calls follow one another, so its fields need no lock.
  std::vector<Client> state(clients);
  Errors errors;
  Running running(clients);
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  std::function<void(int)> send = [&](int c) {
    state[c].sent = absl::Now();
    start_call(c, state[c].next++, [&, c](const grpc::Status& status) {
      const absl::Time now = absl::Now();
      if (status.ok()) {
        state[c].latencies_us.push_back(
            absl::ToDoubleMicroseconds(now - state[c].sent));
      } else {
        errors.Add(status);
      }
      if (now < end) {
        send(c);
      } else {
        running.Finish();
      }
    });
  };
  for (int c = 0; c < clients; ++c) send(c);
  running.Wait();
  std::vector<std::vector<double>> latencies;
  for (Client& client : state) latencies.push_back(client.latencies_us);
  Outcome outcome;
  outcome.run = Summarize(latencies, absl::Now() - start);
  errors.Into(outcome);
  return outcome;
}

}  // namespace

// Sends call i at start + i / rate, whether or not earlier calls have been
// answered, spreading them over `clients` connections.
Outcome FixedRate(int rate, int clients, absl::Duration duration,
                  const StartCall& start_call) {
  const int64_t total =
      static_cast<int64_t>(rate * absl::ToDoubleSeconds(duration));
  absl::Mutex mu;
  std::vector<std::vector<double>> from_sent(1), from_due(1);
  Errors errors;
  Running running(total);
  const absl::Time start = absl::Now() + absl::Milliseconds(10);
  for (int64_t i = 0; i < total; ++i) {
    const absl::Time due = start + absl::Seconds(1) * i / rate;
    absl::SleepFor(due - absl::Now());
    const absl::Time sent = absl::Now();
    start_call(
        static_cast<int>(i % clients), i,
        [&, due, sent](const grpc::Status& status) {
          const absl::Time now = absl::Now();
          if (status.ok()) {
            absl::MutexLock lock(&mu);
            from_sent[0].push_back(absl::ToDoubleMicroseconds(now - sent));
            from_due[0].push_back(absl::ToDoubleMicroseconds(now - due));
          } else {
            errors.Add(status);
          }
          running.Finish();
        });
  }
  running.Wait();
  Outcome outcome;
  absl::MutexLock lock(&mu);
  const absl::Duration elapsed = absl::Now() - start;
  outcome.run = Summarize(from_sent, elapsed);
  outcome.from_schedule = Summarize(from_due, elapsed);
  errors.Into(outcome);
  return outcome;
}

namespace {

void Report(const std::string& label, const Outcome& outcome,
            nlohmann::json& json) {
  if (absl::GetFlag(FLAGS_json)) {
    nlohmann::json entry = outcome.run.ToJson();
    entry["errors"] = outcome.errors;
    if (outcome.from_schedule.has_value()) {
      entry["from_schedule"] = outcome.from_schedule->ToJson();
    }
    json[label] = entry;
    return;
  }
  std::cout << outcome.run.Line(label);
  if (outcome.errors > 0) {
    std::cout << "  (" << outcome.errors
              << " failed; first: " << outcome.first_error << ")";
  }
  std::cout << "\n";
  if (outcome.from_schedule.has_value()) {
    std::cout << outcome.from_schedule->Line("  from schedule") << "\n";
  }
  std::cout << std::flush;
}

}  // namespace

int RunBenchGrpc(const Args&) {
  const int clients = absl::GetFlag(FLAGS_clients);
  const absl::Duration phase = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  const int rate = absl::GetFlag(FLAGS_check_rate);
  if (clients < 1 || phase <= absl::ZeroDuration() || rate < 1) {
    return Fail(absl::InvalidArgumentError(
        "--clients, --seconds and --check_rate must be positive"));
  }
  // A keeperd of its own, when asked: no quota refuses the calls, and
  // nothing else shares the server.
  std::optional<TempDir> own_dir;
  std::unique_ptr<KeeperdChild> own;
  std::string metrics = absl::GetFlag(FLAGS_metrics);
  if (absl::GetFlag(FLAGS_own_keeperd)) {
    own_dir.emplace("keeper-bench-grpc");
    auto policy = WritePolicyWithoutQuota(own_dir->path());
    if (!policy.ok()) return Fail(policy.status());
    auto started = StartOwnKeeperd(
        absl::GetFlag(FLAGS_keeperd), own_dir->path(),
        {"--metrics_listen=127.0.0.1:0", "--access_policy=" + *policy});
    if (!started.ok()) return Fail(started.status());
    own = *std::move(started);
    metrics = own->metrics_address();
  }
  auto writers = Connect("social-worker", clients);
  if (!writers.ok()) return Fail(writers.status());
  auto readers = Connect("police-officer", clients);
  if (!readers.ok()) return Fail(readers.status());
  std::vector<std::unique_ptr<v1::CaseService::Stub>> cases;
  for (const auto& channel : *writers) {
    cases.push_back(v1::CaseService::NewStub(channel));
  }
  std::vector<std::unique_ptr<v1::RegisterService::Stub>> registers;
  for (const auto& channel : *readers) {
    registers.push_back(v1::RegisterService::NewStub(channel));
  }

  // Case ids unique to this run, so runs against one server do not collide.
  const std::string run_id = eventstore::NewUuid().substr(0, 8);
  auto case_id = [&](int client, int64_t n) {
    return absl::StrCat("bench-", run_id, "-", client, "-", n);
  };
  std::vector<std::atomic<int64_t>> opened(clients);
  nlohmann::json json;
  if (!absl::GetFlag(FLAGS_json)) {
    std::cout << "keeperd at " << absl::GetFlag(FLAGS_server)
              << (own != nullptr ? " (its own, no per-caller quota)" : "")
              << ", " << clients << " clients, " << absl::GetFlag(FLAGS_seconds)
              << " s a phase\n";
  }

  // The freshness histogram before the write load, if it can be read.
  constexpr char kFreshness[] = "keeper_projection_freshness_seconds";
  absl::StatusOr<Buckets> fresh_before =
      metrics.empty() ? absl::NotFoundError("--metrics is empty")
                      : ReadHistogram(metrics, kFreshness);
  const Outcome commands =
      ClosedLoop(clients, phase, [&](int c, int64_t n, Done done) {
        using OpenCall = Call<v1::OpenCase, v1::CommandResult>;
        auto* call = new OpenCall;
        AddMetadata(call->context);
        call->request = OpenCaseCommand(case_id(c, n));
        cases[c]->async()->OpenCase(
            &call->context, &call->request, &call->response,
            [&opened, call, c, n, done](grpc::Status status) {
              // Freed before `done`, which may end the run: nothing of the
              // call may outlive it.
              delete call;
              if (status.ok()) opened[c] = n + 1;
              done(status);
            });
      });
  Report("commands", commands, json);
  if (commands.run.operations == 0) {
    return Fail(absl::UnavailableError("no command succeeded"));
  }
  std::vector<std::unique_ptr<grpc::GenericStub>> generic;
  for (const auto& channel : *writers) {
    generic.push_back(std::make_unique<grpc::GenericStub>(channel));
  }
  const Outcome noop =
      ClosedLoop(clients, phase, [&](int c, int64_t, Done done) {
        struct NoOpCall {
          grpc::ClientContext context;
          grpc::ByteBuffer request, response;
        };
        auto* call = new NoOpCall;
        grpc::Slice empty("");  // an empty HealthCheckRequest
        call->request = grpc::ByteBuffer(&empty, 1);
        call->context.set_deadline(
            absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
        generic[c]->UnaryCall(&call->context, kHealthCheck, grpc::StubOptions(),
                              &call->request, &call->response,
                              [call, done](grpc::Status status) {
                                delete call;
                                done(status);
                              });
      });
  Report("no-op (health check)", noop, json);

  // Checks ask about the cases just opened, spread over every client's.
  auto check = [&](int reader, int64_t n, Done done) {
    int c = static_cast<int>(n % clients);
    for (int tries = 0; opened[c] == 0 && tries < clients; ++tries) {
      c = (c + 1) % clients;
    }
    using CheckCall = Call<v1::RegisterCheckRequest, v1::RegisterCheckResult>;
    auto* call = new CheckCall;
    AddMetadata(call->context);
    call->request.set_case_id(
        case_id(c, (n / clients) % std::max<int64_t>(opened[c].load(), 1)));
    registers[reader]->async()->CheckRegister(
        &call->context, &call->request, &call->response,
        [call, done](grpc::Status status) {
          delete call;
          done(status);
        });
  };
  Report("register checks", ClosedLoop(clients, phase, check), json);
  Report(absl::StrCat("checks at ", rate, "/s"),
         FixedRate(rate, clients, phase, check), json);
  std::optional<double> fresh_p99;
  if (fresh_before.ok()) {
    absl::StatusOr<Buckets> after = ReadHistogram(metrics, kFreshness);
    if (after.ok()) fresh_p99 = QuantileBound(*fresh_before, *after, 0.99);
  }

  auto event_bytes = EventBytes(*cases[0], case_id(0, 0));
  if (!event_bytes.ok()) return Fail(event_bytes.status());
  auto postgres = BenchPostgres(clients, phase, *event_bytes);
  if (!postgres.ok()) return Fail(postgres.status());
  if (postgres->has_value()) {
    Report(absl::StrCat("PostgreSQL inserts of ", *event_bytes, " bytes"),
           **postgres, json);
  }
  const double to_noop = commands.run.per_second / noop.run.per_second;
  if (absl::GetFlag(FLAGS_json)) {
    if (fresh_p99.has_value()) json["freshness_p99_ms"] = *fresh_p99 * 1000;
    json["commands_to_noop"] = to_noop;
    if (postgres->has_value()) {
      json["commands_to_postgres"] =
          commands.run.per_second / (*postgres)->run.per_second;
    }
  } else {
    if (fresh_p99.has_value()) {
      std::cout << absl::StrFormat(
          "projection freshness under the commands and checks: p99 <= %.2f "
          "ms (the histogram's bucket; aim <= 5 ms): %s\n",
          *fresh_p99 * 1000, *fresh_p99 <= 0.005 ? "met" : "NOT met");
    } else {
      std::cout << "projection freshness not read: "
                << (fresh_before.ok() ? "nothing committed"
                                      : fresh_before.status().message())
                << "\n";
    }
    std::cout << absl::StrFormat(
        "ratio commands/no-op RPC: %.3f (aim >= 0.6)\n", to_noop);
    if (postgres->has_value()) {
      std::cout << absl::StrFormat(
          "ratio commands/PostgreSQL inserts: %.2fx (aim >= 2x)\n",
          commands.run.per_second / (*postgres)->run.per_second);
    } else {
      std::cout << "PostgreSQL baseline skipped: no initdb in "
                << absl::GetFlag(FLAGS_postgres_bin)
                << " (Debian's postgresql-15; --postgres_bin)\n";
    }
  }
  if (absl::GetFlag(FLAGS_json)) {
    json["clients"] = clients;
    json["own_keeperd"] = own != nullptr;
    json["check_rate"] = rate;
    std::cout << json.dump() << "\n";
  }
  return 0;
}

}  // namespace keeper::tools
