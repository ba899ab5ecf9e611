// keeper demo: the same seed writes the same history, every projection gets
// data from it, and a rebuilt projection equals the incrementally built one
// byte for byte.
#include <map>
#include <set>

#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "domain/policy/policy.h"
#include "gtest/gtest.h"
#include "keeper/v1/conference_commands.pb.h"
#include "projections/engine.h"
#include "projections/registry.h"
#include "tools/demo_command.h"
#include "tools/demo_plan.h"

namespace keeper::tools {
namespace {

const domain::PolicyRegistry& Policies() {
  static const domain::PolicyRegistry* policies = new domain::PolicyRegistry(
      *domain::PolicyRegistry::LoadDirectory(domain::DefaultPolicyDirectory()));
  return *policies;
}

// Every event, without what the store stamps: the time it recorded and the
// hash chain that covers that time.
std::vector<std::string> Events(const std::string& data_dir) {
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  auto store = eventstore::EventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  auto events = (*store)->ReadAll(1, 1 << 20);
  EXPECT_TRUE(events.ok()) << events.status();
  std::vector<std::string> out;
  for (v1::EventEnvelope& event : *events) {
    event.clear_recorded_time();
    event.clear_prev_hash();
    event.clear_hash();
    out.push_back(event.SerializeAsString());
  }
  return out;
}

// Each projection's whole state, key -> value.
using State = std::map<std::string, std::map<std::string, std::string>>;

State Dump(const projections::ProjectionEngine& engine) {
  State state;
  for (const std::string& name : engine.names()) {
    auto& keys = state[name];
    EXPECT_TRUE(
        engine
            .ScanPrefix(name, "",
                        [&](const std::string& key, const std::string& value) {
                          keys[key] = value;
                          return true;
                        })
            .ok());
  }
  return state;
}

TEST(DemoTest, TheSameSeedWritesTheSameHistory) {
  TempDir a("keeper-demo-a"), b("keeper-demo-b"), c("keeper-demo-c");
  auto first = WriteDemo(a.path(), 25, 3, Policies());
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = WriteDemo(b.path(), 25, 3, Policies());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(first->events, second->events);
  EXPECT_GT(first->enquiries, 0u);
  const std::vector<std::string> events = Events(a.path());
  ASSERT_EQ(events.size(), first->events);
  EXPECT_TRUE(events == Events(b.path()));
  // Another seed, another history.
  ASSERT_TRUE(WriteDemo(c.path(), 25, 4, Policies()).ok());
  EXPECT_FALSE(events == Events(c.path()));
}

TEST(DemoTest, RefusesAStoreThatHoldsEventsAndNoChildren) {
  TempDir dir("keeper-demo");
  EXPECT_EQ(WriteDemo(dir.path(), 0, 1, Policies()).status().code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(WriteDemo(dir.path(), 2, 1, Policies()).ok());
  EXPECT_EQ(WriteDemo(dir.path(), 2, 1, Policies()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(DemoTest, EveryProjectionHasDataAndRebuildsByteForByte) {
  TempDir dir("keeper-demo");
  auto written = WriteDemo(dir.path(), 40, 11, Policies());
  ASSERT_TRUE(written.ok()) << written.status();

  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(dir.path());
  auto store = eventstore::EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  // The demo caught the projections up in long runs; rebuild them one
  // event per write into another database, then reset and rebuild again.
  auto built = projections::ProjectionEngine::Open(
      {.dir = ProjectionsDir(dir.path())}, **store,
      projections::AllProjections(Policies()));
  ASSERT_TRUE(built.ok()) << built.status();
  ASSERT_TRUE((*built)->CatchUp().ok());
  const State incremental = Dump(**built);
  for (const std::string& name : (*built)->names()) {
    EXPECT_FALSE(incremental.at(name).empty()) << name << " has no data";
    EXPECT_EQ(*(*built)->checkpoint(name), written->events) << name;
  }

  auto one_by_one = projections::ProjectionEngine::Open(
      {.dir = dir.Sub("one_by_one"), .events_per_write = 1}, **store,
      projections::AllProjections(Policies()));
  ASSERT_TRUE(one_by_one.ok()) << one_by_one.status();
  ASSERT_TRUE((*one_by_one)->CatchUp().ok());
  const State rebuilt = Dump(**one_by_one);
  for (const auto& [name, keys] : incremental) {
    EXPECT_TRUE(keys == rebuilt.at(name)) << name << " differs";
  }

  for (const std::string& name : (*built)->names()) {
    ASSERT_TRUE((*built)->Reset(name).ok()) << name;
  }
  EXPECT_TRUE(Dump(**built).at("register").empty());
  ASSERT_TRUE((*built)->CatchUp().ok());
  const State reset = Dump(**built);
  for (const auto& [name, keys] : incremental) {
    EXPECT_TRUE(keys == reset.at(name)) << name << " differs after reset";
  }
}

// The authority each planned case is opened in, by case id.
std::map<std::string, std::string> OpenedIn(const std::string& authority) {
  DemoRandom random(2);
  auto steps = PlanDemo(60, random, Policies(), authority);
  EXPECT_TRUE(steps.ok()) << steps.status();
  std::map<std::string, std::string> opened;
  for (const DemoStep& step : *steps) {
    if (const auto* open =
            dynamic_cast<const v1::OpenCase*>(step.command.get()))
      opened[open->case_id()] = open->local_authority();
  }
  return opened;
}

TEST(DemoTest, EveryStoryCanBeInOneAuthority) {
  std::set<std::string> spread;
  for (const auto& [id, authority] : OpenedIn("")) spread.insert(authority);
  EXPECT_GE(spread.size(), 4u);
  int in_fife = 0;
  for (const auto& [id, authority] : OpenedIn("fife")) {
    // Only a family that moves, or stays elsewhere, goes to another.
    if (id.ends_with("-moved") || id.ends_with("-stay")) continue;
    EXPECT_EQ(authority, "fife") << id;
    ++in_fife;
  }
  EXPECT_EQ(in_fife, 60);
}

}  // namespace
}  // namespace keeper::tools
