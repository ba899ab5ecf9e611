// What the request fuzz target (request_fuzz.cc) shares with its replay.
#ifndef KEEPER_TESTS_FUZZ_REQUEST_FUZZ_H_
#define KEEPER_TESTS_FUZZ_REQUEST_FUZZ_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"

namespace keeper::fuzz {

// Every method of every keeper.v1 service, by full name: an input's first
// byte picks one.
const std::vector<const google::protobuf::MethodDescriptor*>& RequestMethods();

// What the inputs reached, so the replay can tell the world is realistic.
struct RequestFuzzCounts {
  uint64_t parsed = 0;
  uint64_t over_limits = 0;
  uint64_t refused = 0;                 // by a rule of the domain
  uint64_t decided = 0;                 // into events that folded
  std::set<std::string> decided_types;  // command messages that decided
};

}  // namespace keeper::fuzz

extern keeper::fuzz::RequestFuzzCounts keeper_request_fuzz_counts;

#endif  // KEEPER_TESTS_FUZZ_REQUEST_FUZZ_H_
