// Subscriptions deliver every event exactly once, in order, across the
// catch-up and live phases.
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/temp_dir.h"
#include "eventstore/event_store.h"
#include "gtest/gtest.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;

class Collector {
 public:
  EventVisitor Handler() {
    return [this](const EventEnvelope& event) {
      absl::MutexLock lock(&mu_);
      positions_.push_back(event.position());
      return absl::OkStatus();
    };
  }
  // Waits until `count` events arrived or 10 s passed.
  std::vector<uint64_t> WaitFor(size_t count) {
    absl::MutexLock lock(&mu_);
    auto enough = [&] { return positions_.size() >= count; };
    mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
    return positions_;
  }

 private:
  absl::Mutex mu_;
  std::vector<uint64_t> positions_;
};

void AppendN(EventStore& store, const std::string& stream, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(
        store.Append(OneWrite(stream, ExpectedVersion::Any(), {MakeEvent()}))
            .ok());
  }
}

std::vector<uint64_t> Range(uint64_t from, uint64_t to) {
  std::vector<uint64_t> out;
  for (uint64_t p = from; p <= to; ++p) out.push_back(p);
  return out;
}

TEST(SubscriptionTest, CatchesUpThenFollowsLive) {
  keeper::TempDir dir;
  auto store = testing::OpenStore(dir.path());
  AppendN(*store, "s", 10);
  Collector collector;
  auto subscription = store->Subscribe(4, collector.Handler());
  ASSERT_TRUE(subscription.ok());
  EXPECT_EQ(collector.WaitFor(7), Range(4, 10));
  AppendN(*store, "t", 5);
  EXPECT_EQ(collector.WaitFor(12), Range(4, 15));
  EXPECT_TRUE((*subscription)->Cancel().ok());
  EXPECT_EQ((*subscription)->position(), 15u);
}

TEST(SubscriptionTest, ExactlyOnceInOrderWithConcurrentWriters) {
  keeper::TempDir dir;
  auto store = testing::OpenStore(dir.path());
  AppendN(*store, "s", 20);
  Collector collector;
  auto subscription = store->Subscribe(1, collector.Handler());
  ASSERT_TRUE(subscription.ok());
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back(
        [&, t] { AppendN(*store, "w" + std::to_string(t), 30); });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(collector.WaitFor(200), Range(1, 200));
}

TEST(SubscriptionTest, HandlerErrorEndsTheSubscription) {
  keeper::TempDir dir;
  auto store = testing::OpenStore(dir.path());
  AppendN(*store, "s", 5);
  absl::Notification stopped;
  auto subscription =
      store->Subscribe(1, [&](const EventEnvelope& event) -> absl::Status {
        if (event.position() == 3) {
          stopped.Notify();
          return absl::InternalError("handler gave up");
        }
        return absl::OkStatus();
      });
  ASSERT_TRUE(subscription.ok());
  ASSERT_TRUE(stopped.WaitForNotificationWithTimeout(absl::Seconds(10)));
  const absl::Status ended = (*subscription)->Cancel();
  EXPECT_EQ(ended.message(), "handler gave up");
  EXPECT_EQ((*subscription)->position(), 2u);
}

TEST(SubscriptionTest, CancelWhileIdleReturnsPromptly) {
  keeper::TempDir dir;
  auto store = testing::OpenStore(dir.path());
  Collector collector;
  auto subscription = store->Subscribe(1, collector.Handler());
  ASSERT_TRUE(subscription.ok());
  const absl::Time start = absl::Now();
  EXPECT_TRUE((*subscription)->Cancel().ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ((*subscription)->position(), 0u);
}

TEST(WaitForHeadTest, WakesOnCommitAndTimesOut) {
  keeper::TempDir dir;
  auto store = testing::OpenStore(dir.path());
  EXPECT_EQ(store->WaitForHead(0, absl::Milliseconds(20)), 0u);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    AppendN(*store, "s", 1);
  });
  EXPECT_EQ(store->WaitForHead(0, absl::Seconds(10)), 1u);
  writer.join();
}

}  // namespace
}  // namespace keeper::eventstore
