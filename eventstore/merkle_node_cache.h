// Merkle tree nodes held in memory for the proofs served from the store.
// Used by the store alone; outside internal/ so that tests can include it.
//
// A proof reads one node a level, each a RocksDB lookup of a few
// microseconds. The upper levels are few and shared by every proof, so
// holding them in memory removes most of the lookups; the lower levels are
// many and each proof's own, and are left to RocksDB. Stored nodes are
// written once and never change, so a cached node is never stale and
// nothing is ever invalidated.
#ifndef KEEPER_EVENTSTORE_MERKLE_NODE_CACHE_H_
#define KEEPER_EVENTSTORE_MERKLE_NODE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "eventstore/merkle_tree.h"
#include "eventstore/sha256.h"

namespace keeper::eventstore {

// A fixed table of nodes, each in one of two slots chosen by its id. A node
// takes a slot from a node of the same or a lower level, never from a
// higher one: the higher a node, the more proofs pass through it.
//
// Thread-safe. Memory is bounded at construction: `capacity_bytes` in
// 80-byte buckets of two nodes, at least one a shard, whose pages are
// touched only as nodes are held in them.
class MerkleNodeCache {
 public:
  explicit MerkleNodeCache(size_t capacity_bytes);
  ~MerkleNodeCache();
  MerkleNodeCache(const MerkleNodeCache&) = delete;
  MerkleNodeCache& operator=(const MerkleNodeCache&) = delete;

  // Copies the node to `*hash` and returns true when it is held.
  bool Lookup(MerkleNodeId id, Sha256Digest* hash) const;
  // Holds a node read from the store. `hash` is 32 bytes.
  void Insert(MerkleNodeId id, std::string_view hash);

  size_t capacity_bytes() const;
  // How many nodes it can hold at most, and holds now.
  size_t capacity_nodes() const;
  size_t nodes_held() const;

 private:
  struct Shard;
  static constexpr size_t kShards = 16;  // proofs on every handler thread

  std::unique_ptr<Shard[]> shards_;
  const size_t buckets_per_shard_;
};

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_MERKLE_NODE_CACHE_H_
