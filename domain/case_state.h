// The state of one case, folded from its events, holding what the rules of
// SPEC §4 need; and the state of one child's entry on one authority's
// register.
//
// Thread safety: plain values; not synchronised.
// Failure: Evolve reports an event that does not fit the state (DATA_LOSS)
// instead of guessing; the state is then unspecified.
#ifndef KEEPER_DOMAIN_CASE_STATE_H_
#define KEEPER_DOMAIN_CASE_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "keeper/v1/domain_event.pb.h"

namespace keeper::domain {

// A stored event as the fold sees it.
struct RecordedEvent {
  std::string event_id;
  v1::DomainEvent event;
  uint64_t position = 0;  // in the log; 0 when not known
};

struct AttendanceState {
  v1::Participant participant;
  v1::Attendance attendance = v1::ATTENDANCE_UNSPECIFIED;
  std::string event_id;
};

struct ViewState {
  v1::RegistrationView view = v1::REGISTRATION_VIEW_UNSPECIFIED;
  std::string event_id;
  int changes = 0;
};

struct ConferenceState {
  std::string conference_id;
  v1::ConferenceKind kind = v1::CONFERENCE_KIND_UNSPECIFIED;
  v1::Person chair;
  v1::Person minute_taker;
  std::string reconvenes_conference_id;
  std::map<std::string, v1::Participant> invited;
  std::map<std::string, AttendanceState> attendance;
  bool opened = false;
  bool quorate = false;
  std::optional<absl::CivilDay> reconvene_by;  // when inquorate
  std::map<std::string, ViewState> views;
  bool decided = false;
  v1::DecisionRecorded decision;
  std::string decision_event_id;
  // The child was on the case's register (not temporarily) when decided.
  bool decided_while_registered = false;
  std::set<std::string> dissenters;
  bool registered_by = false;  // a registration cited this decision
  int minutes_version = 0;
  std::string minutes_event_id;
  bool reconvened = false;  // a later conference reconvenes this one

  // The participant as invited or, if they came uninvited, as attending.
  const v1::Participant* FindParticipant(std::string_view id) const;
  bool Decided(v1::Outcome outcome) const;
};

struct ReportVersionState {
  std::string event_id;
  uint64_t position = 0;
  std::vector<bool> restricted;  // per part
  std::set<std::string> shared_with;
  std::set<std::string> acknowledged_by;
};

struct ReportState {
  std::string conference_id;
  v1::Person author;
  std::vector<ReportVersionState> versions;  // [0] is version 1
};

struct RegistrationState {
  bool registered = false;
  bool temporary = false;
  std::string conference_id;
  absl::CivilDay registered_on;
  std::vector<std::string> areas_of_concern;
  v1::Person lead_professional;
  std::string details_event_id;  // registration or its latest amendment
  std::optional<absl::CivilDay> next_review_due;
  // When the first Core Group meeting is due, before it is held.
  std::optional<absl::CivilDay> first_core_group_due;
};

// An event of the case's stream, as a rectification request may name it.
struct CaseEventRef {
  std::string event_id;
  std::string event_type;
};

// A request to rectify content, and its outcome once decided.
struct RectificationState {
  v1::RectificationRequested request;
  uint64_t requested_at = 0;  // the request's position
  bool decided = false;
  v1::RectificationDecided decision;
};

struct CaseState {
  uint64_t version = 0;  // events folded; 0: the case does not exist
  std::string case_id;
  std::string local_authority;
  v1::ChildDetails child;
  std::string child_event_id;  // the event holding the current details
  v1::CaseRef from_case;

  // Client-chosen ids, per kind, so that each is used once.
  std::map<std::string, v1::ConferenceRequested> requests;
  std::set<std::string> scheduled_requests;
  std::map<std::string, ConferenceState> conferences;
  std::vector<std::string> opened_order;  // conference ids, as opened
  std::map<std::string, ReportState> reports;
  std::set<std::string> disagreements;
  std::map<std::string, std::string> child_views;  // id -> latest event id
  std::map<std::string, v1::DecisionReviewRequested> review_requests;
  std::set<std::string> answered_review_requests;
  // Everyone the case names, by participant id: their latest details.
  std::map<std::string, v1::Participant> people;

  RegistrationState registration;
  bool ever_registered = false;
  int plan_version = 0;
  std::string plan_event_id;
  std::map<std::string, v1::TaskStatus> tasks;
  std::map<std::string, v1::Participant> core_group;
  std::string core_group_event_id;
  std::set<std::string> core_group_meetings;
  std::optional<absl::CivilDay> last_core_group_meeting;
  bool early_review_requested = false;  // and no review scheduled since
  std::set<std::string> home_visits;
  std::set<std::string> timescale_reasons;  // reason ids
  // Subject access requests by id.
  std::map<std::string, v1::SubjectAccessRequested> subject_access_requests;
  // Every event of the stream by log position, and the rectification
  // requests by id (domain/rectification.h reads them).
  std::map<uint64_t, CaseEventRef> events;
  std::map<std::string, RectificationState> rectifications;

  bool exists() const { return version > 0; }
  const ConferenceState* FindConference(std::string_view id) const;
};

// Applies one event of the case's stream.
absl::Status Evolve(CaseState& state, const RecordedEvent& event);

// A child's entry on one authority's register
// ("register-<authority>:<child_id>").
struct RegisterEntryState {
  uint64_t version = 0;
  bool on_register = false;
  std::string case_id;
  bool temporary = false;
};

absl::Status EvolveRegisterEntry(RegisterEntryState& state,
                                 const RecordedEvent& event);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_CASE_STATE_H_
