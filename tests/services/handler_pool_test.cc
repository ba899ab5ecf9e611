#include "services/grpc/handler_pool.h"

#include <atomic>

#include "absl/synchronization/barrier.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace keeper::services {
namespace {

TEST(HandlerPoolTest, RunsAsManyBlockingTasksAtOnceAsItHasThreads) {
  constexpr int kThreads = 8;
  // Each task blocks until all of them are running: with fewer threads
  // than tasks this would never finish. Declared before the pool, whose
  // destruction joins its threads, so that they outlive the tasks.
  absl::Barrier* all_running = new absl::Barrier(kThreads + 1);
  std::atomic<int> ran{0};
  HandlerPool pool(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    pool.Submit([&] {
      ++ran;
      if (all_running->Block()) delete all_running;
    });
  }
  if (all_running->Block()) delete all_running;
  EXPECT_EQ(ran.load(), kThreads);
}

TEST(HandlerPoolTest, DestructionRunsEveryTaskAlreadySubmitted) {
  std::atomic<int> ran{0};
  absl::Notification release;
  {
    HandlerPool pool(1);
    pool.Submit([&] { release.WaitForNotification(); });
    for (int i = 0; i < 100; ++i) pool.Submit([&] { ++ran; });
    release.Notify();
  }
  EXPECT_EQ(ran.load(), 100);
}

}  // namespace
}  // namespace keeper::services
