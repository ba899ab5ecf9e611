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
  HandlerPool pool({.threads = kThreads});
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(pool.Submit([&] {
      ++ran;
      if (all_running->Block()) delete all_running;
    }));
  }
  if (all_running->Block()) delete all_running;
  EXPECT_EQ(ran.load(), kThreads);
}

TEST(HandlerPoolTest, DestructionRunsEveryTaskAlreadySubmitted) {
  std::atomic<int> ran{0};
  absl::Notification release;
  {
    HandlerPool pool({.threads = 1});
    ASSERT_TRUE(pool.Submit([&] { release.WaitForNotification(); }));
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(pool.Submit([&] { ++ran; }));
    release.Notify();
  }
  EXPECT_EQ(ran.load(), 100);
}

TEST(HandlerPoolTest, RefusesTasksBeyondItsWaitingBound) {
  std::atomic<int> ran{0};
  absl::Notification started;
  absl::Notification release;
  {
    HandlerPool pool({.threads = 1, .max_waiting = 2});
    ASSERT_TRUE(pool.Submit([&] {
      started.Notify();
      release.WaitForNotification();
    }));
    started.WaitForNotification();  // running, so no longer waiting
    EXPECT_TRUE(pool.Submit([&] { ++ran; }));
    EXPECT_TRUE(pool.Submit([&] { ++ran; }));
    EXPECT_FALSE(pool.Submit([&] { ran += 100; }));
    release.Notify();
  }
  EXPECT_EQ(ran.load(), 2);  // the refused task never ran
}

}  // namespace
}  // namespace keeper::services
