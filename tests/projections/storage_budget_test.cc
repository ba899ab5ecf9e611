// One memory budget for both databases: the event store and the projections
// charge their memtables to one write buffer manager and cache blocks in
// one cache, and memtable memory stays within the budget under load.
#include "common/storage_budget.h"

#include <algorithm>

#include "common/temp_dir.h"
#include "gtest/gtest.h"
#include "projections/engine.h"
#include "tests/eventstore/test_events.h"
#include "tests/projections/counting_projection.h"

namespace keeper::projections {
namespace {

using eventstore::EventStore;
using eventstore::ExpectedVersion;
using eventstore::testing::MakeEvent;
using eventstore::testing::OneWrite;

constexpr size_t kMemtableBudget = 4 << 20;

TEST(StorageBudgetTest, BothDatabasesShareOneBoundedBudget) {
  TempDir dir;
  const StorageBudget budget = StorageBudget::Make(kMemtableBudget, 8 << 20);
  EventStore::Options store_options;
  store_options.data_dir = dir.path() + "/events";
  store_options.sync = false;
  store_options.budget = budget;
  auto store = EventStore::Open(store_options);
  ASSERT_TRUE(store.ok()) << store.status();
  const size_t store_only = budget.write_buffers->memory_usage();
  EXPECT_GT(store_only, 0u);

  std::vector<std::unique_ptr<Projection>> projections;
  projections.push_back(std::make_unique<CountingProjection>());
  auto engine = ProjectionEngine::Open(
      {.dir = dir.path() + "/projections", .budget = budget}, **store,
      std::move(projections));
  ASSERT_TRUE(engine.ok()) << engine.status();
  // The engine's memtables are charged to the same manager.
  EXPECT_GT(budget.write_buffers->memory_usage(), store_only);
  ASSERT_TRUE((*engine)->Start().ok());

  // About 24 MiB of events, six times the budget.
  const std::string body(1024, 'x');
  size_t peak = 0;
  uint64_t head = 0;
  for (int i = 0; i < 600; ++i) {
    std::vector<eventstore::EventEnvelope> events;
    for (int j = 0; j < 40; ++j) events.push_back(MakeEvent("Tested", body));
    auto appended =
        (*store)->Append(OneWrite("s" + std::to_string(i % 7),
                                  ExpectedVersion::Any(), std::move(events)));
    ASSERT_TRUE(appended.ok()) << appended.status();
    head = appended->events.back().position();
    peak = std::max(peak, budget.write_buffers->memory_usage());
  }
  ASSERT_TRUE((*engine)->WaitFor(head, absl::Seconds(60)).ok());
  peak = std::max(peak, budget.write_buffers->memory_usage());
  EXPECT_LE(peak, kMemtableBudget + kMemtableBudget / 4) << "peak " << peak;

  // Reading flushed events fills the shared cache.
  auto read = (*store)->ReadAll(1, 1000);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_GT(budget.block_cache->GetUsage(), 0u);
}

// A reset projection (as `keeper rebuild` leaves it) is recreated within
// the same budget: reading its rebuilt state fills the shared cache, not a
// cache of its own.
TEST(StorageBudgetTest, AResetProjectionStaysWithinTheBudget) {
  TempDir dir;
  const StorageBudget budget = StorageBudget::Make(kMemtableBudget, 8 << 20);
  EventStore::Options store_options;
  store_options.data_dir = dir.path() + "/events";
  store_options.sync = false;
  auto store = EventStore::Open(store_options);
  ASSERT_TRUE(store.ok()) << store.status();
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE((*store)
                    ->Append(OneWrite("s" + std::to_string(i),
                                      ExpectedVersion::Any(), {MakeEvent()}))
                    .ok());
  }
  std::vector<std::unique_ptr<Projection>> projections;
  projections.push_back(std::make_unique<CountingProjection>());
  // Runs of 10: catching up writes table files, read through the cache.
  auto engine = ProjectionEngine::Open({.dir = dir.path() + "/projections",
                                        .events_per_write = 10,
                                        .budget = budget},
                                       **store, std::move(projections));
  ASSERT_TRUE(engine.ok()) << engine.status();
  ASSERT_TRUE((*engine)->Reset("counts").ok());
  ASSERT_TRUE((*engine)->CatchUp().ok());

  const size_t before = budget.block_cache->GetUsage();
  int counts = 0;
  ASSERT_TRUE((*engine)
                  ->ScanPrefix("counts", "count/",
                               [&](const std::string&, const std::string&) {
                                 ++counts;
                                 return true;
                               })
                  .ok());
  EXPECT_EQ(counts, 300);
  EXPECT_GT(budget.block_cache->GetUsage(), before);
}

}  // namespace
}  // namespace keeper::projections
