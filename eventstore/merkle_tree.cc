#include "eventstore/merkle_tree.h"

#include <bit>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/keys.h"
#include "eventstore/merkle.h"

namespace keeper::eventstore {
namespace {

// The largest power of two below n (n >= 2).
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

// MTH(D[begin:end]) where begin is aligned to a power of two at least
// end - begin, as every subtree in RFC 9162's recursions is: the stored
// perfect subtrees that tile the range, folded from the right.
absl::StatusOr<std::string> SubtreeHash(uint64_t begin, uint64_t end,
                                        const MerkleNodeReader& read) {
  std::vector<std::string> parts;
  for (uint64_t cursor = begin; cursor < end;) {
    const uint32_t level = std::bit_width(end - cursor) - 1;
    ASSIGN_OR_RETURN(std::string node, read({level, cursor >> level}));
    parts.push_back(std::move(node));
    cursor += uint64_t{1} << level;
  }
  std::string hash = std::move(parts.back());
  for (size_t i = parts.size() - 1; i-- > 0;) {
    hash = MerkleNodeHash(parts[i], hash);
  }
  return hash;
}

absl::Status InclusionPath(uint64_t leaf, uint64_t begin, uint64_t end,
                           const MerkleNodeReader& read,
                           std::vector<std::string>* path) {
  if (end - begin <= 1) return absl::OkStatus();
  const uint64_t k = SplitPoint(end - begin);
  if (leaf < k) {
    RETURN_IF_ERROR(InclusionPath(leaf, begin, begin + k, read, path));
    ASSIGN_OR_RETURN(std::string right, SubtreeHash(begin + k, end, read));
    path->push_back(std::move(right));
  } else {
    RETURN_IF_ERROR(InclusionPath(leaf - k, begin + k, end, read, path));
    ASSIGN_OR_RETURN(std::string left, SubtreeHash(begin, begin + k, read));
    path->push_back(std::move(left));
  }
  return absl::OkStatus();
}

absl::Status SubProof(uint64_t m, uint64_t begin, uint64_t end,
                      bool complete_subtree, const MerkleNodeReader& read,
                      std::vector<std::string>* path) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!complete_subtree) {
      ASSIGN_OR_RETURN(std::string hash, SubtreeHash(begin, end, read));
      path->push_back(std::move(hash));
    }
    return absl::OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    RETURN_IF_ERROR(
        SubProof(m, begin, begin + k, complete_subtree, read, path));
    ASSIGN_OR_RETURN(std::string right, SubtreeHash(begin + k, end, read));
    path->push_back(std::move(right));
  } else {
    RETURN_IF_ERROR(SubProof(m - k, begin + k, end, false, read, path));
    ASSIGN_OR_RETURN(std::string left, SubtreeHash(begin, begin + k, read));
    path->push_back(std::move(left));
  }
  return absl::OkStatus();
}

}  // namespace

std::string MerkleNodeKey(MerkleNodeId id) {
  std::string key(1, static_cast<char>(id.level));
  AppendU64(&key, id.index);
  return key;
}

absl::StatusOr<MerkleFrontier> MerkleFrontier::Load(
    uint64_t size, const MerkleNodeReader& read) {
  MerkleFrontier frontier;
  uint64_t cursor = 0;
  for (int level = 63; level >= 0; --level) {
    if (!((size >> level) & 1)) continue;
    ASSIGN_OR_RETURN(std::string node,
                     read({static_cast<uint32_t>(level), cursor >> level}));
    frontier.roots_.push_back(std::move(node));
    cursor += uint64_t{1} << level;
  }
  frontier.size_ = size;
  return frontier;
}

void MerkleFrontier::Append(
    const std::string& event_hash,
    const std::function<void(MerkleNodeId, const std::string&)>& store) {
  std::string node = MerkleLeafHash(event_hash);
  uint64_t index = size_;
  uint32_t level = 0;
  store({level, index}, node);
  // Each trailing one bit of the old size is a perfect subtree of that
  // level, now completed by its right sibling.
  for (uint64_t n = size_; n & 1; n >>= 1) {
    node = MerkleNodeHash(roots_.back(), node);
    roots_.pop_back();
    ++level;
    index >>= 1;
    store({level, index}, node);
  }
  roots_.push_back(std::move(node));
  ++size_;
}

std::string MerkleFrontier::Root() const {
  if (roots_.empty()) return MerkleEmptyRoot();
  std::string root = roots_.back();
  for (size_t i = roots_.size() - 1; i-- > 0;) {
    root = MerkleNodeHash(roots_[i], root);
  }
  return root;
}

absl::StatusOr<std::string> MerkleRootAt(uint64_t size,
                                         const MerkleNodeReader& read) {
  if (size == 0) return MerkleEmptyRoot();
  return SubtreeHash(0, size, read);
}

absl::StatusOr<std::vector<std::string>> MerkleInclusionPath(
    uint64_t leaf_index, uint64_t tree_size, const MerkleNodeReader& read) {
  if (leaf_index >= tree_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf ", leaf_index, " is not in a tree of size ", tree_size));
  }
  std::vector<std::string> path;
  RETURN_IF_ERROR(InclusionPath(leaf_index, 0, tree_size, read, &path));
  return path;
}

absl::StatusOr<std::vector<std::string>> MerkleConsistencyPath(
    uint64_t first_size, uint64_t second_size, const MerkleNodeReader& read) {
  if (first_size > second_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "first_size ", first_size, " is above second_size ", second_size));
  }
  std::vector<std::string> path;
  if (first_size == 0 || first_size == second_size) return path;
  RETURN_IF_ERROR(SubProof(first_size, 0, second_size, true, read, &path));
  return path;
}

}  // namespace keeper::eventstore
