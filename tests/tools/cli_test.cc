// Runs the real `keeper` binary against stores, including one held open by a
// writer in this process.
#include <cstdio>
#include <sstream>

#include "absl/strings/escaping.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "eventstore/event_store.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/eventstore/test_events.h"
#include "tests/tools/run_keeper.h"

namespace keeper::tools {
namespace {

using eventstore::EventEnvelope;
using eventstore::ExpectedVersion;
using eventstore::testing::MakeEvent;
using eventstore::testing::OneWrite;
using testing::Keeper;
using testing::Output;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = eventstore::testing::OpenStore(EventsDir(dir_.path()));
    for (int i = 0; i < 5; ++i) {
      auto result = store_->Append(
          OneWrite("case-" + std::to_string(i % 2), ExpectedVersion::Any(),
                   {MakeEvent("Noted", "n" + std::to_string(i))}));
      ASSERT_TRUE(result.ok());
      appended_.push_back(result->events[0]);
    }
  }
  std::string DataDir() const { return "--data_dir " + dir_.path(); }

  TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::vector<EventEnvelope> appended_;
};

TEST_F(CliTest, StatsWhileTheStoreIsHeld) {
  const Output output = Keeper(DataDir() + " --json stats");
  ASSERT_EQ(output.exit_code, 0) << output.out;
  const auto stats = nlohmann::json::parse(output.out);
  EXPECT_EQ(stats["events"], 5);
  EXPECT_EQ(stats["head_hash"], absl::BytesToHexString(store_->GetHead().hash));
}

TEST_F(CliTest, VerifyPassesOnAnIntactStore) {
  const Output output = Keeper(DataDir() + " --json verify");
  ASSERT_EQ(output.exit_code, 0) << output.out;
  EXPECT_TRUE(nlohmann::json::parse(output.out)["intact"]);
}

TEST_F(CliTest, ExportIsOneProtobufJsonEventPerLine) {
  const Output output = Keeper(DataDir() + " export");
  ASSERT_EQ(output.exit_code, 0);
  std::istringstream lines(output.out);
  std::string line;
  size_t count = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(count, appended_.size());
    EventEnvelope parsed;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &parsed).ok())
        << line;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        parsed, appended_[count]))
        << line;
    ++count;
  }
  EXPECT_EQ(count, appended_.size());
}

TEST_F(CliTest, VerifyNamesTheFirstBadPosition) {
  auto event = store_->ReadPosition(3);
  ASSERT_TRUE(event.ok());
  store_.reset();
  // Rewrite position 3's purpose through RocksDB, bypassing the store.
  event->set_purpose("altered");
  eventstore::testing::OverwriteEvent(EventsDir(dir_.path()), 3,
                                      event->SerializeAsString());
  const Output output = Keeper(DataDir() + " --json verify");
  EXPECT_EQ(output.exit_code, 1);
  const auto report = nlohmann::json::parse(output.out);
  EXPECT_FALSE(report["intact"]);
  EXPECT_EQ(report["first_bad_position"], 3);
}

TEST_F(CliTest, UnknownSubcommandAndMissingStoreFail) {
  EXPECT_EQ(Keeper(DataDir() + " frobnicate").exit_code, 2);
  EXPECT_NE(Keeper("--data_dir " + dir_.Sub("none") + " stats").exit_code, 0);
}

TEST(DemoCliTest, WritesANewStoreThenRebuildsIt) {
  TempDir dir("keeper-demo-cli");
  const std::string data = "--data_dir " + dir.path() + "/d";
  Output made = Keeper(data + " --json demo --children 4 --seed 9");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  const nlohmann::json summary = nlohmann::json::parse(made.out);
  EXPECT_GT(summary["events"].get<uint64_t>(), 100u);
  // A second run would mix two histories: refused.
  EXPECT_EQ(Keeper(data + " demo --children 4 2>/dev/null").exit_code, 1);
  EXPECT_EQ(Keeper(data + " rebuild --projection timescales").exit_code, 0);
  EXPECT_EQ(
      Keeper("--data_dir " + dir.path() + "/e demo --children 0 2>/dev/null")
          .exit_code,
      2);
}

}  // namespace
}  // namespace keeper::tools
