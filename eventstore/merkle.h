// Merkle tree hashing and proof verification, as RFC 9162 §2.1 defines them,
// over the log's event hashes. Pure functions with no storage: this is the
// part an independent verifier needs, and what the fuzzer exercises.
//
// Leaf i of a tree of size n is the event at position i + 1.
//
// Thread safety: every function may be called from any thread.
#ifndef KEEPER_EVENTSTORE_MERKLE_H_
#define KEEPER_EVENTSTORE_MERKLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace keeper::eventstore {

// SHA-256(0x00 ‖ event_hash).
std::string MerkleLeafHash(std::string_view event_hash);
// SHA-256(0x01 ‖ left ‖ right).
std::string MerkleNodeHash(std::string_view left, std::string_view right);
// The root of the empty tree: SHA-256 of nothing.
std::string MerkleEmptyRoot();

// The root over `leaf_hashes`, computed directly from the definition in
// O(n) time and O(log n) memory. For verifiers that trust no stored node.
class MerkleRootBuilder {
 public:
  void AddLeaf(std::string leaf_hash);
  // Adds `leaves` leaves at once by the root of their perfect subtree:
  // `leaves` must be a power of two that divides size().
  void AddSubtree(std::string root, uint64_t leaves);
  uint64_t size() const { return size_; }
  std::string Root() const;

 private:
  uint64_t size_ = 0;
  // Roots of the perfect subtrees along the right edge, largest first.
  std::vector<std::string> stack_;
};

// Checks an inclusion proof (RFC 9162 §2.1.3.2): that the leaf with
// `leaf_hash` is leaf `leaf_index` of the tree of `tree_size` with `root`.
// INVALID_ARGUMENT for a malformed proof, FAILED_PRECONDITION for one that
// does not lead to the root.
absl::Status VerifyInclusion(std::string_view leaf_hash, uint64_t leaf_index,
                             uint64_t tree_size,
                             const std::vector<std::string>& path,
                             std::string_view root);

// Checks a consistency proof (RFC 9162 §2.1.4.2): that the tree of
// `first_size` with `first_root` is a prefix of the tree of `second_size`
// with `second_root`. Equal sizes need an empty proof and equal roots; a
// first size of 0 is consistent with anything, with an empty proof.
absl::Status VerifyConsistency(uint64_t first_size, uint64_t second_size,
                               std::string_view first_root,
                               std::string_view second_root,
                               const std::vector<std::string>& path);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_MERKLE_H_
