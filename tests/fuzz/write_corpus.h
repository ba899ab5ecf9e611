// Writes a fuzz target's seed corpus (tests/fuzz/corpus/<target>), for the
// replays' --write_corpus mode.
//
// Thread safety: none needed; called from main. Failure: exits non-zero.
#ifndef KEEPER_TESTS_FUZZ_WRITE_CORPUS_H_
#define KEEPER_TESTS_FUZZ_WRITE_CORPUS_H_

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace keeper::fuzz {

// `inputs` as DIR/seed-000, DIR/seed-001, ..., replacing the seeds there.
inline void WriteCorpus(const std::string& dir,
                        const std::vector<std::string>& inputs) {
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with("seed-")) {
      std::filesystem::remove(entry.path());
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "seed-%03zu", i);
    std::ofstream out(dir + "/" + name, std::ios::binary);
    out << inputs[i];
    if (!out) {
      std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name);
      std::exit(1);
    }
  }
  std::printf("%zu seeds written to %s\n", inputs.size(), dir.c_str());
}

// Whether argv asks for --write_corpus DIR.
inline bool WantsCorpus(int argc, char** argv) {
  return argc == 3 && std::string(argv[1]) == "--write_corpus";
}

}  // namespace keeper::fuzz

#endif  // KEEPER_TESTS_FUZZ_WRITE_CORPUS_H_
