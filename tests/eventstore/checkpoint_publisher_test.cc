// Signing checkpoints: keys made once and kept, checkpoints that follow the
// log, and a refusal to sign one inconsistent with what was signed before.
#include "eventstore/checkpoint_publisher.h"

#include <sys/stat.h>

#include "common/temp_dir.h"
#include "eventstore/merkle_tree.h"
#include "gtest/gtest.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;
using testing::OpenStore;

constexpr char kOrigin[] = "keeper.test/log";

void AppendSome(EventStore& store, int count) {
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(
        store.Append(OneWrite("s", ExpectedVersion::Any(), {MakeEvent()}))
            .ok());
  }
}

CheckpointPublisher::Options Manual() {
  CheckpointPublisher::Options options;
  options.background = false;
  return options;
}

TEST(SigningKeyTest, MadeOnceWithPrivateModeThenLoaded) {
  TempDir dir;
  auto made = LoadOrCreateSigningKey(dir.Sub("keys"), kOrigin);
  ASSERT_TRUE(made.ok()) << made.status();
  struct stat info;
  ASSERT_EQ(stat(SigningKeyPath(dir.Sub("keys")).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto loaded = LoadOrCreateSigningKey(dir.Sub("keys"), "ignored.origin");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->verifier.name, kOrigin);
  EXPECT_EQ(loaded->key.public_key(), made->key.public_key());
  auto vkey = LoadVerifierKey(VerifierKeyPath(dir.Sub("keys")));
  ASSERT_TRUE(vkey.ok()) << vkey.status();
  EXPECT_EQ(vkey->public_key, made->key.public_key());
}

TEST(CheckpointPublisherTest, SignsTheHeadAndKeepsEveryCheckpoint) {
  TempDir dir;
  auto store = OpenStore(dir.Sub("events"));
  auto identity = LoadOrCreateSigningKey(dir.Sub("keys"), kOrigin);
  ASSERT_TRUE(identity.ok());
  auto publisher = CheckpointPublisher::Start(*store, *identity, Manual());
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  EXPECT_EQ((*publisher)->Latest()->tree_size, 0u);

  AppendSome(*store, 5);
  auto five = (*publisher)->PublishNow();
  ASSERT_TRUE(five.ok()) << five.status();
  EXPECT_EQ(five->tree_size, 5u);
  AppendSome(*store, 4);
  auto nine = (*publisher)->PublishNow();
  ASSERT_TRUE(nine.ok());
  for (const StoredCheckpoint& kept : {*five, *nine}) {
    auto opened = OpenCheckpoint(kept.note, identity->verifier);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(opened->size, kept.tree_size);
    EXPECT_EQ(opened->root_hash, *store->MerkleRoot(kept.tree_size));
    EXPECT_EQ(store->CheckpointAt(kept.tree_size)->note, kept.note);
  }
  // Nothing new: the same checkpoint, not a second signature.
  EXPECT_EQ((*publisher)->PublishNow()->note, nine->note);
}

TEST(CheckpointPublisherTest, BackgroundThreadFollowsTheLog) {
  TempDir dir;
  auto store = OpenStore(dir.Sub("events"));
  auto identity = LoadOrCreateSigningKey(dir.Sub("keys"), kOrigin);
  ASSERT_TRUE(identity.ok());
  CheckpointPublisher::Options options;
  options.interval = absl::Milliseconds(20);
  auto publisher = CheckpointPublisher::Start(*store, *identity, options);
  ASSERT_TRUE(publisher.ok());
  AppendSome(*store, 7);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while ((*publisher)->Latest()->tree_size < 7 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ((*publisher)->Latest()->tree_size, 7u);
  auto latest = store->LatestCheckpoint();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->tree_size, 7u);
}

TEST(CheckpointPublisherTest, RefusesToSignATreeThatRewroteSignedHistory) {
  TempDir dir;
  auto identity = LoadOrCreateSigningKey(dir.Sub("keys"), kOrigin);
  ASSERT_TRUE(identity.ok());
  {
    auto store = OpenStore(dir.Sub("events"));
    AppendSome(*store, 6);
    auto publisher = CheckpointPublisher::Start(*store, *identity, Manual());
    ASSERT_TRUE(publisher.ok());
    EXPECT_EQ((*publisher)->Latest()->tree_size, 6u);
  }
  // Somebody rewrites a stored node of the signed tree: the root of its
  // first four leaves.
  testing::WriteRaw(dir.Sub("events"), kMerkleCf, MerkleNodeKey({2, 0}),
                    std::string(32, 'x'));
  auto store = OpenStore(dir.Sub("events"));
  auto publisher = CheckpointPublisher::Start(*store, *identity, Manual());
  ASSERT_TRUE(publisher.ok());
  AppendSome(*store, 1);
  auto refused = (*publisher)->PublishNow();
  EXPECT_TRUE(absl::IsDataLoss(refused.status())) << refused.status();
  EXPECT_EQ((*store->LatestCheckpoint())->tree_size, 6u);
}

TEST(CheckpointPublisherTest, AnotherLogsKeyCannotContinueTheLog) {
  TempDir dir;
  auto store = OpenStore(dir.Sub("events"));
  auto ours = LoadOrCreateSigningKey(dir.Sub("keys"), kOrigin);
  auto theirs = LoadOrCreateSigningKey(dir.Sub("other"), kOrigin);
  ASSERT_TRUE(ours.ok() && theirs.ok());
  ASSERT_TRUE(CheckpointPublisher::Start(*store, *ours, Manual()).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      CheckpointPublisher::Start(*store, *theirs, Manual()).status()));
}

}  // namespace
}  // namespace keeper::eventstore
