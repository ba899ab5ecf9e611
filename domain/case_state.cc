#include "domain/case_state.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "domain/event_codec.h"
#include "domain/policy/dates.h"

namespace keeper::domain {
namespace {

absl::Status Inconsistent(const RecordedEvent& event, std::string_view what) {
  return absl::DataLossError(absl::StrCat(
      "event ", event.event_id, " (", EventType(event.event), "): ", Sv(what)));
}

absl::StatusOr<ConferenceState*> Conference(CaseState& state,
                                            const RecordedEvent& event,
                                            const std::string& id) {
  auto it = state.conferences.find(id);
  if (it == state.conferences.end()) {
    return Inconsistent(event, absl::StrCat("unknown conference ", id));
  }
  return &it->second;
}

absl::StatusOr<ReportVersionState*> ReportVersion(CaseState& state,
                                                  const RecordedEvent& event,
                                                  const std::string& id,
                                                  int version) {
  auto it = state.reports.find(id);
  if (it == state.reports.end() || version < 1 ||
      version > static_cast<int>(it->second.versions.size())) {
    return Inconsistent(event,
                        absl::StrCat("unknown report ", id, " v", version));
  }
  return &it->second.versions[version - 1];
}

std::optional<absl::CivilDay> OptionalDay(const v1::Date& date) {
  return ToCivilDay(date);
}

absl::Status ApplyConferenceEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kConferenceRequested:
      state.requests[event.conference_requested().request_id()] =
          event.conference_requested();
      return absl::OkStatus();
    case v1::DomainEvent::kConferenceScheduled: {
      const v1::ConferenceScheduled& scheduled = event.conference_scheduled();
      ConferenceState& conference =
          state.conferences[scheduled.conference_id()];
      conference.conference_id = scheduled.conference_id();
      conference.kind = scheduled.kind();
      conference.chair = scheduled.chair();
      conference.minute_taker = scheduled.minute_taker();
      conference.reconvenes_conference_id =
          scheduled.reconvenes_conference_id();
      if (!scheduled.request_id().empty()) {
        state.scheduled_requests.insert(scheduled.request_id());
      }
      if (!scheduled.reconvenes_conference_id().empty()) {
        ASSIGN_OR_RETURN(
            ConferenceState * earlier,
            Conference(state, e, scheduled.reconvenes_conference_id()));
        earlier->reconvened = true;
      }
      if (scheduled.kind() == v1::CONFERENCE_KIND_REVIEW) {
        state.early_review_requested = false;
      }
      return absl::OkStatus();
    }
    case v1::DomainEvent::kParticipantInvited: {
      const v1::ParticipantInvited& invited = event.participant_invited();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, invited.conference_id()));
      const std::string& id = invited.participant().participant_id();
      conference->invited[id] = invited.participant();
      state.people[id] = invited.participant();
      return absl::OkStatus();
    }
    case v1::DomainEvent::kPreMeetingHeld:
      return Conference(state, e, event.pre_meeting_held().conference_id())
          .status();
    case v1::DomainEvent::kAttendanceRecorded: {
      const v1::AttendanceRecorded& recorded = event.attendance_recorded();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, recorded.conference_id()));
      const std::string& id = recorded.participant().participant_id();
      conference->attendance[id] = {recorded.participant(),
                                    recorded.attendance(), e.event_id};
      state.people[id] = recorded.participant();
      return absl::OkStatus();
    }
    case v1::DomainEvent::kConferenceOpened: {
      const v1::ConferenceOpened& opened = event.conference_opened();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, opened.conference_id()));
      conference->opened = true;
      conference->quorate = opened.quorate();
      conference->reconvene_by = OptionalDay(opened.reconvene_by());
      state.opened_order.push_back(opened.conference_id());
      return absl::OkStatus();
    }
    case v1::DomainEvent::kRegistrationViewGiven: {
      const v1::RegistrationViewGiven& given = event.registration_view_given();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, given.conference_id()));
      conference->views[given.participant_id()] = {given.view(), e.event_id,
                                                   given.change_number()};
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDecisionRecorded: {
      const v1::DecisionRecorded& decision = event.decision_recorded();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, decision.conference_id()));
      conference->decided = true;
      conference->decision = decision;
      conference->decision_event_id = e.event_id;
      conference->decided_while_registered =
          state.registration.registered && !state.registration.temporary;
      if (auto next = OptionalDay(decision.next_review_due()); next) {
        state.registration.next_review_due = next;
      }
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDissentRecorded: {
      ASSIGN_OR_RETURN(
          ConferenceState * conference,
          Conference(state, e, event.dissent_recorded().conference_id()));
      conference->dissenters.insert(event.dissent_recorded().participant_id());
      return absl::OkStatus();
    }
    case v1::DomainEvent::kMinutesIssued: {
      const v1::MinutesIssued& minutes = event.minutes_issued();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, minutes.conference_id()));
      conference->minutes_version = minutes.version();
      conference->minutes_event_id = e.event_id;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDecisionReviewRequested:
      state.review_requests[event.decision_review_requested().request_id()] =
          event.decision_review_requested();
      return absl::OkStatus();
    case v1::DomainEvent::kDecisionReviewAnswered:
      state.answered_review_requests.insert(
          event.decision_review_answered().request_id());
      return absl::OkStatus();
    default:
      return Inconsistent(e, "not a conference event");
  }
}

