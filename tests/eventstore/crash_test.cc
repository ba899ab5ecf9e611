// Kills a writing process with SIGKILL at random moments, many times over,
// and checks after every restart that each acknowledged event is there,
// nothing half-written is visible, positions have no gaps and the chain
// verifies.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/event_store.h"
#include "gtest/gtest.h"

namespace keeper::eventstore {
namespace {

struct Child {
  pid_t pid;
  int stdout_fd;
};

Child StartWriter(const std::string& dir) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(KEEPER_CRASH_WRITER, KEEPER_CRASH_WRITER, dir.c_str(), "4",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

// Everything the child printed, up to EOF (it is dead by then).
std::string DrainAll(int fd) {
  std::string out;
  char buffer[65536];
  for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) {
    out.append(buffer, n);
  }
  close(fd);
  return out;
}

TEST(CrashTest, AcknowledgedEventsSurviveSigkill) {
  TempDir dir;
  std::mt19937 random(std::random_device{}());
  std::map<std::string, uint64_t> acked;  // event id -> position
  constexpr int kRounds = 25;
  for (int round = 0; round < kRounds; ++round) {
    Child child = StartWriter(dir.path());
    // Let it run for a random while, then kill it mid-flight.
    std::uniform_int_distribution<int> millis(30, 250);
    usleep(millis(random) * 1000);
    ASSERT_EQ(kill(child.pid, SIGKILL), 0);
    int wstatus = 0;
    waitpid(child.pid, &wstatus, 0);
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the writer exited by itself";
    std::istringstream lines(DrainAll(child.stdout_fd));
    std::string word, id;
    uint64_t position;
    while (lines >> word >> id >> position) acked[id] = position;

    EventStore::Options options;
    options.data_dir = dir.path();
    auto store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();

    // Every acknowledged event is where it was acknowledged.
    for (const auto& [event_id, at] : acked) {
      auto event = (*store)->ReadEvent(event_id);
      ASSERT_TRUE(event.ok()) << "round " << round << ": lost " << event_id;
      ASSERT_EQ(event->position(), at);
    }
    // Gap-free positions and an intact chain.
    auto report = VerifyChain(**store);
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->intact()) << report->problem;
    ASSERT_EQ(report->events, (*store)->GetHead().position);
    // No half-written append, and gap-free stream versions.
    absl::flat_hash_map<std::string, int> events_per_append;
    absl::flat_hash_map<std::string, uint64_t> stream_versions;
    ASSERT_TRUE((*store)
                    ->Scan(1, 0,
                           [&](const EventEnvelope& event) {
                             ++events_per_append[event.correlation_id()];
                             uint64_t& version =
                                 stream_versions[event.stream_id()];
                             EXPECT_EQ(event.stream_version(), version + 1);
                             version = event.stream_version();
                             return absl::OkStatus();
                           })
                    .ok());
    for (const auto& [append_id, count] : events_per_append) {
      ASSERT_EQ(count, 2) << "append " << append_id << " is half-written";
    }
  }
  EXPECT_GT(acked.size(), 0u);
}

}  // namespace
}  // namespace keeper::eventstore
