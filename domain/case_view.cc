#include "domain/case_view.h"

#include <utility>

#include "domain/policy/dates.h"
#include "domain/rectification.h"
#include "domain/withholding.h"

namespace keeper::domain {
namespace {

void SummariseRegistration(const RegistrationState& from,
                           v1::CaseView::Registration* to) {
  to->set_registered(from.registered);
  to->set_temporary(from.temporary);
  to->set_conference_id(from.conference_id);
  if (from.registered)
    *to->mutable_registered_on() = ToDate(from.registered_on);
  for (const std::string& area : from.areas_of_concern) {
    to->add_areas_of_concern(area);
  }
  *to->mutable_lead_professional() = from.lead_professional;
  if (from.next_review_due.has_value()) {
    *to->mutable_next_review_due() = ToDate(*from.next_review_due);
  }
}

void SummariseConference(const ConferenceState& from,
                         v1::CaseView::Conference* to) {
  to->set_conference_id(from.conference_id);
  to->set_kind(from.kind);
  *to->mutable_chair() = from.chair;
  for (const auto& [id, participant] : from.invited) to->add_invited(id);
  to->set_opened(from.opened);
  to->set_quorate(from.quorate);
  to->set_decided(from.decided);
  if (from.decided) *to->mutable_outcomes() = from.decision.outcomes();
  to->set_minutes_version(from.minutes_version);
  to->set_reconvenes_conference_id(from.reconvenes_conference_id);
}

}  // namespace

absl::StatusOr<v1::CaseView> MakeCaseView(
    const CaseState& state, std::vector<v1::EventEnvelope> history,
    bool withhold_restricted) {
  v1::CaseView view;
  view.set_case_id(state.case_id);
  view.set_local_authority(state.local_authority);
  view.set_version(state.version);
  *view.mutable_child() = state.child;
  *view.mutable_from_case() = state.from_case;
  SummariseRegistration(state.registration, view.mutable_registration());
  view.set_ever_registered(state.ever_registered);
  for (const auto& [id, conference] : state.conferences) {
    SummariseConference(conference, view.add_conferences());
  }
  for (const auto& [id, report] : state.reports) {
    v1::CaseView::Report* summary = view.add_reports();
    summary->set_report_id(id);
    summary->set_conference_id(report.conference_id);
    *summary->mutable_author() = report.author;
    summary->set_current_version(static_cast<int>(report.versions.size()));
  }
  view.set_plan_version(state.plan_version);
  for (const auto& [id, member] : state.core_group) view.add_core_group(id);
  for (v1::EventEnvelope& envelope : history) {
    if (withhold_restricted) {
      if (absl::Status s = WithholdRestricted(state, envelope); !s.ok()) {
        return s;
      }
    }
    *view.add_history() = std::move(envelope);
  }
  view.set_restricted_parts_withheld(withhold_restricted);
  for (v1::ContentMarker& marker : ContentMarkers(state)) {
    *view.add_markers() = std::move(marker);
  }
  return view;
}

}  // namespace keeper::domain
