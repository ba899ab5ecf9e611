// What the retention report needs (SPEC §11), per authority: each case's
// child, date of birth, closure day and size; the access records by day
// and the cases they name; and the legal holds. retention.md beside this
// file maps the events to these facts.
//
// State (column family `retention`):
//   a ‖ case_id                               -> authority
//   r ‖ case_id                               -> "1" while on a register
//   c ‖ authority ‖ 0x00 ‖ case_id            -> RetainedCase
//   e ‖ authority ‖ 0x00 ‖ YYYY-MM-DD ‖ 0x00 ‖ case ids joined by ","
//                                             -> RetainedAccessEvents
//   h ‖ authority ‖ 0x00 ‖ hold_id            -> LegalHold
//
// Thread safety: the projection is applied by the engine's one thread;
// ReadRetentionRecords reads committed state and may run on any thread.
#ifndef KEEPER_PROJECTIONS_RETENTION_H_
#define KEEPER_PROJECTIONS_RETENTION_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "domain/retention.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kRetention[] = "retention";

std::unique_ptr<Projection> NewRetentionProjection();

// Every retained record and hold of `authority`, in key order. DATA_LOSS
// for corrupt state.
absl::StatusOr<domain::RetentionRecords> ReadRetentionRecords(
    const ProjectionEngine& engine, const std::string& authority);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_RETENTION_H_
