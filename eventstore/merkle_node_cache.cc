#include "eventstore/merkle_node_cache.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <type_traits>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace keeper::eventstore {
namespace {

// 0 is an empty slot. Levels fit in 8 bits and indexes in 56 for any log
// that can exist.
uint64_t Tag(MerkleNodeId id) {
  return (uint64_t{id.level + 1} << 56) |
         (id.index & ((uint64_t{1} << 56) - 1));
}

uint32_t LevelOf(uint64_t tag) { return static_cast<uint32_t>(tag >> 56) - 1; }

// splitmix64's finalizer: neighbouring nodes land in unrelated slots.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct Slot {
  uint64_t tag = 0;
  Sha256Digest hash;
};

// Two slots a node may take: fewer nodes of the same level push each other
// out than with one.
struct Bucket {
  Slot slots[2];
};

}  // namespace

struct MerkleNodeCache::Shard {
  mutable absl::Mutex mu;
  // calloc'd: all zero is every slot empty, and the pages of a large table
  // are only touched, and only count in the process's memory, once used.
  Bucket* buckets ABSL_PT_GUARDED_BY(mu) = nullptr;
  size_t held ABSL_GUARDED_BY(mu) = 0;

  ~Shard() { std::free(buckets); }
};

MerkleNodeCache::MerkleNodeCache(size_t capacity_bytes)
    : shards_(new Shard[kShards]),
      buckets_per_shard_(
          std::max<size_t>(1, capacity_bytes / sizeof(Bucket) / kShards)) {
  static_assert(std::is_trivially_copyable_v<Bucket>);
  for (size_t i = 0; i < kShards; ++i) {
    void* table = std::calloc(buckets_per_shard_, sizeof(Bucket));
    if (table == nullptr) std::abort();  // as operator new would
    absl::MutexLock lock(&shards_[i].mu);
    shards_[i].buckets = static_cast<Bucket*>(table);
  }
}

MerkleNodeCache::~MerkleNodeCache() = default;

size_t MerkleNodeCache::capacity_bytes() const {
  return kShards * buckets_per_shard_ * sizeof(Bucket);
}

size_t MerkleNodeCache::capacity_nodes() const {
  return kShards * buckets_per_shard_ * std::size(Bucket{}.slots);
}

size_t MerkleNodeCache::nodes_held() const {
  size_t held = 0;
  for (size_t i = 0; i < kShards; ++i) {
    absl::MutexLock lock(&shards_[i].mu);
    held += shards_[i].held;
  }
  return held;
}

bool MerkleNodeCache::Lookup(MerkleNodeId id, Sha256Digest* hash) const {
  const uint64_t tag = Tag(id);
  const uint64_t mixed = Mix(tag);
  Shard& shard = shards_[mixed % kShards];
  absl::MutexLock lock(&shard.mu);
  const Bucket& bucket = shard.buckets[(mixed / kShards) % buckets_per_shard_];
  for (const Slot& slot : bucket.slots) {
    if (slot.tag == tag) {
      *hash = slot.hash;
      return true;
    }
  }
  return false;
}

void MerkleNodeCache::Insert(MerkleNodeId id, std::string_view hash) {
  if (hash.size() != kSha256Bytes) return;
  const uint64_t tag = Tag(id);
  const uint64_t mixed = Mix(tag);
  Shard& shard = shards_[mixed % kShards];
  absl::MutexLock lock(&shard.mu);
  Bucket& bucket = shard.buckets[(mixed / kShards) % buckets_per_shard_];
  // The empty slot, else the one holding the lower node.
  Slot* victim = &bucket.slots[0];
  for (Slot& slot : bucket.slots) {
    if (slot.tag == tag) return;
    if (slot.tag == 0) {
      victim = &slot;
      break;
    }
    if (LevelOf(slot.tag) < LevelOf(victim->tag)) victim = &slot;
  }
  if (victim->tag != 0 && LevelOf(victim->tag) > id.level) return;
  if (victim->tag == 0) ++shard.held;
  victim->tag = tag;
  hash.copy(victim->hash.data(), kSha256Bytes);
}

}  // namespace keeper::eventstore
