// The decision record: for each conference's decision, what was known at
// the moment it was made.
//
// State (column family `decision_record`):
//   k ‖ case_id                          -> CaseKnowledge (everything so far)
//   d ‖ case_id ‖ 0x00 ‖ conference_id   -> DecisionRecord (frozen at the
//                                           decision; dissent added later)
// Freezing a copy at the decision, rather than filtering the history on
// read, keeps later corrections out of the record without any replay.
#ifndef KEEPER_PROJECTIONS_DECISION_RECORD_H_
#define KEEPER_PROJECTIONS_DECISION_RECORD_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "keeper/v1/review_service.pb.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kDecisionRecord[] = "decision_record";

std::unique_ptr<Projection> NewDecisionRecordProjection();

// NOT_FOUND when the conference has no decision (yet). The record carries
// the markers of its disputed content (domain/rectification.h) as of now.
absl::StatusOr<v1::DecisionRecord> GetDecisionRecord(
    const ProjectionEngine& engine, const std::string& case_id,
    const std::string& conference_id);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_DECISION_RECORD_H_
