// Withholding restricted report parts from family-facing readers (SPEC §4):
// a withheld part shows that it exists and was restricted, never its text
// or the reason for restricting it, since the reason can itself say what
// the part holds.
//
// Thread safety: stateless functions over caller-owned values.
#ifndef KEEPER_DOMAIN_WITHHOLDING_H_
#define KEEPER_DOMAIN_WITHHOLDING_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "domain/case_state.h"
#include "keeper/v1/eventstore.pb.h"
#include "keeper/v1/report_events.pb.h"
#include "keeper/v1/review_service.pb.h"

namespace keeper::domain {

// Marks `part` restricted and blanks its text and reason.
void WithholdPart(v1::ReportPart& part);

// Withholds every part of `version` marked restricted, and those at
// `restricted_indexes`, which name the parts restricted since submission;
// indexes out of range are ignored.
void WithholdRestrictedParts(v1::ReportSubmitted& version,
                             absl::Span<const int32_t> restricted_indexes);

// Withholds the restricted parts of every report in a decision record: a
// family-facing reader sees that a part was withheld, never its text.
void WithholdRestrictedParts(v1::DecisionRecord& record);

// Withholds what a stored case event shows of restricted parts, as restricted
// now in `state`: the parts of a report version, the reason of a later
// restriction. Other events are left alone. DATA_LOSS when a report event
// does not parse.
absl::Status WithholdRestricted(const CaseState& state,
                                v1::EventEnvelope& envelope);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_WITHHOLDING_H_
