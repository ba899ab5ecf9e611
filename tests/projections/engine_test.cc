// The projection engine: catch-up, following, checkpoints across reopen,
// reset and rebuild, and read-your-writes within a batch.
#include "projections/engine.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/temp_dir.h"
#include "eventstore/keys.h"
#include "gtest/gtest.h"
#include "tests/eventstore/test_events.h"
#include "tests/projections/counting_projection.h"

namespace keeper::projections {
namespace {

using eventstore::EventEnvelope;
using eventstore::ExpectedVersion;
using eventstore::testing::MakeEvent;
using eventstore::testing::OneWrite;

// Keeps "item/<position>" for each event and, on a "Clear" event, deletes
// them all through ScanPrefix; records how many items each event saw. Its
// state depends on reading this run's own puts and deletes.
class ListProjection final : public Projection {
 public:
  std::string name() const override { return "list"; }
  absl::Status Apply(const EventEnvelope& event, StateWriter& state) override {
    std::vector<std::string> items;
    absl::Status scanned = state.ScanPrefix(
        "item/", [&](const std::string& key, const std::string&) {
          items.push_back(key);
          return true;
        });
    if (!scanned.ok()) return scanned;
    state.Put("seen/" + eventstore::EncodeU64(event.position()),
              std::to_string(items.size()));
    if (event.event_type() == "Clear") {
      for (const std::string& key : items) state.Delete(key);
    } else {
      state.Put("item/" + eventstore::EncodeU64(event.position()), "x");
    }
    return absl::OkStatus();
  }
};

// Keeps a running "total" of events since the last "Clear", which deletes
// it; records the total each event read. Every event reads the key it then
// writes or deletes, so a run that starts from stored state reads it from
// the database and must then see its own change, not the stored value.
class TallyProjection final : public Projection {
 public:
  std::string name() const override { return "tally"; }
  absl::Status Apply(const EventEnvelope& event, StateWriter& state) override {
    absl::StatusOr<std::optional<std::string>> total = state.Get("total");
    if (!total.ok()) return total.status();
    const int before = total->has_value() ? std::stoi(**total) : 0;
    state.Put("seen/" + eventstore::EncodeU64(event.position()),
              total->has_value() ? **total : "none");
    if (event.event_type() == "Clear") {
      state.Delete("total");
    } else {
      state.Put("total", std::to_string(before + 1));
    }
    return absl::OkStatus();
  }
};

std::vector<std::unique_ptr<Projection>> Counting(int* applies = nullptr) {
  std::vector<std::unique_ptr<Projection>> out;
  out.push_back(std::make_unique<CountingProjection>(applies));
  return out;
}

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

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = eventstore::testing::OpenStore(dir_.Sub("events"));
  }
  void AppendN(const std::string& stream, int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(
          store_
              ->Append(OneWrite(stream, ExpectedVersion::Any(), {MakeEvent()}))
              .ok());
    }
  }
  std::unique_ptr<ProjectionEngine> OpenEngine(int* applies = nullptr,
                                               size_t per_write = 2048) {
    auto engine = ProjectionEngine::Open(
        {.dir = dir_.Sub("projections"), .events_per_write = per_write},
        *store_, Counting(applies));
    EXPECT_TRUE(engine.ok()) << engine.status();
    return engine.ok() ? *std::move(engine) : nullptr;
  }
  std::string Count(const ProjectionEngine& engine, const std::string& s) {
    auto value = engine.Get("counts", "count/" + s);
    return value.ok() && value->has_value() ? **value : "none";
  }

  TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
};

TEST_F(EngineTest, CatchUpReadsItsOwnBatchWrites) {
  AppendN("a", 5);
  AppendN("b", 2);
  auto engine = OpenEngine();
  ASSERT_TRUE(engine->CatchUp().ok());
  EXPECT_EQ(Count(*engine, "a"), "5");
  EXPECT_EQ(Count(*engine, "b"), "2");
  EXPECT_EQ(engine->applied(), 7u);
  EXPECT_EQ(*engine->checkpoint("counts"), 7u);
}

TEST_F(EngineTest, ResumesFromItsCheckpointWithoutReplaying) {
  AppendN("a", 10);
  int applies = 0;
  {
    auto engine = OpenEngine(&applies, /*per_write=*/3);
    ASSERT_TRUE(engine->CatchUp().ok());
  }
  EXPECT_EQ(applies, 10);
  AppendN("a", 4);
  auto engine = OpenEngine(&applies);
  EXPECT_EQ(engine->applied(), 10u);
  ASSERT_TRUE(engine->CatchUp().ok());
  EXPECT_EQ(applies, 14);  // only the new events
  EXPECT_EQ(Count(*engine, "a"), "14");
}

