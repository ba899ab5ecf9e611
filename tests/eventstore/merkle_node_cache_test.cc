// The proofs' node cache: what it holds, and that the nodes proofs pass
// through most (the higher ones) are the ones it keeps when full.
#include "eventstore/merkle_node_cache.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace keeper::eventstore {
namespace {

std::string HashOf(MerkleNodeId id) {
  std::string hash(kSha256Bytes, '\0');
  for (size_t i = 0; i < hash.size(); ++i) {
    hash[i] = static_cast<char>(id.level * 31 + id.index * 7 + i);
  }
  return hash;
}

std::string Held(const MerkleNodeCache& cache, MerkleNodeId id) {
  Sha256Digest hash;
  if (!cache.Lookup(id, &hash)) return "";
  return std::string(AsView(hash));
}

TEST(MerkleNodeCacheTest, ReturnsWhatWasInsertedAndNothingElse) {
  MerkleNodeCache cache(1 << 20);
  const MerkleNodeId node{3, 12345};
  EXPECT_EQ(Held(cache, node), "");
  cache.Insert(node, HashOf(node));
  EXPECT_EQ(Held(cache, node), HashOf(node));
  // Neighbours and the same index at another level are other nodes.
  EXPECT_EQ(Held(cache, {3, 12344}), "");
  EXPECT_EQ(Held(cache, {4, 12345}), "");
  EXPECT_EQ(Held(cache, {2, 12345}), "");
}

TEST(MerkleNodeCacheTest, CountsTheNodesItHolds) {
  MerkleNodeCache cache(1 << 20);
  EXPECT_EQ(cache.capacity_nodes(), cache.capacity_bytes() / 40);
  EXPECT_EQ(cache.nodes_held(), 0u);
  for (uint64_t index = 0; index < 10; ++index) {
    cache.Insert({1, index}, HashOf({1, index}));
  }
  cache.Insert({1, 3}, HashOf({1, 3}));  // held already
  EXPECT_EQ(cache.nodes_held(), 10u);
}

TEST(MerkleNodeCacheTest, IgnoresAHashOfTheWrongSize) {
  MerkleNodeCache cache(1 << 20);
  cache.Insert({1, 1}, "short");
  EXPECT_EQ(Held(cache, {1, 1}), "");
}

TEST(MerkleNodeCacheTest, MemoryIsFixedByTheCapacity) {
  EXPECT_LE(MerkleNodeCache(8 << 20).capacity_bytes(), size_t{8} << 20);
  EXPECT_GT(MerkleNodeCache(8 << 20).capacity_bytes(), size_t{7} << 20);
  // Even a zero capacity holds a node a shard, so a store always opens.
  EXPECT_GT(MerkleNodeCache(0).capacity_bytes(), 0u);
}

// With far more nodes than slots, every higher node held is still held
// after many lower ones have been inserted.
TEST(MerkleNodeCacheTest, WhenFullKeepsTheHigherNodes) {
  MerkleNodeCache cache(64 << 10);  // 816 buckets of two
  const uint32_t kTop = 20;
  const int kTopNodes = 200;
  for (uint64_t index = 0; index < kTopNodes; ++index) {
    cache.Insert({kTop, index}, HashOf({kTop, index}));
  }
  // Three of them in one bucket push one out; most are held.
  std::vector<uint64_t> top_held;
  for (uint64_t index = 0; index < kTopNodes; ++index) {
    if (!Held(cache, {kTop, index}).empty()) top_held.push_back(index);
  }
  EXPECT_GT(top_held.size(), 190u);
  for (uint32_t level = 0; level < 4; ++level) {
    for (uint64_t index = 0; index < 20000; ++index) {
      cache.Insert({level, index}, HashOf({level, index}));
    }
  }
  for (uint64_t index : top_held) {
    EXPECT_EQ(Held(cache, {kTop, index}), HashOf({kTop, index})) << index;
  }
  // The lower nodes share what is left, each held at most once.
  size_t held = 0;
  for (uint32_t level = 0; level < 4; ++level) {
    for (uint64_t index = 0; index < 20000; ++index) {
      const std::string found = Held(cache, {level, index});
      if (found.empty()) continue;
      EXPECT_EQ(found, HashOf({level, index}));
      ++held;
    }
  }
  EXPECT_GT(held, 0u);
  EXPECT_LE(held + top_held.size(), cache.capacity_bytes() / 40);
}

}  // namespace
}  // namespace keeper::eventstore
