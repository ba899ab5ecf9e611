// Deciders for invitations, the chair's pre-meeting, attendance and the
// opening of the meeting, where quorum is fixed.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/agency_and_role_names.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain::internal {
namespace {

absl::Status CheckNotUnborn(const CaseState& state,
                            const v1::Participant& participant,
                            std::string_view field) {
  if (participant.role() == v1::PARTY_ROLE_CHILD && state.child.unborn()) {
    return Broken(rules::kUnbornNotParticipant, field,
                  "an unborn baby cannot take part in a conference");
  }
  return absl::OkStatus();
}

absl::Status CheckBeforeDecision(const ConferenceState& conference) {
  if (!conference.decided) return absl::OkStatus();
  return Broken(
      rules::kBeforeDecision, "conference_id",
      absl::StrCat("conference ", conference.conference_id, " has decided"));
}

}  // namespace

absl::StatusOr<Events> InviteParticipant(const CaseState& state,
                                         const v1::InviteParticipant& command,
                                         const CommandContext&) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  const v1::Participant& participant = command.participant();
  RETURN_IF_ERROR(CheckParticipant(participant, "participant"));
  if (participant.role() == v1::PARTY_ROLE_CHAIR ||
      participant.role() == v1::PARTY_ROLE_MINUTE_TAKER) {
    return Invalid("participant.role",
                   "the chair and the minute taker are named when the "
                   "conference is scheduled");
  }
  if (conference->opened) {
    return Broken(rules::kBeforeMeeting, "conference_id",
                  "invitations go out before the meeting; record the "
                  "attendance of someone who came uninvited");
  }
  if (conference->invited.contains(participant.participant_id())) {
    return Duplicate(
        rules::kOnce, "participant.participant_id",
        absl::StrCat(participant.participant_id(), " is already invited"));
  }
  RETURN_IF_ERROR(CheckSameRole(state, participant, "participant.role"));
  RETURN_IF_ERROR(CheckNotUnborn(state, participant, "participant.role"));
  v1::DomainEvent event;
  v1::ParticipantInvited& invited = *event.mutable_participant_invited();
  invited.set_case_id(state.case_id);
  invited.set_conference_id(command.conference_id());
  *invited.mutable_participant() = participant;
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> HoldPreMeeting(const CaseState& state,
                                      const v1::HoldPreMeeting& command,
                                      const CommandContext& context) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  if (conference->opened) {
    return Broken(rules::kBeforeMeeting, "conference_id",
                  "the chair's pre-meeting is held before the meeting opens");
  }
  if (command.participant_ids().empty()) {
    return Invalid("participant_ids", "name who the chair met");
  }
  std::set<std::string> seen;
  for (const std::string& id : command.participant_ids()) {
    ASSIGN_OR_RETURN(
        const v1::Participant* participant,
        FindConferenceParticipant(*conference, id, "participant_ids",
                                  "is not invited to the conference"));
    const v1::PartyRole role = participant->role();
    if (role == v1::PARTY_ROLE_PROFESSIONAL) {
      return Broken(rules::kPreMeetingFamily, "participant_ids",
                    absl::StrCat("the chair's pre-meeting is with the family "
                                 "and the child; ",
                                 id, " is a professional"));
    }
    if (!seen.insert(id).second) {
      return Invalid("participant_ids", absl::StrCat(id, " is named twice"));
    }
  }
  v1::DomainEvent event;
  v1::PreMeetingHeld& held = *event.mutable_pre_meeting_held();
  held.set_case_id(state.case_id);
  held.set_conference_id(command.conference_id());
  *held.mutable_participant_ids() = command.participant_ids();
  held.mutable_held_at()->set_seconds(absl::ToUnixSeconds(context.now));
  held.set_notes(command.notes());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordAttendance(const CaseState& state,
                                        const v1::RecordAttendance& command,
                                        const CommandContext&) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  RETURN_IF_ERROR(CheckBeforeDecision(*conference));
  std::string id = command.participant_id();
  if (id.empty()) id = command.participant().participant_id();
  RETURN_IF_ERROR(CheckId(id, "participant_id"));
  if (command.attendance() == v1::ATTENDANCE_UNSPECIFIED ||
      !v1::Attendance_IsValid(command.attendance())) {
    return Invalid("attendance", "say whether they attended, in part, or not");
  }
  if (command.attendance() == v1::ATTENDANCE_ABSENT) {
    RETURN_IF_ERROR(RequireText(command.absence_reason(), "absence_reason",
                                "an absence is recorded with its reason"));
  }
  v1::Participant participant;
  if (auto it = conference->invited.find(id); it != conference->invited.end()) {
    participant = it->second;
    if (command.has_participant() &&
        command.participant().role() != participant.role()) {
      return Broken(
          rules::kParticipantOneRole, "participant.role",
          absl::StrCat(id, " was invited as a ", RoleName(participant.role())));
    }
  } else {
    if (!command.has_participant()) {
      return Invalid("participant",
                     absl::StrCat(id, " was not invited: give their details"));
    }
    participant = command.participant();
    participant.set_participant_id(id);
    RETURN_IF_ERROR(CheckParticipant(participant, "participant"));
    RETURN_IF_ERROR(CheckSameRole(state, participant, "participant.role"));
    RETURN_IF_ERROR(CheckNotUnborn(state, participant, "participant.role"));
  }
  std::string corrects;
  if (auto it = conference->attendance.find(id);
      it != conference->attendance.end()) {
    if (it->second.attendance == command.attendance()) {
      return Duplicate(rules::kOnce, "attendance",
                       absl::StrCat(id,
                                    "'s attendance is already recorded "
                                    "as that"));
    }
    corrects = it->second.event_id;
  }
  v1::DomainEvent event;
  v1::AttendanceRecorded& recorded = *event.mutable_attendance_recorded();
  recorded.set_case_id(state.case_id);
  recorded.set_conference_id(command.conference_id());
  *recorded.mutable_participant() = participant;
  recorded.set_attendance(command.attendance());
  recorded.set_absence_reason(command.absence_reason());
  recorded.set_part_attended(command.part_attended());
  recorded.set_corrects_event_id(corrects);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> OpenConference(const CaseState& state,
                                      const v1::OpenConference& command,
                                      const CommandContext& context) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  if (conference->opened) {
    return Duplicate(rules::kOnce, "conference_id",
                     absl::StrCat("conference ", conference->conference_id,
                                  " is already open"));
  }
  // Quorum counts the professionals who came, by agency.
  std::set<int> present;
  for (const auto& [id, attendance] : conference->attendance) {
    if (attendance.participant.role() == v1::PARTY_ROLE_PROFESSIONAL &&
        (attendance.attendance == v1::ATTENDANCE_ATTENDED ||
         attendance.attendance == v1::ATTENDANCE_ATTENDED_PART)) {
      present.insert(attendance.participant.person().agency());
    }
  }
  std::vector<v1::Agency> missing;
  for (int agency : context.policy->proto().quorum_agencies()) {
    if (!present.contains(agency)) missing.push_back(v1::Agency(agency));
  }
  v1::DomainEvent event;
  v1::ConferenceOpened& opened = *event.mutable_conference_opened();
  opened.set_case_id(state.case_id);
  opened.set_conference_id(command.conference_id());
  opened.mutable_opened_at()->set_seconds(absl::ToUnixSeconds(context.now));
  opened.set_quorate(missing.empty());
  for (int agency : present) opened.add_agencies_present(v1::Agency(agency));
  for (v1::Agency agency : missing) opened.add_agencies_missing(agency);
  opened.set_policy_version(context.policy->version());
  if (missing.empty()) {
    if (!command.inquorate_reason().empty()) {
      return Invalid("inquorate_reason",
                     "the conference is quorate: there is nothing to excuse");
    }
    return Events{ForCase(state, std::move(event))};
  }

  std::vector<std::string> names;
  for (v1::Agency agency : missing) names.push_back(AgencyName(agency));
  const std::string missing_text = absl::StrJoin(names, ", ");
  if (!state.opened_order.empty()) {
    const ConferenceState* previous =
        state.FindConference(state.opened_order.back());
    if (previous != nullptr && !previous->quorate) {
      return Broken(rules::kQuorumNoSecondInquorate, "conference_id",
                    absl::StrCat("an inquorate conference cannot follow "
                                 "another inquorate one for the same child "
                                 "(conference ",
                                 previous->conference_id,
                                 " was inquorate); missing: ", missing_text));
    }
  }
  if (!HasText(command.inquorate_reason())) {
    return Broken(rules::kQuorumReasonToProceed, "inquorate_reason",
                  absl::StrCat("the conference is inquorate (no professional "
                               "from ",
                               missing_text,
                               "): the chair must record a reason to "
                               "proceed"));
  }
  ASSIGN_OR_RETURN(std::optional<absl::CivilDay> reconvene_by,
                   Due(context, state, Today(context),
                       context.policy->timescales().inquorate_reconvene()));
  opened.set_inquorate_reason(command.inquorate_reason());
  SetDate(reconvene_by, opened.mutable_reconvene_by());
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
