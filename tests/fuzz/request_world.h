// A small world of cases for the request fuzz target: the shipped policies,
// a seed story of a few cases folded through the deciders, and one command
// decided against it as CaseCommands::Execute would against the store, but
// without one (the deciders are pure).
//
// Thread safety: SeedWorld() is built once and then read-only; the rest are
// functions of caller-owned values.
// Failure: SeedWorld() aborts if the story no longer holds, which is a
// change to the rules the story must follow, not a fuzzing finding.
#ifndef KEEPER_TESTS_FUZZ_REQUEST_WORLD_H_
#define KEEPER_TESTS_FUZZ_REQUEST_WORLD_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/case_state.h"
#include "domain/decide.h"
#include "domain/policy/policy.h"
#include "keeper/v1/access.pb.h"
#include "keeper/v1/commands.pb.h"

namespace keeper::fuzz {

struct World {
  domain::PolicyRegistry policies;
  v1::InputLimits limits;  // the shipped access policy's
  std::map<std::string, domain::CaseState> cases;  // by case id
  // Register entries by stream id ("register-<authority>:<child>").
  std::map<std::string, domain::RegisterEntryState> entries;
  absl::Time now;  // the end of the story
};

// The world after the seed story: case c1 just opened; c2 with its initial
// conference c2-icpc open, quorate and every view given; c3 registered at
// c3-icpc, with a report submitted and a plan; all in Fife.
const World& SeedWorld();

// The commands of the seed story, and who gave each (an index into
// Actors()).
struct StoryStep {
  int actor;
  v1::Command command;
};
const std::vector<StoryStep>& SeedStory();

// The actors a fuzz input may act as, by index: social worker, chair,
// minute taker, health visitor, head of service, police officer.
const std::vector<v1::Actor>& Actors();

// The events `command` decides on against `world` at `now`, checked in
// the order Execute checks them; or its refusal.
absl::StatusOr<std::vector<domain::NewEvent>> DecideIn(
    const World& world, const v1::Command& command, const v1::Actor& actor,
    absl::Time now);

// The case and register entry states after `events` of `command` (as
// DecideIn gave them), folded onto copies of the world's; DATA_LOSS if one
// does not fold.
struct Folded {
  domain::CaseState state;
  domain::RegisterEntryState entry;
};
absl::StatusOr<Folded> FoldInto(const World& world, const v1::Command& command,
                                const std::vector<domain::NewEvent>& events);

}  // namespace keeper::fuzz

#endif  // KEEPER_TESTS_FUZZ_REQUEST_WORLD_H_
