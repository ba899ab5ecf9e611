// Attacks on a store through RocksDB, bypassing the server: every changed
// byte of an event is found and pinned to its position, and a saved
// checkpoint exposes removed, rewritten or replaced history.
#include <random>

#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/hash_chain.h"
#include "eventstore/merkle_tree.h"
#include "google/protobuf/stubs/logging.h"
#include "gtest/gtest.h"
#include "tests/eventstore/raw_db.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;
using testing::OpenStore;
using testing::RawDb;

constexpr int kEvents = 24;
constexpr char kOrigin[] = "keeper.test/tamper";

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenStore(dir_.Sub("events"));
    for (int i = 0; i < kEvents; ++i) {
      ASSERT_TRUE(
          store
              ->Append(OneWrite(
                  "case-" + std::to_string(i % 3), ExpectedVersion::Any(),
                  {MakeEvent("Tested", "body " + std::to_string(i))}))
              .ok());
    }
    auto identity = LoadOrCreateSigningKey(dir_.Sub("keys"), kOrigin);
    ASSERT_TRUE(identity.ok());
    verifier_ = identity->verifier;
    CheckpointPublisher::Options manual;
    manual.background = false;
    auto publisher = CheckpointPublisher::Start(*store, *identity, manual);
    ASSERT_TRUE(publisher.ok());
    auto opened = OpenCheckpoint((*publisher)->Latest()->note, verifier_);
    ASSERT_TRUE(opened.ok());
    saved_ = *opened;
    ASSERT_EQ(saved_.size, static_cast<uint64_t>(kEvents));
  }

  CheckpointReport CheckAgainstSaved() {
    auto store = OpenStore(dir_.Sub("events"));
    auto report = VerifyAgainstCheckpoint(*store, saved_);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : CheckpointReport{};
  }

  TempDir dir_;
  NoteVerifier verifier_;
  Checkpoint saved_;
};

TEST_F(TamperTest, HonestStoreThatGrewIsConsistentWithTheSavedCheckpoint) {
  {
    auto store = OpenStore(dir_.Sub("events"));
    ASSERT_TRUE(
        store->Append(OneWrite("case-9", ExpectedVersion::Any(), {MakeEvent()}))
            .ok());
  }
  CheckpointReport report = CheckAgainstSaved();
  EXPECT_TRUE(report.consistent) << report.problem;
}

TEST_F(TamperTest, EveryChangedByteIsPinnedToItsPosition) {
  std::mt19937 random(7);
  // Every byte of one event, and two random bytes of every other one.
  std::vector<std::pair<uint64_t, size_t>> changes;
  for (uint64_t position = 1; position <= kEvents; ++position) {
    const size_t size = [&] {
      RawDb raw(dir_.Sub("events"));
      return raw.Get(kEventsCf, EncodeU64(position)).size();
    }();
    if (position == 13) {
      for (size_t offset = 0; offset < size; ++offset) {
        changes.emplace_back(position, offset);
      }
    } else {
      for (int i = 0; i < 2; ++i)
        changes.emplace_back(position, random() % size);
    }
  }
  // One raw writer and one secondary reader stay open; each change is made,
  // verified and undone.
  RawDb raw(dir_.Sub("events"));
  google::protobuf::LogSilencer quiet;  // unparseable values are expected
  EventStore::Options options;
  options.data_dir = dir_.Sub("events");
  options.mode = EventStore::Mode::kSecondary;
  auto reader = EventStore::Open(options);
  ASSERT_TRUE(reader.ok()) << reader.status();
  for (const auto& [position, offset] : changes) {
    const std::string key = EncodeU64(position);
    const std::string original = raw.Get(kEventsCf, key);
    std::string altered = original;
    altered[offset] ^= static_cast<char>(1 + random() % 255);
    raw.Put(kEventsCf, key, altered);
    absl::Status refreshed = (*reader)->Refresh();
    if (!refreshed.ok()) {
      // Only the head is read on refresh; it names its position.
      EXPECT_EQ(position, static_cast<uint64_t>(kEvents));
      EXPECT_NE(refreshed.message().find(std::to_string(position)),
                std::string::npos)
          << refreshed;
    } else {
      auto report = VerifyChain(**reader);
      ASSERT_TRUE(report.ok()) << report.status();
      EXPECT_EQ(report->first_bad_position, position)
          << "byte " << offset << ": " << report->problem;
    }
    raw.Put(kEventsCf, key, original);
    ASSERT_TRUE((*reader)->Refresh().ok());
  }
  auto clean = VerifyChain(**reader);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->intact());
}

TEST_F(TamperTest, DeletingTheNewestEventsIsDetected) {
  {
    RawDb raw(dir_.Sub("events"));
    for (uint64_t position = kEvents - 2; position <= kEvents; ++position) {
      raw.Delete(kEventsCf, EncodeU64(position));
    }
  }
  CheckpointReport report = CheckAgainstSaved();
  EXPECT_TRUE(report.chain.intact());  // the chain alone cannot tell
  EXPECT_FALSE(report.consistent);
  EXPECT_NE(report.problem.find("removed"), std::string::npos)
      << report.problem;
}

TEST_F(TamperTest, RewritingHistoryWithChainAndTreeRecomputedIsDetected) {
  {
    RawDb raw(dir_.Sub("events"));
    std::string prev_hash = GenesisHash();
    MerkleFrontier frontier;
    for (uint64_t position = 1; position <= kEvents; ++position) {
      EventEnvelope event;
      ASSERT_TRUE(
          event.ParseFromString(raw.Get(kEventsCf, EncodeU64(position))));
      if (position == 5) event.set_purpose("something else entirely");
      event.set_prev_hash(prev_hash);
      event.clear_hash();
      event.set_hash(ComputeEventHash(event));
      prev_hash = event.hash();
      raw.Put(kEventsCf, EncodeU64(position), event.SerializeAsString());
      frontier.Append(event.hash(),
                      [&](MerkleNodeId id, const std::string& hash) {
                        raw.Put(kMerkleCf, MerkleNodeKey(id), hash);
                      });
    }
  }
  CheckpointReport report = CheckAgainstSaved();
  EXPECT_TRUE(report.chain.intact());  // a perfect forgery of the chain...
  EXPECT_FALSE(report.consistent);     // ...that the checkpoint exposes
  EXPECT_NE(report.problem.find("rewritten"), std::string::npos)
      << report.problem;
}

TEST_F(TamperTest, ADifferentHistoryOfTheSameSizeIsDetected) {
  TempDir other;
  auto store = OpenStore(other.path());
  for (int i = 0; i < kEvents; ++i) {
    ASSERT_TRUE(
        store->Append(OneWrite("case-x", ExpectedVersion::Any(), {MakeEvent()}))
            .ok());
  }
  auto report = VerifyAgainstCheckpoint(*store, saved_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->chain.intact());
  EXPECT_EQ(report->chain.events, saved_.size);
  EXPECT_FALSE(report->consistent);
}

TEST_F(TamperTest, AStoredTreeThatDisagreesWithTheEventsIsDetected) {
  {
    RawDb raw(dir_.Sub("events"));
    raw.Put(kMerkleCf, MerkleNodeKey({4, 0}), std::string(32, '\x01'));
  }
  CheckpointReport report = CheckAgainstSaved();
  EXPECT_FALSE(report.consistent);
  EXPECT_NE(report.problem.find("Merkle tree"), std::string::npos)
      << report.problem;
}

}  // namespace
}  // namespace keeper::eventstore
