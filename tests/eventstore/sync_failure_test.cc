// A WAL sync that fails: the appends in flight fail and nothing after them
// is built on them; once the disk is healthy again, retries with the same
// event ids land exactly once.
#include <atomic>
#include <thread>

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

TEST(SyncFailureTest, FailedSyncFailsTheGroupAndRetriesLandOnce) {
  TempDir dir;
  std::atomic<Fault> fault{Fault::kNone};
  auto env = rocksdb::NewCompositeEnv(std::make_shared<FaultyFileSystem>(
      &fault, FaultyFileSystem::Scope::kSyncs));
  EventStore::Options options;
  options.data_dir = dir.path();
  options.env = env.get();
  auto store = EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)
                  ->Append(OneWrite("s", ExpectedVersion::Any(), {MakeEvent()}))
                  .ok());

  // While syncs fail, concurrent appends (several groups) all fail.
  fault = Fault::kIoError;
  std::vector<std::vector<StreamWrite>> attempts;
  for (int i = 0; i < 16; ++i) {
    attempts.push_back(OneWrite("s", ExpectedVersion::Any(), {MakeEvent()}));
  }
  std::vector<std::thread> threads;
  std::atomic<int> succeeded{0};
  for (auto& writes : attempts) {
    threads.emplace_back([&] {
      if ((*store)->Append(writes).ok()) ++succeeded;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), 0);
  EXPECT_EQ((*store)->GetHead().position, 1u);

  // A healthy restart; every retry lands exactly once, whether or not its
  // failed attempt reached the disk.
  fault = Fault::kNone;
  store->reset();
  store = EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  for (auto& writes : attempts) {
    auto retry = (*store)->Append(writes);
    ASSERT_TRUE(retry.ok()) << retry.status();
    auto again = (*store)->Append(writes);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->deduplicated);
  }
  EXPECT_EQ((*store)->GetHead().position, 17u);
  auto report = VerifyChain(**store);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact()) << report->problem;
}

}  // namespace
}  // namespace keeper::eventstore
