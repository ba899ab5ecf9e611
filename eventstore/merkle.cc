#include "eventstore/merkle.h"

#include "absl/strings/str_cat.h"
#include "eventstore/sha256.h"

namespace keeper::eventstore {
namespace {

constexpr size_t kHashBytes = 32;

absl::Status CheckHashes(const std::vector<std::string>& path,
                         absl::string_view what) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i].size() != kHashBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " hash ", i, " has ", path[i].size(), " bytes, not 32"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckHash(std::string_view hash, absl::string_view what) {
  if (hash.size() == kHashBytes) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " has ", hash.size(), " bytes, not 32"));
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

std::string MerkleLeafHash(std::string_view event_hash) {
  // One buffer, one digest call, as for a node.
  char buffer[1 + kHashBytes];
  if (event_hash.size() != kHashBytes) {
    return Sha256(std::string(1, '\0').append(event_hash));
  }
  buffer[0] = 0x00;
  event_hash.copy(buffer + 1, kHashBytes);
  return Sha256(std::string_view(buffer, sizeof(buffer)));
}

std::string MerkleNodeHash(std::string_view left, std::string_view right) {
  // One buffer, one digest call: this is the hot path of every append.
  char buffer[1 + 2 * kHashBytes];
  buffer[0] = 0x01;
  left.copy(buffer + 1, kHashBytes);
  right.copy(buffer + 1 + kHashBytes, kHashBytes);
  return Sha256(std::string_view(buffer, sizeof(buffer)));
}

std::string MerkleEmptyRoot() { return Sha256(""); }

void MerkleRootBuilder::AddLeaf(std::string leaf_hash) {
  stack_.push_back(std::move(leaf_hash));
  // Each trailing one bit of the old size is a perfect subtree that the new
  // leaf completes.
  for (uint64_t n = size_; n & 1; n >>= 1) {
    std::string right = std::move(stack_.back());
    stack_.pop_back();
    stack_.back() = MerkleNodeHash(stack_.back(), right);
  }
  ++size_;
}

void MerkleRootBuilder::AddSubtree(std::string root, uint64_t leaves) {
  stack_.push_back(std::move(root));
  // As AddLeaf, one level up for each doubling in `leaves`.
  for (uint64_t n = size_ / leaves; n & 1; n >>= 1) {
    std::string right = std::move(stack_.back());
    stack_.pop_back();
    stack_.back() = MerkleNodeHash(stack_.back(), right);
  }
  size_ += leaves;
}

std::string MerkleRootBuilder::Root() const {
  if (stack_.empty()) return MerkleEmptyRoot();
  std::string root = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) {
    root = MerkleNodeHash(stack_[i], root);
  }
  return root;
}

absl::Status VerifyInclusion(std::string_view leaf_hash, uint64_t leaf_index,
                             uint64_t tree_size,
                             const std::vector<std::string>& path,
                             std::string_view root) {
  if (leaf_index >= tree_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf_index ", leaf_index, " is not below tree_size ", tree_size));
  }
  if (absl::Status s = CheckHash(leaf_hash, "the leaf hash"); !s.ok()) return s;
  if (absl::Status s = CheckHash(root, "the root hash"); !s.ok()) return s;
  if (absl::Status s = CheckHashes(path, "inclusion proof"); !s.ok()) return s;
  uint64_t fn = leaf_index;
  uint64_t sn = tree_size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : path) {
    if (sn == 0) {
      return absl::InvalidArgumentError(
          "the inclusion proof is longer than the tree is deep");
    }
    if ((fn & 1) || fn == sn) {
      r = MerkleNodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(
        "the inclusion proof is shorter than the tree is deep");
  }
  if (r != root) {
    return absl::FailedPreconditionError(
        "the inclusion proof does not lead to the root hash");
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t first_size, uint64_t second_size,
                               std::string_view first_root,
                               std::string_view second_root,
                               const std::vector<std::string>& path) {
  if (first_size > second_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "first_size ", first_size, " is above second_size ", second_size));
  }
  if (absl::Status s = CheckHash(first_root, "the first root"); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckHash(second_root, "the second root"); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckHashes(path, "consistency proof"); !s.ok()) {
    return s;
  }
  if (first_size == 0 || first_size == second_size) {
    if (!path.empty()) {
      return absl::InvalidArgumentError(
          "a consistency proof from size 0 or to the same size is empty");
    }
    if (first_size == second_size && first_root != second_root) {
      return absl::FailedPreconditionError(
          "two trees of the same size have different roots");
    }
    return absl::OkStatus();
  }
  if (path.empty()) {
    return absl::InvalidArgumentError("the consistency proof is empty");
  }
  std::vector<std::string> proof;
  if (IsPowerOfTwo(first_size)) proof.emplace_back(first_root);
  proof.insert(proof.end(), path.begin(), path.end());

  uint64_t fn = first_size - 1;
  uint64_t sn = second_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = proof[0];
  std::string sr = proof[0];
  for (size_t i = 1; i < proof.size(); ++i) {
    const std::string& c = proof[i];
    if (sn == 0) {
      return absl::InvalidArgumentError(
          "the consistency proof is longer than the tree is deep");
    }
    if ((fn & 1) || fn == sn) {
      fr = MerkleNodeHash(c, fr);
      sr = MerkleNodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = MerkleNodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(
        "the consistency proof is shorter than the tree is deep");
  }
  if (fr != first_root) {
    return absl::FailedPreconditionError(
        "the consistency proof does not lead to the first root");
  }
  if (sr != second_root) {
    return absl::FailedPreconditionError(
        "the consistency proof does not lead to the second root");
  }
  return absl::OkStatus();
}

}  // namespace keeper::eventstore
