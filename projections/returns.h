// Statutory returns (SPEC §9): what Scotland's child protection
// statistics, the Care Inspectorate's pre-inspection return and England's
// Children in Need census and Ofsted's Annex A list 7 collect, per
// authority. returns.md beside this file maps each column to its events.
//
// State (column family `returns`):
//   a ‖ case_id                      -> authority
//   h ‖ case_id                      -> child_id (the case id when none)
//   k ‖ case_id ‖ 0x00 ‖ conference  -> decimal ConferenceKind
//   c ‖ authority ‖ 0x00 ‖ YYYY-MM-DD(decided) ‖ u64be(position)
//                                    -> ReturnConference
//   d ‖ case_id ‖ 0x00 ‖ conference  -> its `c` key
//   m ‖ authority ‖ 0x00 ‖ YYYY-MM-DD ‖ u64be(position) -> ReturnMovement
//   s ‖ authority ‖ 0x00 ‖ case_id ‖ 0x00 ‖ u64be(start position)
//                                    -> ReturnSpell
//   o ‖ case_id                      -> the `s` key of the open spell
//   n ‖ authority ‖ 0x00 ‖ child_id  -> decimal count of full spells
//
// Thread safety: the projection is applied by the engine's one thread;
// the query reads committed state and may run on any thread.
#ifndef KEEPER_PROJECTIONS_RETURNS_H_
#define KEEPER_PROJECTIONS_RETURNS_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "keeper/v1/returns_service.pb.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kReturns[] = "returns";

std::unique_ptr<Projection> NewReturnsProjection();

// The statistical year that ends on 31 July of `year`: 1 August of the
// year before to 31 July.
struct ReturnPeriod {
  absl::CivilDay first;
  absl::CivilDay last;
};
ReturnPeriod StatisticalYear(int year);

// An enum value's name as a return's code: "OUTCOME_NOT_REGISTER" less
// `prefix` "OUTCOME_" is "not_register".
std::string ReturnCode(std::string_view name, std::string_view prefix);

// The `kind` return of `authority` for `period` (both days included).
// INVALID_ARGUMENT for an unspecified kind or a period that ends before
// it starts; DATA_LOSS for corrupt state.
absl::StatusOr<v1::StatutoryReturn> BuildReturn(const ProjectionEngine& engine,
                                                v1::ReturnKind kind,
                                                const std::string& authority,
                                                const ReturnPeriod& period);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_RETURNS_H_
