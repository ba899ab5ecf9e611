// Disputed accuracy (UK GDPR Art. 16, 18): what content a rectification
// request may name, and the markers every reader is shown beside disputed
// content. The markers are folded once, with the case's state
// (CaseState::rectifications); each view (the case read, the decision
// record, the console, disclosure bundles) asks for them here rather than
// working them out again.
//
// Thread safety: stateless functions over caller-owned values.
// Failure: ResolveDisputedContent gives NOT_FOUND for content the case does
// not hold and FAILED_PRECONDITION (rules::kRectificationContent) for an
// event that cannot be disputed; each error names its field.
#ifndef KEEPER_DOMAIN_RECTIFICATION_H_
#define KEEPER_DOMAIN_RECTIFICATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/case_state.h"
#include "keeper/v1/rectification_commands.pb.h"
#include "keeper/v1/rectification_events.pb.h"
#include "keeper/v1/review_service.pb.h"

namespace keeper::domain {

// The content a request names: an event of the case's stream by position,
// or a report version's part (version 0: the latest).
absl::StatusOr<v1::DisputedContent> ResolveDisputedContent(
    const CaseState& state, const v1::RequestRectification& request);

// One marker per request, in request order: disputed while open, then
// corrected or not corrected with the supplementary statement.
std::vector<v1::ContentMarker> ContentMarkers(const CaseState& state);

// The markers of the content held by the event at `position`.
std::vector<v1::ContentMarker> MarkersAt(
    const google::protobuf::RepeatedPtrField<v1::ContentMarker>& markers,
    uint64_t position);

// The markers of what a decision record holds: its report versions and the
// decision itself.
std::vector<v1::ContentMarker> MarkersOfRecord(
    const std::vector<v1::ContentMarker>& markers,
    const v1::DecisionRecord& record);

// One line for readers, the same in every view: "disputed: <what the
// person says>", "not corrected; the person's statement: <statement>" or
// "corrected at position N", naming the report part when there is one.
std::string MarkerText(const v1::ContentMarker& marker);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_RECTIFICATION_H_