absl::Status ApplyReportEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kReportSubmitted: {
      const v1::ReportSubmitted& submitted = event.report_submitted();
      ReportState& report = state.reports[submitted.report_id()];
      if (submitted.version() != static_cast<int>(report.versions.size()) + 1) {
        return Inconsistent(e, "report versions out of order");
      }
      if (submitted.version() == 1) {
        report.conference_id = submitted.conference_id();
        report.author = submitted.author();
      }
      ReportVersionState version;
      version.event_id = e.event_id;
      for (const v1::ReportPart& part : submitted.parts()) {
        version.restricted.push_back(part.restricted());
      }
      report.versions.push_back(std::move(version));
      return absl::OkStatus();
    }
    case v1::DomainEvent::kReportPartRestricted: {
      const v1::ReportPartRestricted& restricted =
          event.report_part_restricted();
      ASSIGN_OR_RETURN(ReportVersionState * version,
                       ReportVersion(state, e, restricted.report_id(),
                                     restricted.version()));
      const int index = restricted.part_index();
      if (index < 0 || index >= static_cast<int>(version->restricted.size())) {
        return Inconsistent(e, "part index out of range");
      }
      version->restricted[index] = true;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kReportShared: {
      const v1::ReportShared& shared = event.report_shared();
      ASSIGN_OR_RETURN(
          ReportVersionState * version,
          ReportVersion(state, e, shared.report_id(), shared.version()));
      version->shared_with.insert(shared.participant_id());
      return absl::OkStatus();
    }
    case v1::DomainEvent::kReportAcknowledged: {
      const v1::ReportAcknowledged& signed_ = event.report_acknowledged();
      ASSIGN_OR_RETURN(
          ReportVersionState * version,
          ReportVersion(state, e, signed_.report_id(), signed_.version()));
      version->acknowledged_by.insert(signed_.participant_id());
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDisagreementRecorded:
      state.disagreements.insert(
          event.disagreement_recorded().disagreement_id());
      return absl::OkStatus();
    case v1::DomainEvent::kChildViewsRecorded:
      state.child_views[event.child_views_recorded().views_id()] = e.event_id;
      return absl::OkStatus();
    default:
      return Inconsistent(e, "not a report event");
  }
}

absl::Status ApplyRegisterEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  RegistrationState& registration = state.registration;
  switch (event.event_case()) {
    case v1::DomainEvent::kChildRegistered: {
      const v1::ChildRegistered& registered = event.child_registered();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, registered.conference_id()));
      conference->registered_by = true;
      registration = RegistrationState{};
      registration.registered = true;
      registration.conference_id = registered.conference_id();
      registration.registered_on =
          OptionalDay(registered.registered_on()).value_or(absl::CivilDay());
      registration.areas_of_concern.assign(
          registered.areas_of_concern().begin(),
          registered.areas_of_concern().end());
      registration.lead_professional = registered.lead_professional();
      registration.details_event_id = e.event_id;
      registration.next_review_due = OptionalDay(registered.first_review_due());
      registration.first_core_group_due =
          OptionalDay(registered.first_core_group_due());
      state.ever_registered = true;
      state.core_group.clear();
      state.core_group_event_id.clear();
      state.last_core_group_meeting.reset();
      state.early_review_requested = false;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kRegistrationAmended: {
      const v1::RegistrationAmended& amended = event.registration_amended();
      registration.areas_of_concern.assign(amended.areas_of_concern().begin(),
                                           amended.areas_of_concern().end());
      registration.lead_professional = amended.lead_professional();
      registration.details_event_id = e.event_id;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kChildDeregistered:
    case v1::DomainEvent::kTemporaryRegistrationEnded:
      registration = RegistrationState{};
      return absl::OkStatus();
    case v1::DomainEvent::kTemporaryRegistrationMade: {
      const v1::TemporaryRegistrationMade& made =
          event.temporary_registration_made();
      registration = RegistrationState{};
      registration.registered = true;
      registration.temporary = true;
      registration.registered_on =
          OptionalDay(made.starts_on()).value_or(absl::CivilDay());
      registration.areas_of_concern.assign(made.areas_of_concern().begin(),
                                           made.areas_of_concern().end());
      registration.lead_professional = made.lead_professional();
      registration.details_event_id = e.event_id;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kChildsPlanRecorded:
      state.plan_version = event.childs_plan_recorded().version();
      state.plan_event_id = e.event_id;
      return absl::OkStatus();
    case v1::DomainEvent::kPlanTaskAdded:
      state.tasks[event.plan_task_added().task_id()] =
          v1::TASK_STATUS_IN_PROGRESS;
      return absl::OkStatus();
    case v1::DomainEvent::kPlanTaskUpdated:
      state.tasks[event.plan_task_updated().task_id()] =
          event.plan_task_updated().status();
      return absl::OkStatus();
    case v1::DomainEvent::kCoreGroupNamed:
      state.core_group.clear();
      for (const v1::Participant& member : event.core_group_named().members()) {
        state.core_group[member.participant_id()] = member;
        state.people[member.participant_id()] = member;
      }
      state.core_group_event_id = e.event_id;
      return absl::OkStatus();
    case v1::DomainEvent::kCoreGroupMeetingHeld:
      state.core_group_meetings.insert(
          event.core_group_meeting_held().meeting_id());
      state.last_core_group_meeting =
          OptionalDay(event.core_group_meeting_held().held_on());
      registration.first_core_group_due.reset();
      return absl::OkStatus();
    case v1::DomainEvent::kEarlyReviewRequested:
      state.early_review_requested = true;
      return absl::OkStatus();
    case v1::DomainEvent::kHomeVisitRecorded:
      state.home_visits.insert(event.home_visit_recorded().visit_id());
      return absl::OkStatus();
    default:
      return Inconsistent(e, "not an event of a case stream");
  }
}

}  // namespace

