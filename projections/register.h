// The Child Protection Register, per authority, now and at any past moment.
//
// State (column family `register`):
//   e ‖ authority ‖ 0x00 ‖ case_id          -> RegisterEntry (on it now)
//   k ‖ case_id                              -> authority (on it now)
//   n ‖ name ‖ 0x00 ‖ birth ‖ 0x00 ‖ case_id -> ""  (given and family name)
//   n ‖ other ‖ 0x00 ‖ birth ‖ 0x00 ‖ case_id -> "" (each name known by)
//   i ‖ authority ‖ 0x00 ‖ u64be(start) ‖ case_id -> RegisterInterval
//   x ‖ case_id                              -> u64be(start) of the open one
//   a ‖ case_id                              -> the case's authority
//   c ‖ case_id                              -> ChildDetails (latest)
// Names are folded to lower case with single spaces; birth is YYYYMMDD of
// the date of birth or, unborn, the expected delivery date.
//
// Every change to an entry closes its interval and opens another, so the
// register as of position P is the intervals with start <= P < end: no
// replay of the log.
#ifndef KEEPER_PROJECTIONS_REGISTER_H_
#define KEEPER_PROJECTIONS_REGISTER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "keeper/v1/register_service.pb.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kRegister[] = "register";

std::unique_ptr<Projection> NewRegisterProjection();

// Lower case, single spaces, trimmed: how names are compared.
std::string FoldName(const std::string& name);

// The authority a case belongs to, once its CaseOpened is applied.
absl::StatusOr<std::optional<std::string>> CaseAuthority(
    const ProjectionEngine& engine, const std::string& case_id);

// A check by case id or by name and date of birth (including names the
// child is known by), across every authority.
absl::StatusOr<v1::RegisterCheckResult> CheckRegister(
    const ProjectionEngine& engine, const v1::RegisterCheckRequest& request);

// The authority's register now (no `as_of`), or as it stood just after the
// event at position `as_of` (0: before any event), sorted by case id.
absl::StatusOr<v1::RegisterListing> ListRegister(const ProjectionEngine& engine,
                                                 const std::string& authority,
                                                 std::optional<uint64_t> as_of);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_REGISTER_H_
