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

// The stored nodes a result is folded from, known from the sizes alone:
// groups of nodes, each group the perfect subtrees that tile one range.
struct Plan {
  std::vector<MerkleNodeId> nodes;
  std::vector<size_t> group_ends;  // one past each group's last node

  // MTH(D[begin:end]) where begin is aligned to a power of two at least
  // end - begin, as every subtree in RFC 9162's recursions is.
  void AddSubtree(uint64_t begin, uint64_t end) {
    for (uint64_t cursor = begin; cursor < end;) {
      const uint32_t level = std::bit_width(end - cursor) - 1;
      nodes.push_back({level, cursor >> level});
      cursor += uint64_t{1} << level;
    }
    group_ends.push_back(nodes.size());
  }

  // Reads every node at once, then folds each group from the right.
  absl::StatusOr<std::vector<std::string>> Fold(
      const MerkleNodeReader& read) const {
    std::vector<std::string> hashes;
    RETURN_IF_ERROR(read(nodes, &hashes));
    if (hashes.size() != nodes.size()) {
      return absl::InternalError("the node reader returned too few nodes");
    }
    std::vector<std::string> folded;
    folded.reserve(group_ends.size());
    size_t begin = 0;
    for (const size_t end : group_ends) {
      std::string hash = std::move(hashes[end - 1]);
      for (size_t i = end - 1; i-- > begin;) {
        hash = MerkleNodeHash(hashes[i], hash);
      }
      folded.push_back(std::move(hash));
      begin = end;
    }
    return folded;
  }
};

void PlanInclusion(uint64_t leaf, uint64_t begin, uint64_t end, Plan* plan) {
  if (end - begin <= 1) return;
  const uint64_t k = SplitPoint(end - begin);
  if (leaf < k) {
    PlanInclusion(leaf, begin, begin + k, plan);
    plan->AddSubtree(begin + k, end);
  } else {
    PlanInclusion(leaf - k, begin + k, end, plan);
    plan->AddSubtree(begin, begin + k);
  }
}

void PlanSubProof(uint64_t m, uint64_t begin, uint64_t end,
                  bool complete_subtree, Plan* plan) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!complete_subtree) plan->AddSubtree(begin, end);
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    PlanSubProof(m, begin, begin + k, complete_subtree, plan);
    plan->AddSubtree(begin + k, end);
  } else {
    PlanSubProof(m - k, begin + k, end, false, plan);
    plan->AddSubtree(begin, begin + k);
  }
}

}  // namespace

MerkleNodeReader ReadEachNode(
    std::function<absl::StatusOr<std::string>(MerkleNodeId)> read) {
  return [read = std::move(read)](std::span<const MerkleNodeId> ids,
                                  std::vector<std::string>* hashes) {
    hashes->clear();
    for (const MerkleNodeId id : ids) {
      ASSIGN_OR_RETURN(std::string hash, read(id));
      hashes->push_back(std::move(hash));
    }
    return absl::OkStatus();
  };
}

std::string MerkleNodeKey(MerkleNodeId id) {
  std::string key(1, static_cast<char>(id.level));
  AppendU64(&key, id.index);
  return key;
}

absl::StatusOr<MerkleFrontier> MerkleFrontier::Load(
    uint64_t size, const MerkleNodeReader& read) {
  // The frontier's roots are the perfect subtrees that tile [0, size).
  std::vector<MerkleNodeId> ids;
  for (uint64_t cursor = 0; cursor < size;) {
    const uint32_t level = std::bit_width(size - cursor) - 1;
    ids.push_back({level, cursor >> level});
    cursor += uint64_t{1} << level;
  }
  MerkleFrontier frontier;
  RETURN_IF_ERROR(read(ids, &frontier.roots_));
  if (frontier.roots_.size() != ids.size()) {
    return absl::InternalError("the node reader returned too few nodes");
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
  Plan plan;
  plan.AddSubtree(0, size);
  ASSIGN_OR_RETURN(std::vector<std::string> root, plan.Fold(read));
  return std::move(root[0]);
}

absl::StatusOr<std::vector<std::string>> MerkleInclusionPath(
    uint64_t leaf_index, uint64_t tree_size, const MerkleNodeReader& read) {
  if (leaf_index >= tree_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf ", leaf_index, " is not in a tree of size ", tree_size));
  }
  Plan plan;
  PlanInclusion(leaf_index, 0, tree_size, &plan);
  return plan.Fold(read);
}

absl::StatusOr<std::vector<std::string>> MerkleConsistencyPath(
    uint64_t first_size, uint64_t second_size, const MerkleNodeReader& read) {
  if (first_size > second_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "first_size ", first_size, " is above second_size ", second_size));
  }
  Plan plan;
  if (first_size > 0 && first_size < second_size) {
    PlanSubProof(first_size, 0, second_size, true, &plan);
  }
  return plan.Fold(read);
}

}  // namespace keeper::eventstore
