// Legal holds (SPEC §11): an authority's holds, folded from its stream
// "holds-<authority>", and the pure decisions that place and lift them.
// A hold keeps back records a retention schedule makes due (retention.h);
// it never changes a record, and is itself never deleted: lifting is an
// event too.
//
// Thread safety: stateless functions over caller-owned values.
// Failure: INVALID_ARGUMENT for malformed input, ALREADY_EXISTS for a hold
// id used before, NOT_FOUND for an unknown hold or case, FAILED_PRECONDITION
// for a broken rule (a hold already lifted, a case of another authority);
// each names its rule and field. A rejected command yields no event.
#ifndef KEEPER_DOMAIN_LEGAL_HOLDS_H_
#define KEEPER_DOMAIN_LEGAL_HOLDS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/case_state.h"
#include "keeper/v1/domain_event.pb.h"
#include "keeper/v1/retention_service.pb.h"

namespace keeper::domain {

// "holds-<authority>".
std::string HoldsStreamId(std::string_view authority);

struct HoldsState {
  uint64_t version = 0;                        // events in the stream
  std::map<std::string, v1::LegalHold> holds;  // by hold id
};

// Folds one event of the holds stream; other events are ignored.
void EvolveHolds(HoldsState& state, const v1::DomainEvent& event);

// What a decision needs besides the state.
struct HoldContext {
  v1::Person by;         // who places or lifts it
  absl::CivilDay today;  // in the authority's time zone
  // For a hold on a case: that case as it stands (not owned; must outlive
  // the call). Null or not existing: there is no such case.
  const CaseState* scoped_case = nullptr;
};

absl::StatusOr<v1::DomainEvent> DecidePlaceHold(
    const HoldsState& state, const v1::PlaceLegalHold& command,
    const HoldContext& context);
absl::StatusOr<v1::DomainEvent> DecideLiftHold(const HoldsState& state,
                                               const v1::LiftLegalHold& command,
                                               const HoldContext& context);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_LEGAL_HOLDS_H_
