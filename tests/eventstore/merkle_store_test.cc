// The store's Merkle tree: written with the events it covers, equal to the
// tree recomputed from the event hashes at every size, and kept across
// restarts; and its kept checkpoints.
#include <thread>

#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/event_store.h"
#include "eventstore/merkle.h"
#include "gtest/gtest.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;
using testing::OpenStore;

// Roots at every size 0..head, recomputed from the events alone.
std::vector<std::string> ExpectedRoots(const EventStore& store) {
  std::vector<std::string> leaves;
  EXPECT_TRUE(store
                  .Scan(1, 0,
                        [&](const EventEnvelope& event) {
                          leaves.push_back(MerkleLeafHash(event.hash()));
                          return absl::OkStatus();
                        })
                  .ok());
  MerkleRootBuilder builder;
  std::vector<std::string> roots{builder.Root()};
  for (const std::string& leaf : leaves) {
    builder.AddLeaf(leaf);
    roots.push_back(builder.Root());
  }
  return roots;
}

void AppendConcurrently(EventStore& store, int threads, int per_thread) {
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&store, t, per_thread] {
      for (int i = 0; i < per_thread; ++i) {
        auto result = store.Append(OneWrite("stream-" + std::to_string(t),
                                            ExpectedVersion::Any(),
                                            {MakeEvent(), MakeEvent()}));
        ASSERT_TRUE(result.ok()) << result.status();
      }
    });
  }
  for (auto& writer : writers) writer.join();
}

void ExpectTreeMatchesEvents(const EventStore& store) {
  const std::vector<std::string> roots = ExpectedRoots(store);
  const uint64_t head = store.GetHead().position;
  ASSERT_EQ(roots.size(), head + 1);
  for (uint64_t size = 0; size <= head; ++size) {
    auto root = store.MerkleRoot(size);
    ASSERT_TRUE(root.ok()) << root.status();
    ASSERT_EQ(*root, roots[size]) << "size " << size;
  }
  for (uint64_t position = 1; position <= head; ++position) {
    auto event = store.ReadPosition(position);
    ASSERT_TRUE(event.ok());
    auto path = store.InclusionProof(position, head);
    ASSERT_TRUE(path.ok()) << path.status();
    EXPECT_TRUE(VerifyInclusion(MerkleLeafHash(event->hash()), position - 1,
                                head, *path, roots[head])
                    .ok())
        << position;
  }
  for (uint64_t first = 0; first <= head; first += 3) {
    auto proof = store.ConsistencyProof(first, head);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_TRUE(
        VerifyConsistency(first, head, roots[first], roots[head], *proof).ok())
        << first;
  }
}

TEST(MerkleStoreTest, TreeMatchesTheEventsAfterConcurrentGroups) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  AppendConcurrently(*store, 8, 12);
  ASSERT_EQ(store->GetHead().position, 8u * 12 * 2);
  ExpectTreeMatchesEvents(*store);
}

TEST(MerkleStoreTest, TreeContinuesAcrossRestarts) {
  TempDir dir;
  for (int run = 0; run < 3; ++run) {
    auto store = OpenStore(dir.path());
    AppendConcurrently(*store, 3, 5 + run);
  }
  auto store = OpenStore(dir.path());
  ExpectTreeMatchesEvents(*store);
  auto report = VerifyChain(*store);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->tree_root, *store->MerkleRoot(store->GetHead().position));
}

// 40 leaves: nodes 40 + 20 + 10 + 5 + 2 + 1 at levels 0 to 5.
constexpr uint64_t kNodesOf40Leaves = 78;

TEST(MerkleStoreTest, CommittedNodesAreHeldBeforeAnyProofAsksForThem) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  EXPECT_EQ(store->GetMemoryStats().merkle_nodes_held, 0u);
  AppendConcurrently(*store, 2, 10);
  ASSERT_EQ(store->GetHead().position, 40u);
  EXPECT_EQ(store->GetMemoryStats().merkle_nodes_held, kNodesOf40Leaves);
  ExpectTreeMatchesEvents(*store);
}

TEST(MerkleStoreTest, AReopenedStoreHoldsTheTopOfTheTree) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    AppendConcurrently(*store, 2, 10);
  }
  auto store = OpenStore(dir.path());
  // A tree this small fits the cache's share for its top levels.
  EXPECT_EQ(store->GetMemoryStats().merkle_nodes_held, kNodesOf40Leaves);
  ExpectTreeMatchesEvents(*store);
}

TEST(MerkleStoreTest, SecondaryServesTheSameProofs) {
  TempDir dir;
  auto primary = OpenStore(dir.path());
  AppendConcurrently(*primary, 2, 10);
  EventStore::Options options;
  options.data_dir = dir.path();
  options.mode = EventStore::Mode::kSecondary;
  auto secondary = EventStore::Open(options);
  ASSERT_TRUE(secondary.ok()) << secondary.status();
  EXPECT_EQ(*(*secondary)->MerkleRoot(40), *primary->MerkleRoot(40));
  EXPECT_EQ(*(*secondary)->InclusionProof(7, 33),
            *primary->InclusionProof(7, 33));
}

// Proofs served while the tree grows, from nodes cached by earlier proofs,
// with a cache far smaller than the tree so that nodes are pushed out.
TEST(MerkleStoreTest, ProofsStayRightAsTheTreeGrowsPastTheCache) {
  TempDir dir;
  EventStore::Options options;
  options.data_dir = dir.path();
  options.sync = false;
  options.merkle_cache_bytes = 0;  // a node a shard
  auto store = EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  for (int round = 0; round < 3; ++round) {
    AppendConcurrently(**store, 3, 7);
    ExpectTreeMatchesEvents(**store);
  }
}

TEST(MerkleStoreTest, SizesBeyondTheHeadAreOutOfRange) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  AppendConcurrently(*store, 1, 2);
  EXPECT_TRUE(absl::IsOutOfRange(store->MerkleRoot(5).status()));
  EXPECT_TRUE(absl::IsOutOfRange(store->InclusionProof(5, 5).status()));
  EXPECT_TRUE(absl::IsOutOfRange(store->InclusionProof(0, 4).status()));
  EXPECT_TRUE(absl::IsOutOfRange(store->InclusionProof(4, 3).status()));
  EXPECT_TRUE(absl::IsOutOfRange(store->ConsistencyProof(1, 5).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store->ConsistencyProof(4, 3).status()));
}

TEST(MerkleStoreTest, CheckpointsAreKeptAndNeverReplaced) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto none = store->LatestCheckpoint();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  AppendConcurrently(*store, 1, 3);
  ASSERT_TRUE(store->PutCheckpoint({2, "note at 2\n"}).ok());
  ASSERT_TRUE(store->PutCheckpoint({6, "note at 6\n"}).ok());
  ASSERT_TRUE(store->PutCheckpoint({6, "note at 6\n"}).ok());  // idempotent
  EXPECT_TRUE(
      absl::IsAlreadyExists(store->PutCheckpoint({6, "another note\n"})));
  EXPECT_TRUE(
      absl::IsFailedPrecondition(store->PutCheckpoint({7, "too far\n"})));
  auto latest = store->LatestCheckpoint();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->tree_size, 6u);
  EXPECT_EQ((*latest)->note, "note at 6\n");
  EXPECT_EQ(store->CheckpointAt(2)->note, "note at 2\n");
  EXPECT_TRUE(absl::IsNotFound(store->CheckpointAt(3).status()));
}

}  // namespace
}  // namespace keeper::eventstore
