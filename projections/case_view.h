// The case view: every event of every case stream ("case-<id>"), kept per
// case in stream order, so that a read of a case folds them with the
// domain's pure fold (domain/case_state.h) without touching the write side.
// The fold is cheap next to the read itself, and keeping the events rather
// than a folded state means the view can never drift from the domain's rules.
//
// State (column family `case_view`):
//   e ‖ case_id ‖ 0x00 ‖ u64be(stream_version)  -> EventEnvelope (as stored)
#ifndef KEEPER_PROJECTIONS_CASE_VIEW_H_
#define KEEPER_PROJECTIONS_CASE_VIEW_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/case_state.h"
#include "keeper/v1/case_service.pb.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kCaseView[] = "case_view";

std::unique_ptr<Projection> NewCaseViewProjection();

// A case's state folded from the projection, as CaseCommands::LoadCase
// folds it from the log: version 0 when there is no such case. When
// `history` is given, the case's events are appended to it, oldest first,
// from the same snapshot as the state. DATA_LOSS for an event that does
// not parse or fit.
absl::StatusOr<domain::CaseState> ReadCaseState(
    const ProjectionEngine& engine, const std::string& case_id,
    std::vector<v1::EventEnvelope>* history = nullptr);

// The case as a reader receives it (domain::MakeCaseView). NOT_FOUND for an
// unknown case.
absl::StatusOr<v1::CaseView> ReadCaseView(const ProjectionEngine& engine,
                                          const std::string& case_id,
                                          bool withhold_restricted);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_CASE_VIEW_H_
