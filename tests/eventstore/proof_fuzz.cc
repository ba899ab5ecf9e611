// Fuzz target for everything that parses or verifies untrusted proof data:
// inclusion and consistency proofs, checkpoints, signed notes and verifier
// keys. Besides not crashing, a proof that verifies against a real tree
// must be the true proof: a verifier that accepts anything else is broken.
//
// Built with libFuzzer under clang (tests/eventstore/run_proof_fuzzer.sh),
// and replayed over generated inputs by proof_fuzz_replay in every build.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "eventstore/merkle.h"
#include "eventstore/merkle_tree.h"
#include "eventstore/sha256.h"
#include "eventstore/signed_note.h"

// Proofs that verified: the replay checks that near-true proofs are
// generated at all, or the soundness checks would never bite.
uint64_t keeper_fuzz_accepted_proofs = 0;

namespace keeper::eventstore {
namespace {

constexpr uint64_t kTreeSize = 37;

// A real tree: its stored nodes, and the true roots of every size.
struct Tree {
  std::vector<std::string> leaves;
  std::vector<std::string> roots;  // roots[n]: the root of size n
  std::map<std::string, std::string> nodes;

  Tree() {
    MerkleFrontier frontier;
    roots.push_back(frontier.Root());
    for (uint64_t i = 0; i < kTreeSize; ++i) {
      const std::string event_hash = Sha256(std::to_string(i));
      leaves.push_back(MerkleLeafHash(event_hash));
      frontier.Append(event_hash, [&](MerkleNodeId id, const std::string& h) {
        nodes[MerkleNodeKey(id)] = h;
      });
      roots.push_back(frontier.Root());
    }
  }
  MerkleNodeReader Reader() const {
    return ReadEachNode([this](MerkleNodeId id) -> absl::StatusOr<std::string> {
      auto it = nodes.find(MerkleNodeKey(id));
      if (it == nodes.end()) return absl::NotFoundError("no node");
      return it->second;
    });
  }
};

const Tree& RealTree() {
  static const Tree* tree = new Tree();
  return *tree;
}

struct Input {
  const uint8_t* data;
  size_t size;

  uint8_t Byte() {
    if (size == 0) return 0;
    --size;
    return *data++;
  }
  uint64_t U64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | Byte();
    return v;
  }
  std::string Bytes(size_t length) {
    std::string out;
    for (size_t i = 0; i < length; ++i)
      out.push_back(static_cast<char>(Byte()));
    return out;
  }
  std::string Rest() {
    std::string out(reinterpret_cast<const char*>(data), size);
    size = 0;
    return out;
  }
};

// A proof near `truth`: its hashes XORed with input bytes, some dropped or
// added, some wrongly sized. All-zero input gives the true proof back.
std::vector<std::string> Mutate(Input& in, std::vector<std::string> truth) {
  const int delta = static_cast<int8_t>(in.Byte()) % 3;
  if (delta < 0 && !truth.empty()) truth.pop_back();
  if (delta > 0) truth.push_back(std::string(32, '\0'));
  for (std::string& hash : truth) {
    const std::string mask = in.Bytes(32);
    for (size_t i = 0; i < 32; ++i) hash[i] ^= mask[i];
    if (in.Byte() == 0xff) hash.resize(in.Byte() % 40);
  }
  return truth;
}

void FuzzInclusion(Input& in) {
  const Tree& tree = RealTree();
  const uint64_t size = in.Byte() % (kTreeSize + 2);
  const uint64_t index = in.Byte() % (kTreeSize + 2);
  const bool in_tree = size >= 1 && size <= kTreeSize && index < size;
  std::vector<std::string> truth;
  if (in_tree) truth = *MerkleInclusionPath(index, size, tree.Reader());
  const std::vector<std::string> path = Mutate(in, truth);
  const std::string& leaf = tree.leaves[index % kTreeSize];
  const std::string& root = tree.roots[std::min(size, kTreeSize)];
  const bool ok = VerifyInclusion(leaf, index, size, path, root).ok();
  keeper_fuzz_accepted_proofs += ok;
  // Sound: only the true path of a leaf in the tree verifies.
  if (ok && (!in_tree || path != truth)) std::abort();
  // Complete: the true path always verifies.
  if (in_tree && path == truth && !ok) std::abort();
  VerifyInclusion(in.Bytes(32), in.U64(), in.U64(), path, in.Bytes(32))
      .IgnoreError();
}

void FuzzConsistency(Input& in) {
  const Tree& tree = RealTree();
  const uint64_t first = in.Byte() % (kTreeSize + 1);
  const uint64_t second = in.Byte() % (kTreeSize + 1);
  const bool ordered = first <= second;
  std::vector<std::string> truth;
  if (ordered) truth = *MerkleConsistencyPath(first, second, tree.Reader());
  const std::vector<std::string> path = Mutate(in, truth);
  const bool ok = VerifyConsistency(first, second, tree.roots[first],
                                    tree.roots[second], path)
                      .ok();
  keeper_fuzz_accepted_proofs += ok;
  if (ok && (!ordered || path != truth)) std::abort();
  if (ordered && path == truth && !ok) std::abort();
  VerifyConsistency(in.U64(), in.U64(), in.Bytes(32), in.Bytes(32), path)
      .IgnoreError();
}

void FuzzNotes(Input& in) {
  static const Ed25519PrivateKey* key =
      new Ed25519PrivateKey(*Ed25519PrivateKey::Generate());
  const NoteVerifier verifier{"fuzz.example/log", key->public_key()};
  const std::string text = in.Rest();
  ParseCheckpoint(text).IgnoreError();
  ParseVerifierKey(text).IgnoreError();
  // Nothing the fuzzer writes carries a valid signature by a key it never
  // saw, so no note may open.
  if (OpenSignedNote(text, verifier).ok() ||
      OpenCheckpoint(text, verifier).ok()) {
    std::abort();
  }
}

}  // namespace
}  // namespace keeper::eventstore

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keeper::eventstore;
  Input in{data, size};
  switch (in.Byte() % 3) {
    case 0:
      FuzzInclusion(in);
      break;
    case 1:
      FuzzConsistency(in);
      break;
    default:
      FuzzNotes(in);
      break;
  }
  return 0;
}