TEST_F(EngineTest, FollowsNewEvents) {
  AppendN("a", 3);
  auto engine = OpenEngine();
  ASSERT_TRUE(engine->Start().ok());
  AppendN("b", 4);
  ASSERT_TRUE(engine->WaitFor(7, absl::Seconds(10)).ok());
  EXPECT_EQ(Count(*engine, "b"), "4");
  EXPECT_TRUE(absl::IsFailedPrecondition(engine->Reset("counts")));
  EXPECT_TRUE(
      absl::IsDeadlineExceeded(engine->WaitFor(100, absl::Milliseconds(10))));
}

TEST_F(EngineTest, RebuildEqualsIncrementalByteForByte) {
  auto engine = OpenEngine();
  ASSERT_TRUE(engine->Start().ok());
  for (int i = 0; i < 30; ++i) AppendN(absl::StrCat("s", i % 7), 1);
  ASSERT_TRUE(engine->WaitFor(30, absl::Seconds(10)).ok());
  const auto incremental = Dump(*engine);
  engine.reset();

  engine = OpenEngine(nullptr, /*per_write=*/4);
  ASSERT_TRUE(engine->Reset("counts").ok());
  EXPECT_TRUE(Dump(*engine).empty());
  EXPECT_EQ(*engine->checkpoint("counts"), 0u);
  ASSERT_TRUE(engine->CatchUp().ok());
  EXPECT_EQ(Dump(*engine), incremental);
  EXPECT_EQ(incremental.size(), 30u + 7u);
}

TEST_F(EngineTest, RunsReadTheirOwnPutsAndDeletesWhateverTheirLength) {
  for (int i = 1; i <= 40; ++i) {
    ASSERT_TRUE(
        store_
            ->Append(OneWrite("s", ExpectedVersion::Any(),
                              {MakeEvent(i % 7 == 0 ? "Clear" : "Add")}))
            .ok());
  }
  // Runs of 1, 5 and 1000 events written as batches; runs of 5 ingested as
  // files, each read back by the next.
  struct Run {
    size_t events_per_write;
    size_t bulk_bytes;
  };
  const Run runs[] = {{1, 0}, {5, 0}, {1000, 0}, {5, 1}};
  std::map<std::string, std::string> dumps[4];
  for (int r = 0; r < 4; ++r) {
    std::vector<std::unique_ptr<Projection>> list;
    list.push_back(std::make_unique<ListProjection>());
    list.push_back(std::make_unique<TallyProjection>());
    StorageBudget budget;
    budget.bulk_write_bytes = runs[r].bulk_bytes;
    auto engine =
        ProjectionEngine::Open({.dir = dir_.Sub("list-" + std::to_string(r)),
                                .events_per_write = runs[r].events_per_write,
                                .budget = budget},
                               *store_, std::move(list));
    ASSERT_TRUE(engine.ok());
    ASSERT_TRUE((*engine)->CatchUp().ok());
    for (const std::string projection : {"list", "tally"}) {
      ASSERT_TRUE(
          (*engine)
              ->ScanPrefix(projection, "",
                           [&](const std::string& k, const std::string& v) {
                             dumps[r][projection + ":" + k] = v;
                             return true;
                           })
              .ok());
    }
    // Only the bulk run ingested files, and none stayed behind.
    const std::string ingest =
        dir_.Sub("list-" + std::to_string(r)) + "/ingest";
    EXPECT_EQ(std::filesystem::exists(ingest), runs[r].bulk_bytes > 0);
    EXPECT_TRUE(!std::filesystem::exists(ingest) ||
                std::filesystem::is_empty(ingest));
  }
  EXPECT_EQ(dumps[0], dumps[1]);
  EXPECT_EQ(dumps[0], dumps[2]);
  EXPECT_EQ(dumps[0], dumps[3]);
  // Event 7 cleared six items; event 8 then saw none.
  EXPECT_EQ(dumps[0]["list:seen/" + eventstore::EncodeU64(7)], "6");
  EXPECT_EQ(dumps[0]["list:seen/" + eventstore::EncodeU64(8)], "0");
  EXPECT_EQ(dumps[0].count("list:item/" + eventstore::EncodeU64(6)), 0u);
  // The tally saw 6 at event 7, which deleted it; event 8 saw none; each
  // later event saw the write before it, whether made in its own run or
  // (as for 11, starting a run of five) read from the database, and a key
  // read from the database then changed (6 read 5, wrote 6) is read back
  // as changed.
  EXPECT_EQ(dumps[0]["tally:seen/" + eventstore::EncodeU64(7)], "6");
  EXPECT_EQ(dumps[0]["tally:seen/" + eventstore::EncodeU64(8)], "none");
  EXPECT_EQ(dumps[0]["tally:seen/" + eventstore::EncodeU64(13)], "5");
  EXPECT_EQ(dumps[0]["tally:total"], "5");  // events 36 to 40
}

TEST_F(EngineTest, UnknownProjectionIsNotFound) {
  auto engine = OpenEngine();
  EXPECT_TRUE(absl::IsNotFound(engine->Get("nope", "k").status()));
  EXPECT_TRUE(absl::IsNotFound(engine->Reset("nope")));
}

}  // namespace
}  // namespace keeper::projections
