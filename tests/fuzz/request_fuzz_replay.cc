// Runs the request fuzz target in every build, so that it never rots where
// clang is not installed: over the corpus in the repository, then over
// mutations of it (bytes flipped, cut, or copied between inputs). Fails if
// the inputs no longer reach the deciders: no command decided or refused.
//
//   request_fuzz_replay [ITERATIONS]
//   request_fuzz_replay --write_corpus DIR   # writes the seed corpus
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "tests/fuzz/request_fuzz.h"
#include "tests/fuzz/request_world.h"
#include "tests/fuzz/seed_requests.h"
#include "tests/fuzz/write_corpus.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> ReadCorpus(const std::string& dir) {
  std::vector<std::string> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(in),
                        std::istreambuf_iterator<char>());
  }
  return inputs;
}

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()),
                         input.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (keeper::fuzz::WantsCorpus(argc, argv)) {
    keeper::fuzz::WriteCorpus(argv[2], keeper::fuzz::SeedRequests());
    return 0;
  }
  LLVMFuzzerInitialize(&argc, &argv);
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 100000;
  const std::vector<std::string> corpus = ReadCorpus(KEEPER_FUZZ_CORPUS);
  if (corpus.empty()) {
    std::fprintf(stderr, "no corpus in %s\n", KEEPER_FUZZ_CORPUS);
    return 1;
  }
  for (const std::string& input : corpus) Run(input);
  const uint64_t decided_by_corpus = keeper_request_fuzz_counts.decided;
  std::mt19937_64 random(20261201);
  for (int i = 0; i < iterations; ++i) {
    std::string input = corpus[random() % corpus.size()];
    switch (random() % 4) {
      case 0:  // flip a few bytes of the body
        for (int f = 0, n = 1 + random() % 3; f < n && input.size() > 3; ++f) {
          input[3 + random() % (input.size() - 3)] ^=
              static_cast<char>(1 + random() % 255);
        }
        break;
      case 1:  // another method or actor or day for the same body
        if (!input.empty()) input[random() % 3] = static_cast<char>(random());
        break;
      case 2:  // cut
        input.resize(random() % (input.size() + 1));
        break;
      default: {  // splice the tail of another input
        const std::string& other = corpus[random() % corpus.size()];
        if (input.size() > 3 && other.size() > 3) {
          input = input.substr(0, 3 + random() % (input.size() - 3)) +
                  other.substr(3 + random() % (other.size() - 3));
        }
      }
    }
    Run(input);
  }
  const auto& counts = keeper_request_fuzz_counts;
  std::printf(
      "%zu corpus inputs (%llu decided) and %d mutations: %llu parsed, %llu "
      "over the limits, %llu refused by a rule, %llu decided (%zu command "
      "types); no crash and no imprecise refusal\n",
      corpus.size(), static_cast<unsigned long long>(decided_by_corpus),
      iterations, static_cast<unsigned long long>(counts.parsed),
      static_cast<unsigned long long>(counts.over_limits),
      static_cast<unsigned long long>(counts.refused),
      static_cast<unsigned long long>(counts.decided),
      counts.decided_types.size());
  std::string types;
  for (const std::string& type : counts.decided_types) types += " " + type;
  std::printf("decided:%s\n", types.c_str());
  // Without decisions and refusals the checks above never bit.
  return decided_by_corpus > 0 && counts.refused > 0 ? 0 : 1;
}
