// The Merkle tree against RFC 9162's recursive definitions, computed
// directly in the test, and its proofs against the RFC's verifiers.
#include "eventstore/merkle.h"

#include <bit>
#include <map>

#include "eventstore/merkle_tree.h"
#include "eventstore/sha256.h"
#include "gtest/gtest.h"

namespace keeper::eventstore {
namespace {

std::vector<std::string> Leaves(uint64_t n) {
  std::vector<std::string> leaves;
  for (uint64_t i = 0; i < n; ++i) {
    leaves.push_back(MerkleLeafHash(Sha256("event " + std::to_string(i))));
  }
  return leaves;
}

// MTH(D[begin:end]) exactly as RFC 9162 §2.1.1 defines it.
std::string Mth(const std::vector<std::string>& d, uint64_t begin,
                uint64_t end) {
  const uint64_t n = end - begin;
  if (n == 0) return Sha256("");
  if (n == 1) return d[begin];
  const uint64_t k = std::bit_floor(n - 1);
  return MerkleNodeHash(Mth(d, begin, begin + k), Mth(d, begin + k, end));
}

// PATH(m, D[begin:end]), RFC 9162 §2.1.3.1.
std::vector<std::string> Path(const std::vector<std::string>& d, uint64_t m,
                              uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  if (n == 1) return {};
  const uint64_t k = std::bit_floor(n - 1);
  std::vector<std::string> path;
  if (m < k) {
    path = Path(d, m, begin, begin + k);
    path.push_back(Mth(d, begin + k, end));
  } else {
    path = Path(d, m - k, begin + k, end);
    path.push_back(Mth(d, begin, begin + k));
  }
  return path;
}

// SUBPROOF(m, D[begin:end], b), RFC 9162 §2.1.4.1.
std::vector<std::string> SubProof(const std::vector<std::string>& d, uint64_t m,
                                  uint64_t begin, uint64_t end, bool b) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (b) return {};
    return {Mth(d, begin, end)};
  }
  const uint64_t k = std::bit_floor(n - 1);
  std::vector<std::string> proof;
  if (m <= k) {
    proof = SubProof(d, m, begin, begin + k, b);
    proof.push_back(Mth(d, begin + k, end));
  } else {
    proof = SubProof(d, m - k, begin + k, end, false);
    proof.push_back(Mth(d, begin, begin + k));
  }
  return proof;
}

// A tree kept in memory the way the store keeps it in RocksDB.
class StoredTree {
 public:
  void Append(const std::string& event_hash) {
    frontier_.Append(event_hash, [&](MerkleNodeId id, const std::string& h) {
      EXPECT_TRUE(nodes_.emplace(MerkleNodeKey(id), h).second)
          << "node written twice";
    });
  }
  MerkleNodeReader Reader() const {
    return ReadEachNode([this](MerkleNodeId id) -> absl::StatusOr<std::string> {
      auto it = nodes_.find(MerkleNodeKey(id));
      if (it == nodes_.end()) return absl::NotFoundError("no node");
      return it->second;
    });
  }
  const MerkleFrontier& frontier() const { return frontier_; }

 private:
  MerkleFrontier frontier_;
  std::map<std::string, std::string> nodes_;
};

constexpr uint64_t kMaxSize = 70;

class MerkleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (uint64_t i = 0; i < kMaxSize; ++i) {
      event_hashes_.push_back(Sha256("event " + std::to_string(i)));
      tree_.Append(event_hashes_.back());
    }
    leaves_ = Leaves(kMaxSize);
  }
  std::string Root(uint64_t n) const { return Mth(leaves_, 0, n); }

  std::vector<std::string> event_hashes_;
  std::vector<std::string> leaves_;
  StoredTree tree_;
};

TEST_F(MerkleTest, RootsMatchTheDefinitionAtEverySize) {
  MerkleRootBuilder builder;
  MerkleFrontier frontier;
  EXPECT_EQ(builder.Root(), Sha256(""));
  EXPECT_EQ(frontier.Root(), Sha256(""));
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    builder.AddLeaf(leaves_[n - 1]);
    frontier.Append(event_hashes_[n - 1], [](MerkleNodeId, const auto&) {});
    ASSERT_EQ(builder.Root(), Root(n)) << n;
    ASSERT_EQ(frontier.Root(), Root(n)) << n;
    auto stored = MerkleRootAt(n, tree_.Reader());
    ASSERT_TRUE(stored.ok()) << stored.status();
    ASSERT_EQ(*stored, Root(n)) << n;
    auto loaded = MerkleFrontier::Load(n, tree_.Reader());
    ASSERT_TRUE(loaded.ok());
    ASSERT_EQ(loaded->Root(), Root(n));
  }
}

TEST_F(MerkleTest, EveryInclusionProofIsTheRfcPathAndVerifies) {
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      auto path = MerkleInclusionPath(i, n, tree_.Reader());
      ASSERT_TRUE(path.ok()) << path.status();
      ASSERT_EQ(*path, Path(leaves_, i, 0, n)) << i << " in " << n;
      ASSERT_TRUE(VerifyInclusion(leaves_[i], i, n, *path, Root(n)).ok())
          << i << " in " << n;
    }
  }
}

