// The access trail: every AccessGranted and AccessRefused event, indexed by
// child (case), actor, agency and time; a notification's entry also holds
// the NotificationAcknowledged events that acknowledge it.
//
// State (column family `access_trail`), in the layout of trail.h:
//   r ‖ u64be(position)                     -> AccessTrailEntry
//   c ‖ case_id ‖ 0x00 ‖ u64be(position)    -> ""   (by child)
//   a ‖ subject ‖ 0x00 ‖ u64be(position)    -> ""   (by actor)
//   g ‖ agency ‖ 0x00 ‖ u64be(position)     -> ""   (by agency)
#ifndef KEEPER_PROJECTIONS_ACCESS_TRAIL_H_
#define KEEPER_PROJECTIONS_ACCESS_TRAIL_H_

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "keeper/v1/audit_service.pb.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kAccessTrail[] = "access_trail";

std::unique_ptr<Projection> NewAccessTrailProjection();

// The entry of the access event at `position`; nullopt if none is there.
absl::StatusOr<std::optional<v1::AccessTrailEntry>> AccessTrailEntryAt(
    const ProjectionEngine& engine, uint64_t position);

// Answers a query from the projection's state. INVALID_ARGUMENT names the
// field for a page size out of range or a malformed page token.
absl::StatusOr<v1::AccessTrailPage> QueryAccessTrail(
    const ProjectionEngine& engine, const v1::AccessTrailQuery& query);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_ACCESS_TRAIL_H_
