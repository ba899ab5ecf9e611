// keeper bench crash: kills keeperd with SIGKILL at random moments while
// clients send commands through gRPC, restarts it, and retries every
// unacknowledged command with its idempotency key until it is answered.
// Then checks the store: every acknowledged event present once at its
// position, no position gaps, `keeper verify` passing, and the projections
// equal to a rebuild. Prints kills, acknowledged, lost and duplicated.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <random>
#include <thread>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/temp_dir.h"
#include "eventstore/uuid.h"
#include "keeper/v1/case_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tools/bench_client.h"
#include "tools/bench_commands.h"
#include "tools/client.h"
#include "tools/crash_checks.h"
#include "tools/keeperd_child.h"

ABSL_DECLARE_FLAG(int, clients);
ABSL_FLAG(int, kills, 20, "bench crash: how many times keeperd is killed");
ABSL_FLAG(std::string, keeperd, "",
          "bench crash, soak and scale: the keeperd to run; default: the one "
          "beside keeper");

namespace keeper::tools {
namespace {

struct Counts {
  int64_t attempts = 0;
  int64_t retried = 0;       // commands sent again after a failure
  int64_t deduplicated = 0;  // retries answered as already recorded
};

// Sends commands one after another on `channel` until `stop`, each until it
// is acknowledged, adding what was acknowledged to `acknowledged`.
void Client(const std::shared_ptr<grpc::Channel>& channel,
            const std::string& prefix, const std::atomic<bool>& stop,
            absl::Mutex& mu, std::vector<AcknowledgedEvent>& acknowledged,
            Counts& counts) {
  auto stub = v1::CaseService::NewStub(channel);
  for (int64_t n = 0; !stop; ++n) {
    const v1::OpenCase command = OpenCaseCommand(absl::StrCat(prefix, n));
    for (bool first = true;; first = false) {
      grpc::ClientContext context;
      AddMetadata(context);
      context.set_wait_for_ready(true);  // through the restart
      v1::CommandResult result;
      const grpc::Status status = stub->OpenCase(&context, command, &result);
      absl::MutexLock lock(&mu);
      ++counts.attempts;
      counts.retried += first ? 0 : 1;
      if (!status.ok()) continue;  // same command, same idempotency key
      counts.deduplicated += result.deduplicated() ? 1 : 0;
      for (const auto& event : result.events()) {
        acknowledged.push_back(
            {event.event_id(), event.stream_id(), event.position()});
      }
      break;
    }
  }
}

// `keeper verify` on `data_dir`, as a user runs it.
bool KeeperVerifyPasses(const std::string& data_dir) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string log = data_dir + "/verify.log";
    freopen(log.c_str(), "w", stdout);
    freopen(log.c_str(), "a", stderr);
    const std::string data = "--data_dir=" + data_dir;
    execl("/proc/self/exe", "keeper", data.c_str(), "verify",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int RunBenchCrash(const Args&) {
  const int kills = absl::GetFlag(FLAGS_kills);
  const int clients = absl::GetFlag(FLAGS_clients);
  if (kills < 0 || clients < 1) {
    return Fail(absl::InvalidArgumentError(
        "--kills must be at least 0 and --clients at least 1"));
  }
  TempDir dir("keeper-bench-crash");
  auto own = StartOwnKeeperd(absl::GetFlag(FLAGS_keeperd), dir.path());
  if (!own.ok()) return Fail(own.status());
  KeeperdChild& keeperd = **own;

  std::atomic<bool> stop = false;
  absl::Mutex mu;
  std::vector<AcknowledgedEvent> acknowledged;
  Counts counts;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    auto channel = ConnectAs("social-worker", /*own_connection=*/true);
    if (!channel.ok()) return Fail(channel.status());
    threads.emplace_back(Client, *channel, absl::StrCat("crash-", c, "-"),
                         std::cref(stop), std::ref(mu), std::ref(acknowledged),
                         std::ref(counts));
  }
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> pause_ms(100, 1500);
  absl::Status restarted;
  for (int k = 0; k < kills && restarted.ok(); ++k) {
    absl::SleepFor(absl::Milliseconds(pause_ms(random)));
    keeperd.Kill();
    restarted = keeperd.Start();
  }
  absl::SleepFor(absl::Milliseconds(500));  // load after the last restart
  stop = true;
  for (std::thread& thread : threads) thread.join();
  if (!restarted.ok()) return Fail(restarted);
  if (absl::Status stopped = keeperd.Stop(); !stopped.ok()) {
    return Fail(stopped);
  }

  absl::StatusOr<LogCheck> log =
      CheckLog(dir.path(), acknowledged, "CaseOpened");
  if (!log.ok()) return Fail(log.status());
  const bool verified = KeeperVerifyPasses(dir.path());
  const absl::Status projections = CheckProjectionsEqualRebuild(dir.path());
  const bool passed = log->lost == 0 && log->duplicated == 0 &&
                      log->gaps == 0 && verified && projections.ok();
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"kills", kills},
                                {"clients", clients},
                                {"acknowledged", acknowledged.size()},
                                {"retried", counts.retried},
                                {"deduplicated", counts.deduplicated},
                                {"events", log->events},
                                {"lost", log->lost},
                                {"duplicated", log->duplicated},
                                {"gaps", log->gaps},
                                {"verify_passed", verified},
                                {"projections_equal_rebuild", projections.ok()}}
                     .dump()
              << "\n";
  } else {
    std::cout << "bench crash: " << clients << " clients sending commands\n"
              << "kills:        " << kills << "\n"
              << "acknowledged: " << acknowledged.size() << " (retried "
              << counts.retried << ", of which " << counts.deduplicated
              << " had been recorded before the kill)\n"
              << "lost:         " << log->lost << "\n"
              << "duplicated:   " << log->duplicated << "\n"
              << "position gaps: " << log->gaps << " in " << log->events
              << " events\n"
              << "keeper verify: "
              << (verified ? "passed" : "FAILED (see verify.log)") << "\n"
              << "projections equal a rebuild: "
              << (projections.ok() ? "yes" : projections.ToString()) << "\n";
  }
  return passed ? 0 : 1;
}

}  // namespace keeper::tools
