#include "domain/legal_holds.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"

namespace keeper::domain {
namespace {

constexpr char kRuleUniqueHold[] = "legal_hold.unique_id";
constexpr char kRuleInForce[] = "legal_hold.in_force";
constexpr char kRuleCaseOfAuthority[] = "legal_hold.case_of_authority";

absl::Status CheckCommon(std::string_view authority, std::string_view hold_id,
                         std::string_view reason) {
  RETURN_IF_ERROR(CheckAuthority(authority, "local_authority"));
  RETURN_IF_ERROR(CheckId(hold_id, "hold_id"));
  if (reason.empty()) return Invalid("reason", "say why");
  return absl::OkStatus();
}

absl::Status CheckScope(const v1::LegalHoldScope& scope,
                        std::string_view authority,
                        const CaseState* scoped_case) {
  switch (scope.scope_case()) {
    case v1::LegalHoldScope::kCaseId: {
      RETURN_IF_ERROR(CheckId(scope.case_id(), "scope.case_id"));
      if (scoped_case == nullptr || !scoped_case->exists()) {
        return Missing("scope.case_id",
                       absl::StrCat("no case '", scope.case_id(), "'"));
      }
      if (scoped_case->local_authority != authority) {
        return Broken(kRuleCaseOfAuthority, "scope.case_id",
                      absl::StrCat("case '", scope.case_id(), "' is ",
                                   scoped_case->local_authority,
                                   "'s, not this hold's authority's"));
      }
      return absl::OkStatus();
    }
    case v1::LegalHoldScope::kChildId:
      return CheckId(scope.child_id(), "scope.child_id");
    case v1::LegalHoldScope::kAllRecords:
      if (!scope.all_records()) {
        return Invalid("scope.all_records", "set it to hold every record");
      }
      return absl::OkStatus();
    default:
      return Invalid("scope", "name a case_id, a child_id or all_records");
  }
}

}  // namespace

std::string HoldsStreamId(std::string_view authority) {
  return absl::StrCat("holds-", Sv(authority));
}

void EvolveHolds(HoldsState& state, const v1::DomainEvent& event) {
  if (event.has_legal_hold_placed()) {
    const v1::LegalHoldPlaced& placed = event.legal_hold_placed();
    v1::LegalHold& hold = state.holds[placed.hold_id()];
    hold.set_hold_id(placed.hold_id());
    *hold.mutable_scope() = placed.scope();
    hold.set_reason(placed.reason());
    *hold.mutable_placed_by() = placed.placed_by();
    *hold.mutable_placed_on() = placed.placed_on();
  } else if (event.has_legal_hold_lifted()) {
    const v1::LegalHoldLifted& lifted = event.legal_hold_lifted();
    v1::LegalHold& hold = state.holds[lifted.hold_id()];
    hold.set_lifted(true);
    hold.set_lift_reason(lifted.reason());
    *hold.mutable_lifted_by() = lifted.lifted_by();
    *hold.mutable_lifted_on() = lifted.lifted_on();
  } else {
    return;
  }
  ++state.version;
}

absl::StatusOr<v1::DomainEvent> DecidePlaceHold(
    const HoldsState& state, const v1::PlaceLegalHold& command,
    const HoldContext& context) {
  RETURN_IF_ERROR(CheckCommon(command.local_authority(), command.hold_id(),
                              command.reason()));
  RETURN_IF_ERROR(CheckScope(command.scope(), command.local_authority(),
                             context.scoped_case));
  if (state.holds.contains(command.hold_id())) {
    return Duplicate(kRuleUniqueHold, "hold_id",
                     absl::StrCat("hold '", command.hold_id(),
                                  "' was placed before; choose a new id"));
  }
  v1::DomainEvent event;
  v1::LegalHoldPlaced& placed = *event.mutable_legal_hold_placed();
  placed.set_local_authority(command.local_authority());
  placed.set_hold_id(command.hold_id());
  *placed.mutable_scope() = command.scope();
  placed.set_reason(command.reason());
  *placed.mutable_placed_by() = context.by;
  *placed.mutable_placed_on() = ToDate(context.today);
  return event;
}

absl::StatusOr<v1::DomainEvent> DecideLiftHold(const HoldsState& state,
                                               const v1::LiftLegalHold& command,
                                               const HoldContext& context) {
  RETURN_IF_ERROR(CheckCommon(command.local_authority(), command.hold_id(),
                              command.reason()));
  auto hold = state.holds.find(command.hold_id());
  if (hold == state.holds.end()) {
    return Missing("hold_id", absl::StrCat("no hold '", command.hold_id(),
                                           "' in ", command.local_authority()));
  }
  if (hold->second.lifted()) {
    const std::optional<absl::CivilDay> on =
        ToCivilDay(hold->second.lifted_on());
    return Broken(kRuleInForce, "hold_id",
                  absl::StrCat("hold '", command.hold_id(), "' was lifted",
                               on.has_value() ? " on " + FormatDay(*on) : ""));
  }
  v1::DomainEvent event;
  v1::LegalHoldLifted& lifted = *event.mutable_legal_hold_lifted();
  lifted.set_local_authority(command.local_authority());
  lifted.set_hold_id(command.hold_id());
  lifted.set_reason(command.reason());
  *lifted.mutable_lifted_by() = context.by;
  *lifted.mutable_lifted_on() = ToDate(context.today);
  return event;
}

}  // namespace keeper::domain