TEST_F(MerkleTest, EveryConsistencyProofIsTheRfcProofAndVerifies) {
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    for (uint64_t m = 0; m <= n; ++m) {
      auto proof = MerkleConsistencyPath(m, n, tree_.Reader());
      ASSERT_TRUE(proof.ok()) << proof.status();
      const std::vector<std::string> expected =
          (m == 0 || m == n) ? std::vector<std::string>{}
                             : SubProof(leaves_, m, 0, n, true);
      ASSERT_EQ(*proof, expected) << m << " to " << n;
      ASSERT_TRUE(VerifyConsistency(m, n, Root(m), Root(n), *proof).ok())
          << m << " to " << n;
    }
  }
}

TEST_F(MerkleTest, AlteredInclusionProofsAreRejected) {
  const uint64_t n = 45;
  for (uint64_t i = 0; i < n; i += 4) {
    auto path = *MerkleInclusionPath(i, n, tree_.Reader());
    for (size_t h = 0; h < path.size(); ++h) {
      auto altered = path;
      altered[h][h % 32] ^= 0x01;
      EXPECT_FALSE(VerifyInclusion(leaves_[i], i, n, altered, Root(n)).ok());
    }
    auto shorter = path;
    shorter.pop_back();
    EXPECT_TRUE(absl::IsInvalidArgument(
        VerifyInclusion(leaves_[i], i, n, shorter, Root(n))));
    auto longer = path;
    longer.push_back(leaves_[0]);
    EXPECT_TRUE(absl::IsInvalidArgument(
        VerifyInclusion(leaves_[i], i, n, longer, Root(n))));
    EXPECT_FALSE(
        VerifyInclusion(leaves_[i], (i + 1) % n, n, path, Root(n)).ok());
    EXPECT_FALSE(VerifyInclusion(leaves_[i + 1], i, n, path, Root(n)).ok());
    EXPECT_FALSE(VerifyInclusion(leaves_[i], i, n + 1, path, Root(n + 1)).ok());
    EXPECT_FALSE(VerifyInclusion(leaves_[i], i, n, path, Root(n - 1)).ok());
  }
  EXPECT_TRUE(
      absl::IsInvalidArgument(VerifyInclusion(leaves_[0], 5, 5, {}, Root(5))));
  EXPECT_TRUE(
      absl::IsInvalidArgument(VerifyInclusion("short", 0, 1, {}, Root(1))));
  EXPECT_TRUE(absl::IsInvalidArgument(
      VerifyInclusion(leaves_[0], 0, 2, {"short"}, Root(2))));
  EXPECT_TRUE(
      absl::IsInvalidArgument(VerifyInclusion(leaves_[0], 0, 1, {}, "short")));
}

TEST_F(MerkleTest, AlteredConsistencyProofsAreRejected) {
  for (uint64_t n : {9u, 32u, 45u}) {
    for (uint64_t m = 1; m < n; m += 3) {
      auto proof = *MerkleConsistencyPath(m, n, tree_.Reader());
      for (size_t h = 0; h < proof.size(); ++h) {
        auto altered = proof;
        altered[h][7] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(m, n, Root(m), Root(n), altered).ok())
            << m << " to " << n << " hash " << h;
      }
      EXPECT_FALSE(VerifyConsistency(m, n, Root(m + 1), Root(n), proof).ok());
      EXPECT_FALSE(VerifyConsistency(m, n, Root(m), Root(n - 1), proof).ok());
      EXPECT_FALSE(VerifyConsistency(m, n, Root(m), Root(n),
                                     {proof.begin(), proof.end() - 1})
                       .ok());
      auto longer = proof;
      longer.push_back(leaves_[1]);
      EXPECT_FALSE(VerifyConsistency(m, n, Root(m), Root(n), longer).ok());
      EXPECT_FALSE(VerifyConsistency(m, n, Root(m), Root(n), {}).ok());
    }
  }
  EXPECT_TRUE(
      absl::IsInvalidArgument(VerifyConsistency(5, 4, Root(5), Root(4), {})));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      VerifyConsistency(4, 4, Root(4), Root(3), {})));
  EXPECT_TRUE(absl::IsInvalidArgument(
      VerifyConsistency(4, 4, Root(4), Root(4), {leaves_[0]})));
  EXPECT_TRUE(VerifyConsistency(0, 7, Root(0), Root(7), {}).ok());
}

TEST_F(MerkleTest, ProofsOfMissingNodesFail) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      MerkleInclusionPath(5, 5, tree_.Reader()).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      MerkleConsistencyPath(6, 5, tree_.Reader()).status()));
  EXPECT_TRUE(
      absl::IsNotFound(MerkleRootAt(kMaxSize + 1, tree_.Reader()).status()));
}

}  // namespace
}  // namespace keeper::eventstore
