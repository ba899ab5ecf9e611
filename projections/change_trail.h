// The change trail: every event of every case stream ("case-<id>"), that
// is every change to a child's record, indexed by child, actor and time.
//
// State (column family `change_trail`), in the layout of trail.h:
//   r ‖ u64be(position)                   -> ChangeTrailEntry
//   c ‖ case_id ‖ 0x00 ‖ u64be(position)  -> ""
//   a ‖ subject ‖ 0x00 ‖ u64be(position)  -> ""
#ifndef KEEPER_PROJECTIONS_CHANGE_TRAIL_H_
#define KEEPER_PROJECTIONS_CHANGE_TRAIL_H_

#include <memory>

#include "absl/status/statusor.h"
#include "keeper/v1/audit_service.pb.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kChangeTrail[] = "change_trail";
// The stream of a child's case record.
inline constexpr char kCaseStreamPrefix[] = "case-";

std::unique_ptr<Projection> NewChangeTrailProjection();

// INVALID_ARGUMENT for a page size out of range or a malformed token.
absl::StatusOr<v1::ChangeTrailPage> QueryChangeTrail(
    const ProjectionEngine& engine, const v1::ChangeTrailQuery& query);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_CHANGE_TRAIL_H_
