// Runs the proof fuzz target over generated inputs in every build, so the
// target and its soundness checks never rot where clang is not installed:
// sparse flips of all-zero inputs (near-true proofs) and random bytes.
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern uint64_t keeper_fuzz_accepted_proofs;

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 60000;
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
    LLVMFuzzerTestOneInput(input.data(), input.size());
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
