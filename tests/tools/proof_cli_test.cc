// The real `keeper` binary's tamper-evidence commands: a checkpoint saved,
// a store checked against it before and after an attack, and single proofs
// checked with nothing but the saved checkpoint and the verifier key.
#include <cstdio>
#include <fstream>

#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/signing_key.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/eventstore/test_events.h"
#include "tests/tools/run_keeper.h"

namespace keeper::tools {
namespace {

using eventstore::ExpectedVersion;
using eventstore::testing::MakeEvent;
using eventstore::testing::OneWrite;
using testing::Keeper;
using testing::Output;

class ProofCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::testing::OpenStore(EventsDir(dir_.path()));
    AppendSome(*store, 9);
    auto identity = eventstore::LoadOrCreateSigningKey(KeysDir(dir_.path()),
                                                       "keeper.test/cli");
    ASSERT_TRUE(identity.ok());
    eventstore::CheckpointPublisher::Options manual;
    manual.background = false;
    auto publisher =
        eventstore::CheckpointPublisher::Start(*store, *identity, manual);
    ASSERT_TRUE(publisher.ok());
    AppendSome(*store, 4);  // beyond the saved checkpoint
    ASSERT_TRUE((*publisher)->PublishNow().ok());
  }
  static void AppendSome(eventstore::EventStore& store, int count) {
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(
          store
              .Append(OneWrite("case-1", ExpectedVersion::Any(), {MakeEvent()}))
              .ok());
    }
  }
  std::string DataDir() const { return "--data_dir " + dir_.path(); }
  std::string Save(const std::string& name, const std::string& text) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path) << text;
    return path;
  }

  TempDir dir_;
};

TEST_F(ProofCliTest, SavedCheckpointChecksTheStoreUntilHistoryIsRewritten) {
  const Output saved = Keeper(DataDir() + " checkpoint --tree_size 9");
  ASSERT_EQ(saved.exit_code, 0) << saved.out;
  EXPECT_EQ(saved.out.substr(0, saved.out.find('\n')), "keeper.test/cli");
  const Output key = Keeper(DataDir() + " key");
  ASSERT_EQ(key.exit_code, 0);
  const std::string checkpoint = Save("saved.checkpoint", saved.out);
  const std::string vkey = Save("saved.vkey", key.out);
  const std::string check = DataDir() + " --json verify --checkpoint " +
                            checkpoint + " --verifier_key " + vkey;

  Output before = Keeper(check);
  ASSERT_EQ(before.exit_code, 0) << before.out;
  EXPECT_TRUE(nlohmann::json::parse(before.out)["consistent"]);

  // Event 4 replaced by another valid-looking event: the chain breaks there.
  eventstore::EventEnvelope forged = MakeEvent();
  forged.set_position(4);
  eventstore::testing::OverwriteEvent(EventsDir(dir_.path()), 4,
                                      forged.SerializeAsString());
  Output after = Keeper(check);
  EXPECT_EQ(after.exit_code, 1) << after.out;
  auto report = nlohmann::json::parse(after.out);
  EXPECT_FALSE(report["consistent"]);
  EXPECT_EQ(report["first_bad_position"], 4);
}

TEST_F(ProofCliTest, AnotherKeysCheckpointIsRejected) {
  const Output saved = Keeper(DataDir() + " checkpoint");
  ASSERT_EQ(saved.exit_code, 0);
  auto stranger = eventstore::LoadOrCreateSigningKey(dir_.Sub("stranger"),
                                                     "keeper.test/cli");
  ASSERT_TRUE(stranger.ok());
  const std::string vkey =
      Save("stranger.vkey", FormatVerifierKey(stranger->verifier));
  const Output check =
      Keeper(DataDir() + " verify --checkpoint " +
             Save("saved.checkpoint", saved.out) + " --verifier_key " + vkey);
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("REJECTED"), std::string::npos) << check.out;
}

TEST_F(ProofCliTest, ProofsVerifyOnlyAsWritten) {
  const std::string vkey = Save("log.vkey", Keeper(DataDir() + " key").out);
  const std::string checkpoint =
      Save("saved.checkpoint", Keeper(DataDir() + " checkpoint").out);
  for (int position : {1, 7, 13}) {
    const Output proof = Keeper(DataDir() + " proof inclusion --position " +
                                std::to_string(position));
    ASSERT_EQ(proof.exit_code, 0) << proof.out;
    const std::string file = Save("inclusion.json", proof.out);
    const std::string verify = "proof verify --verifier_key " + vkey +
                               " --checkpoint " + checkpoint + " --proof ";
    const Output ok = Keeper(verify + file);
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_NE(ok.out.find("VALID"), std::string::npos);

    auto bundle = nlohmann::json::parse(proof.out);
    bundle["inclusion"]["position"] = std::to_string(position % 13 + 1);
    const Output moved = Keeper(verify + Save("moved.json", bundle.dump()));
    EXPECT_EQ(moved.exit_code, 1) << moved.out;
  }
  const Output consistency =
      Keeper(DataDir() + " proof consistency --first_size 9");
  ASSERT_EQ(consistency.exit_code, 0) << consistency.out;
  const Output ok = Keeper("proof verify --verifier_key " + vkey + " --proof " +
                           Save("c.json", consistency.out));
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  const Output garbage = Keeper("proof verify --verifier_key " + vkey +
                                " --proof " + Save("g.json", "{\"x\": 1}"));
  EXPECT_EQ(garbage.exit_code, 1) << garbage.out;
}

TEST_F(ProofCliTest, BenchVerifyPrintsItsFiguresAndRatio) {
  const Output bench = Keeper(
      "--json bench verify --verify_events 2000 --proof_events 5000 "
      "--proofs 200");
  ASSERT_EQ(bench.exit_code, 0) << bench.out;
  auto figures = nlohmann::json::parse(bench.out);
  EXPECT_GT(figures["verify_events_per_second"].get<double>(), 0);
  EXPECT_GT(figures["sha256_events_per_second"].get<double>(), 0);
  EXPECT_GT(figures["ratio"].get<double>(), 0);
  EXPECT_GT(figures["inclusion"]["p99_us"].get<double>(), 0);
}

}  // namespace
}  // namespace keeper::tools