const v1::Participant* ConferenceState::FindParticipant(
    std::string_view id) const {
  if (auto it = attendance.find(std::string(id)); it != attendance.end()) {
    return &it->second.participant;
  }
  if (auto it = invited.find(std::string(id)); it != invited.end()) {
    return &it->second;
  }
  return nullptr;
}

bool ConferenceState::Decided(v1::Outcome outcome) const {
  return decided &&
         std::find(decision.outcomes().begin(), decision.outcomes().end(),
                   outcome) != decision.outcomes().end();
}

const ConferenceState* CaseState::FindConference(std::string_view id) const {
  auto it = conferences.find(std::string(id));
  return it == conferences.end() ? nullptr : &it->second;
}

absl::Status Evolve(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  if (!state.exists() && event.event_case() != v1::DomainEvent::kCaseOpened) {
    return Inconsistent(e, "a case stream starts with CaseOpened");
  }
  absl::Status status = absl::OkStatus();
  switch (event.event_case()) {
    case v1::DomainEvent::kCaseOpened: {
      if (state.exists()) return Inconsistent(e, "the case is already open");
      const v1::CaseOpened& opened = event.case_opened();
      state.case_id = opened.case_id();
      state.local_authority = opened.local_authority();
      state.child = opened.child();
      state.child_event_id = e.event_id;
      state.from_case = opened.from_case();
      break;
    }
    case v1::DomainEvent::kChildDetailsAmended:
      state.child = event.child_details_amended().child();
      state.child_event_id = e.event_id;
      break;
    case v1::DomainEvent::kReportSubmitted:
    case v1::DomainEvent::kReportPartRestricted:
    case v1::DomainEvent::kReportShared:
    case v1::DomainEvent::kReportAcknowledged:
    case v1::DomainEvent::kDisagreementRecorded:
    case v1::DomainEvent::kChildViewsRecorded:
      status = ApplyReportEvent(state, e);
      break;
    case v1::DomainEvent::kChildRegistered:
    case v1::DomainEvent::kRegistrationAmended:
    case v1::DomainEvent::kChildDeregistered:
    case v1::DomainEvent::kTemporaryRegistrationMade:
    case v1::DomainEvent::kTemporaryRegistrationEnded:
    case v1::DomainEvent::kRegisterEntryOpened:
    case v1::DomainEvent::kRegisterEntryClosed:
    case v1::DomainEvent::kChildsPlanRecorded:
    case v1::DomainEvent::kPlanTaskAdded:
    case v1::DomainEvent::kPlanTaskUpdated:
    case v1::DomainEvent::kCoreGroupNamed:
    case v1::DomainEvent::kCoreGroupMeetingHeld:
    case v1::DomainEvent::kEarlyReviewRequested:
    case v1::DomainEvent::kHomeVisitRecorded:
      status = ApplyRegisterEvent(state, e);
      break;
    case v1::DomainEvent::EVENT_NOT_SET:
      return Inconsistent(e, "no event set");
    default:
      status = ApplyConferenceEvent(state, e);
      break;
  }
  RETURN_IF_ERROR(status);
  ++state.version;
  return absl::OkStatus();
}

absl::Status EvolveRegisterEntry(RegisterEntryState& state,
                                 const RecordedEvent& e) {
  switch (e.event.event_case()) {
    case v1::DomainEvent::kRegisterEntryOpened:
      state.on_register = true;
      state.case_id = e.event.register_entry_opened().case_id();
      state.temporary = e.event.register_entry_opened().temporary();
      break;
    case v1::DomainEvent::kRegisterEntryClosed:
      state.on_register = false;
      state.temporary = false;
      break;
    default:
      return Inconsistent(e, "not an event of a register stream");
  }
  ++state.version;
  return absl::OkStatus();
}

}  // namespace keeper::domain
