// Runs the proof fuzz target over generated inputs in every build, so the
// target and its soundness checks never rot where clang is not installed:
// sparse flips of all-zero inputs (near-true proofs) and random bytes.
//
//   proof_fuzz_replay [ITERATIONS]
//   proof_fuzz_replay --write_corpus DIR   # accepted proofs and others
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "tests/fuzz/write_corpus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern uint64_t keeper_fuzz_accepted_proofs;

int main(int argc, char** argv) {
  const bool write_corpus = keeper::fuzz::WantsCorpus(argc, argv);
  std::vector<std::string> seeds;
  int verified_seeds = 0, other_seeds = 0;
  const int iterations = write_corpus ? 2000
                         : argc > 1   ? std::atoi(argv[1])
                                      : 60000;
  std::mt19937_64 random(20261123);
  std::vector<uint8_t> input;
  for (int i = 0; i < iterations; ++i) {
    input.assign(random() % 700, 0);
    if (!input.empty()) {
      input[0] = static_cast<uint8_t>(i % 3);
      if (input.size() > 2) {
        input[1] = static_cast<uint8_t>(random());
        input[2] = static_cast<uint8_t>(random());
      }
    }
    const int flips = (i % 4 == 0) ? static_cast<int>(input.size())
                                   : static_cast<int>(random() % 4);
    for (int f = 0; f < flips && input.size() > 3; ++f) {
      input[3 + random() % (input.size() - 3)] ^=
          static_cast<uint8_t>(1 + random() % 255);
    }
    const uint64_t accepted = keeper_fuzz_accepted_proofs;
    LLVMFuzzerTestOneInput(input.data(), input.size());
    // Seeds: inputs that verified (near-true proofs), and a few others.
    if (write_corpus &&
        (keeper_fuzz_accepted_proofs > accepted ? verified_seeds++ < 24
                                                : other_seeds++ < 6)) {
      seeds.emplace_back(input.begin(), input.end());
    }
  }
  if (write_corpus) {
    keeper::fuzz::WriteCorpus(argv[2], seeds);
    return 0;
  }
  std::printf(
      "%d inputs, %llu true proofs accepted, no crash and no "
      "unsound verdict\n",
      iterations, static_cast<unsigned long long>(keeper_fuzz_accepted_proofs));
  // Without accepted proofs the soundness checks were never exercised.
  return keeper_fuzz_accepted_proofs > static_cast<uint64_t>(iterations / 100)
             ? 0
             : 1;
}
