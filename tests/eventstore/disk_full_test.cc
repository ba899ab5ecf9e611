// A disk that fills up or fails: appends fail cleanly with a status naming
// the cause, nothing partial is left, reads keep working, and once the disk
// is healthy again appends resume without reopening the store.
#include <atomic>
#include <thread>

#include "absl/time/clock.h"
#include "common/rocks_status.h"
#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/event_store.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "tests/eventstore/faulty_file_system.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;

using testing::Fault;
using testing::FaultyFileSystem;

class DiskFaultTest : public ::testing::TestWithParam<Fault> {
 protected:
  void SetUp() override {
    env_ = rocksdb::NewCompositeEnv(std::make_shared<FaultyFileSystem>(
        &fault_, FaultyFileSystem::Scope::kAllWrites));
    EventStore::Options options;
    options.data_dir = dir_.path();
    options.env = env_.get();
    options.write_retry_backoff = absl::Milliseconds(10);
    auto store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  absl::StatusCode Expected() const {
    return GetParam() == Fault::kNoSpace ? absl::StatusCode::kResourceExhausted
                                         : absl::StatusCode::kUnavailable;
  }

  TempDir dir_;
  std::atomic<Fault> fault_{Fault::kNone};
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<EventStore> store_;
};

TEST_P(DiskFaultTest, AppendsFailCleanlyAndResumeWhenTheDiskRecovers) {
  auto first = store_->Append(
      OneWrite("s", ExpectedVersion::Any(), {MakeEvent("Tested", "first")}));
  ASSERT_TRUE(first.ok()) << first.status();

  fault_ = GetParam();
  std::vector<std::vector<StreamWrite>> attempts;
  for (int i = 0; i < 8; ++i) {
    attempts.push_back(OneWrite("s", ExpectedVersion::Any(), {MakeEvent()}));
  }
  // Concurrent appends while the disk fails, then more one by one: every
  // one fails with the cause's code and detail; none aborts the process.
  std::vector<std::thread> threads;
  std::atomic<int> succeeded{0};
  std::vector<absl::Status> failures(attempts.size());
  for (size_t i = 0; i < attempts.size(); ++i) {
    threads.emplace_back([&, i] {
      auto result = store_->Append(attempts[i]);
      if (result.ok()) ++succeeded;
      failures[i] = result.status();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), 0);
  for (int i = 0; i < 3; ++i) {
    auto again = store_->Append(attempts[0]);
    ASSERT_FALSE(again.ok());
    failures.push_back(again.status());
    absl::SleepFor(absl::Milliseconds(20));
  }
  for (const absl::Status& failure : failures) {
    EXPECT_EQ(failure.code(), Expected()) << failure;
    EXPECT_TRUE(StorageFaultFromStatus(failure).has_value()) << failure;
  }
  const auto fault = StorageFaultFromStatus(failures.back());
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->reason(),
            GetParam() == Fault::kNoSpace ? "DISK_FULL" : "IO_ERROR");

  // Reads keep answering, and nothing partial is visible.
  EXPECT_EQ(store_->GetHead().position, 1u);
  auto read = store_->ReadAll(1, 100);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 1u);
  auto version = store_->StreamVersion("s");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1u);

  // The disk recovers. From a full disk writes resume without reopening;
  // RocksDB deems a failed write of any other kind unrecoverable until the
  // store is reopened. Either way the retries land exactly once.
  fault_ = Fault::kNone;
  if (GetParam() == Fault::kIoError) {
    store_.reset();
    EventStore::Options options;
    options.data_dir = dir_.path();
    options.env = env_.get();
    auto reopened = EventStore::Open(options);
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    store_ = *std::move(reopened);
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  absl::Status last;
  for (auto& writes : attempts) {
    for (;;) {
      auto retry = store_->Append(writes);
      last = retry.status();
      if (retry.ok() || absl::Now() > deadline) break;
      absl::SleepFor(absl::Milliseconds(20));
    }
    ASSERT_TRUE(last.ok()) << last;
  }
  EXPECT_EQ(store_->GetHead().position, 1u + attempts.size());
  for (auto& writes : attempts) {
    auto again = store_->Append(writes);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(again->deduplicated);
  }
  auto report = VerifyChain(*store_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact()) << report->problem;

  // And everything survives a reopen.
  store_.reset();
  EventStore::Options options;
  options.data_dir = dir_.path();
  auto reopened = EventStore::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ((*reopened)->GetHead().position, 1u + attempts.size());
}

INSTANTIATE_TEST_SUITE_P(Faults, DiskFaultTest,
                         ::testing::Values(Fault::kNoSpace, Fault::kIoError),
                         [](const auto& info) {
                           return info.param == Fault::kNoSpace
                                      ? std::string("NoSpace")
                                      : std::string("IoError");
                         });

}  // namespace
}  // namespace keeper::eventstore
