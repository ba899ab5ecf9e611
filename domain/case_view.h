// A case as a reader receives it: its current state, summarised from the
// fold, and its history. Family-facing readers get every restricted report
// part blanked, whether it was restricted on submission or later.
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_CASE_VIEW_H_
#define KEEPER_DOMAIN_CASE_VIEW_H_

#include <vector>

#include "absl/status/statusor.h"
#include "keeper/v1/case_service.pb.h"
#include "domain/case_state.h"

namespace keeper::domain {

// `history` is the case stream's events as stored, oldest first (see
// CaseCommands::LoadCase). DATA_LOSS when a report event does not parse.
absl::StatusOr<v1::CaseView> MakeCaseView(
    const CaseState& state, std::vector<v1::EventEnvelope> history,
    bool withhold_restricted);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_CASE_VIEW_H_
