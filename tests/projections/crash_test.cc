// SIGKILLs a process that appends while its projection follows, many times
// over; after each restart the projection, caught up, must count every
// event exactly once and equal a rebuild byte for byte.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>

#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "gtest/gtest.h"
#include "projections/engine.h"
#include "tests/projections/counting_projection.h"

namespace keeper::projections {
namespace {

std::map<std::string, std::string> Dump(const ProjectionEngine& engine) {
  std::map<std::string, std::string> out;
  EXPECT_TRUE(engine
                  .ScanPrefix("counts", "",
                              [&](const std::string& k, const std::string& v) {
                                out[k] = v;
                                return true;
                              })
                  .ok());
  return out;
}

std::unique_ptr<ProjectionEngine> OpenCounting(
    const std::string& dir, const eventstore::EventStore& store) {
  std::vector<std::unique_ptr<Projection>> counting;
  counting.push_back(std::make_unique<CountingProjection>());
  auto engine =
      ProjectionEngine::Open({.dir = dir}, store, std::move(counting));
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? *std::move(engine) : nullptr;
}

TEST(ProjectionCrashTest, NothingLostOrAppliedTwiceAcrossSigkill) {
  TempDir dir;
  std::mt19937 random(std::random_device{}());
  uint64_t checkpoints_seen_ahead = 0;
  for (int round = 0; round < 20; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(KEEPER_PROJECTION_CRASH_WRITER, KEEPER_PROJECTION_CRASH_WRITER,
            dir.path().c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    // The writer's start-up (slow under sanitizers) is not part of the
    // random while it runs before the kill.
    char following = 0;
    ASSERT_EQ(read(fds[0], &following, 1), 1) << "the writer did not start";
    close(fds[0]);
    usleep(std::uniform_int_distribution<int>(40, 250)(random) * 1000);
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer exited by itself";

    eventstore::EventStore::Options options;
    options.data_dir = EventsDir(dir.path());
    auto store = eventstore::EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    auto engine = OpenCounting(ProjectionsDir(dir.path()), **store);
    const uint64_t checkpoint = engine->applied();
    ASSERT_LE(checkpoint, (*store)->GetHead().position);
    if (checkpoint > 0) ++checkpoints_seen_ahead;
    ASSERT_TRUE(engine->CatchUp().ok());
    // Each stream's count is its version: every event counted once.
    for (int s = 0; s < 13; ++s) {
      const std::string stream = "s" + std::to_string(s);
      auto count = engine->Get("counts", "count/" + stream);
      ASSERT_TRUE(count.ok());
      const uint64_t version = *(*store)->StreamVersion(stream);
      ASSERT_EQ(count->has_value() ? std::stoull(**count) : 0u, version)
          << "round " << round << " stream " << stream;
    }
    // And it equals a rebuild from scratch.
    const auto incremental = Dump(*engine);
    engine.reset();
    TempDir rebuilt;
    auto fresh = OpenCounting(rebuilt.path(), **store);
    ASSERT_TRUE(fresh->CatchUp().ok());
    ASSERT_EQ(Dump(*fresh), incremental) << "round " << round;
  }
  EXPECT_GT(checkpoints_seen_ahead, 0u);
}

}  // namespace
}  // namespace keeper::projections
