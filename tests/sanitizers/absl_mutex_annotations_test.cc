// Under TSan with the absl::Mutex annotations: data guarded by every kind
// of abseil lock, wait and condition is race-free in TSan's eyes (without
// the annotations TSan reports each of these), and a real race is still
// reported, even between accesses each under some other mutex.
#include <cstdlib>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace {

constexpr int kThreads = 4;
constexpr int kRounds = 200;

template <typename Body>
void OnThreads(Body body) {
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(body, i);
  for (std::thread& thread : threads) thread.join();
}

TEST(AbslMutexAnnotationsTest, LocksAndReaderLocksOrderAccesses) {
  absl::Mutex mu;
  int value = 0;  // a plain int: only the mutex orders its accesses
  int seen = 0;
  OnThreads([&](int i) {
    for (int r = 0; r < kRounds; ++r) {
      if (i % 2 == 0) {
        absl::MutexLock lock(&mu);
        ++value;
      } else {
        absl::ReaderMutexLock lock(&mu);
        seen = seen > 0 ? seen : 0;  // reads only under a reader lock
        (void)value;
      }
      if (mu.TryLock()) {
        ++value;
        mu.Unlock();
      }
    }
  });
  absl::MutexLock lock(&mu);
  EXPECT_GE(value, kThreads / 2 * kRounds);
}

struct MyTurn {
  const int* turn;
  int i;
  bool Ready() const { return *turn % kThreads == i; }
};

TEST(AbslMutexAnnotationsTest, ConditionsAwaitsAndCondVarsOrderAccesses) {
  absl::Mutex mu;
  absl::CondVar changed;
  int turn = 0;  // which thread may write next
  std::vector<int> log;
  OnThreads([&](int i) {
    for (int r = 0; r < kRounds / 10; ++r) {
      // The predicate reads `turn` on whichever thread evaluates it.
      const MyTurn mine{&turn, i};
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&mine, &MyTurn::Ready));
      log.push_back(i);
      ++turn;
    }
  });
  OnThreads([&](int i) {
    absl::MutexLock lock(&mu);
    while (turn % kThreads != i) changed.Wait(&mu);
    log.push_back(i);
    ++turn;
    changed.SignalAll();
  });
  absl::MutexLock lock(&mu);
  EXPECT_EQ(log.size(), static_cast<size_t>(kThreads * (kRounds / 10 + 1)));
}

TEST(AbslMutexAnnotationsTest, LockWhenAndNotificationOrderAccesses) {
  absl::Mutex mu;
  bool ready = false;
  int payload = 0;
  absl::Notification done;
  int result = 0;
  std::thread consumer([&] {
    mu.LockWhen(absl::Condition(&ready));
    result = payload;
    mu.Unlock();
    done.Notify();
  });
  payload = 42;  // before the mutex publishes it
  {
    absl::MutexLock lock(&mu);
    ready = true;
  }
  done.WaitForNotification();
  EXPECT_EQ(result, 42);  // written by the consumer before Notify
  consumer.join();
}

// Two writes, each under a mutex, but not the same one.
void RaceUnderDifferentMutexes() {
  absl::Mutex a;
  absl::Mutex b;
  int value = 0;
  std::thread writer([&] {
    absl::MutexLock lock(&a);
    value = 1;
  });
  {
    absl::MutexLock lock(&b);
    value = 2;
  }
  writer.join();
}

TEST(AbslMutexAnnotationsDeathTest, ARaceUnderDifferentMutexesIsReported) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // The child reports on stderr, for EXPECT_DEATH, not in the run's report
  // directory (tools/sanitize.sh), where it would fail the run.
  setenv("TSAN_OPTIONS", "halt_on_error=1", 1);
  EXPECT_DEATH(RaceUnderDifferentMutexes(), "data race");
}

}  // namespace
