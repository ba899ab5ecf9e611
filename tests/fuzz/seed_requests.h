// The seed corpus of the request fuzz target (tests/fuzz/corpus/request):
// the seed story's own commands, and for every method a request filled in
// with the story's ids, as three different actors on three cases.
//
// Thread safety: a function of the seed world, which is read-only.
#ifndef KEEPER_TESTS_FUZZ_SEED_REQUESTS_H_
#define KEEPER_TESTS_FUZZ_SEED_REQUESTS_H_

#include <string>
#include <vector>

namespace keeper::fuzz {

// Fuzz inputs in request_fuzz.cc's format.
std::vector<std::string> SeedRequests();

}  // namespace keeper::fuzz

#endif  // KEEPER_TESTS_FUZZ_SEED_REQUESTS_H_
