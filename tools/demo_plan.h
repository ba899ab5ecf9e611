// The plan of `keeper demo`: every child's story as dated steps (domain
// commands and register enquiries), drawn from a seeded generator so that
// the same seed always plans the same steps.
#ifndef KEEPER_TOOLS_DEMO_PLAN_H_
#define KEEPER_TOOLS_DEMO_PLAN_H_

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "domain/policy/policy.h"
#include "google/protobuf/message.h"
#include "keeper/v1/eventstore.pb.h"
#include "services/access/access_gate.h"

namespace keeper::tools {

struct DemoStep {
  absl::Time when;
  uint64_t order = 0;  // keeps same-time steps in planned order
  v1::Actor actor;
  // A command message (its expected_version and idempotency_key are set
  // when it runs), or null for an enquiry of the register.
  std::shared_ptr<google::protobuf::Message> command;
  std::string method;  // an enquiry's gRPC method
  services::ReadRecord read;
  std::string purpose;
};

// The generator every random choice of the demo comes from. mt19937_64's
// sequence is fixed by the C++ standard, and no standard distribution is
// used (theirs are implementation-defined), so plans repeat across
// platforms.
class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  // In [0, n).
  int Below(int n) { return static_cast<int>(Next() % n); }
  // A version 4 UUID.
  std::string Uuid();

 private:
  std::mt19937_64 engine_;
};

// The steps of `children` children's stories, in time order. Areas of
// concern come from the policy in force for each authority. Each story is
// in one of five authorities, or all in `authority` if it is given (a
// family that moves, or stays elsewhere, still goes to another).
absl::StatusOr<std::vector<DemoStep>> PlanDemo(
    int children, DemoRandom& random, const domain::PolicyRegistry& policies,
    const std::string& authority = "");

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_DEMO_PLAN_H_
