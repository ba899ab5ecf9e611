// The log's Merkle tree as stored: every complete node, written once, never
// changed (FORMAT.md, "The Merkle tree"). Internal to the store and its tools.
//
// Node (level, index) is the root of the perfect subtree over leaves
// [index << level, (index + 1) << level). Level 0 holds the leaf hashes. A
// node is stored when its last leaf is appended, so an append writes one
// leaf and, amortized, one interior node, and costs O(log n) hashes.
#ifndef KEEPER_EVENTSTORE_MERKLE_TREE_H_
#define KEEPER_EVENTSTORE_MERKLE_TREE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace keeper::eventstore {

struct MerkleNodeId {
  uint32_t level = 0;
  uint64_t index = 0;
};

// merkle column family key: u8(level) ‖ u64be(index).
std::string MerkleNodeKey(MerkleNodeId id);

// Reads stored nodes: sets `*hashes` to the hash of each of `ids`, in
// order; NOT_FOUND or DATA_LOSS when one cannot be read. The nodes a proof or a
// root needs follow from the tree sizes alone, so each asks for all of them in
// one call, which a store answers with one batched lookup.
using MerkleNodeReader = std::function<absl::Status(
    std::span<const MerkleNodeId> ids, std::vector<std::string>* hashes)>;

// A reader that asks `read` for one node at a time.
MerkleNodeReader ReadEachNode(
    std::function<absl::StatusOr<std::string>(MerkleNodeId)> read);

// The right edge of the tree: the roots of its perfect subtrees. Enough to
// append and to compute the root without reading anything.
class MerkleFrontier {
 public:
  // The frontier of the stored tree of `size` leaves.
  static absl::StatusOr<MerkleFrontier> Load(uint64_t size,
                                             const MerkleNodeReader& read);

  uint64_t size() const { return size_; }

  // Adds the leaf for `event_hash`; calls `store` for the leaf node and for
  // every interior node the leaf completes.
  void Append(
      const std::string& event_hash,
      const std::function<void(MerkleNodeId, const std::string&)>& store);

  std::string Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<std::string> roots_;  // largest subtree first
};

// Proofs and roots from stored nodes, O(log n) nodes each, read at once.
absl::StatusOr<std::string> MerkleRootAt(uint64_t size,
                                         const MerkleNodeReader& read);
// RFC 9162 §2.1.3.1 PATH(leaf_index, D[tree_size]).
absl::StatusOr<std::vector<std::string>> MerkleInclusionPath(
    uint64_t leaf_index, uint64_t tree_size, const MerkleNodeReader& read);
// RFC 9162 §2.1.4.1 PROOF(first_size, D[second_size]); empty when the
// sizes are equal or first_size is 0.
absl::StatusOr<std::vector<std::string>> MerkleConsistencyPath(
    uint64_t first_size, uint64_t second_size, const MerkleNodeReader& read);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_MERKLE_TREE_H_
