// Shared by the decide_*.cc files: the per-command deciders and the checks
// they have in common. Not part of the domain's interface.
#ifndef KEEPER_DOMAIN_DECIDE_INTERNAL_H_
#define KEEPER_DOMAIN_DECIDE_INTERNAL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/strings.h"
#include "domain/decide.h"

namespace keeper::domain::internal {

using Events = std::vector<NewEvent>;

// --- Building events ---

// One event for the case's stream.
NewEvent ForCase(const CaseState& state, v1::DomainEvent event);
// One event for the case's child's entry on its authority's register.
NewEvent ForRegister(const CaseState& state, v1::DomainEvent event);

absl::CivilDay Today(const CommandContext& context);

// Who the actor acts as: the person on whose behalf they call, else
// themselves.
const std::string& ActingSubject(const v1::Actor& actor);

// --- Checks on input (INVALID_ARGUMENT) ---

// True when `text` holds more than white space.
bool HasText(std::string_view text);
absl::Status RequireText(std::string_view text, std::string_view field,
                         std::string_view what);
absl::Status CheckPerson(const v1::Person& person, std::string_view field,
                         bool needs_agency);
absl::Status CheckParticipant(const v1::Participant& participant,
                              std::string_view field);
absl::Status CheckChild(const v1::ChildDetails& child, std::string_view field,
                        absl::CivilDay today);
// An optional date: unset gives today; a future date is refused.
absl::StatusOr<absl::CivilDay> DayOrToday(const v1::Date& date,
                                          std::string_view field,
                                          const CommandContext& context);
// A required date, any day.
absl::StatusOr<absl::CivilDay> RequiredDay(const v1::Date& date,
                                           std::string_view field);
// Areas of concern: at least one, none twice, each from the policy's list.
absl::Status CheckAreas(
    const google::protobuf::RepeatedPtrField<std::string>& areas,
    const Policy& policy);

// --- Look-ups (NOT_FOUND) and rules shared by several commands ---

absl::StatusOr<const ConferenceState*> FindConference(
    const CaseState& state, std::string_view id,
    std::string_view field = "conference_id");
// A conference that has decided; FAILED_PRECONDITION (rules::kAfterDecision)
// with `refusal` otherwise.
absl::StatusOr<const ConferenceState*> FindDecidedConference(
    const CaseState& state, std::string_view id, std::string_view refusal);
// A participant of the conference, invited or attending, by id; NOT_FOUND
// saying "<id> <missing>" otherwise.
absl::StatusOr<const v1::Participant*> FindConferenceParticipant(
    const ConferenceState& conference, std::string_view id,
    std::string_view field,
    std::string_view missing = "is not a participant of the conference");
// A participant the case knows, by id.
absl::StatusOr<const v1::Participant*> FindPerson(const CaseState& state,
                                                  std::string_view id,
                                                  std::string_view field);
// An id keeps the role it was first given in the case.
absl::Status CheckSameRole(const CaseState& state,
                           const v1::Participant& participant,
                           std::string_view field);
bool IsFamily(v1::PartyRole role);  // parent, carer or the child

// `from` plus `period` on the case's authority's calendar; nullopt when
// the policy sets no such timescale.
absl::StatusOr<std::optional<absl::CivilDay>> Due(const CommandContext& context,
                                                  const CaseState& state,
                                                  absl::CivilDay from,
                                                  const v1::DuePeriod& period);
// Sets `*date` when `day` holds one.
void SetDate(const std::optional<absl::CivilDay>& day, v1::Date* date);

// --- Deciders, one per command ---

// decide_case.cc
absl::StatusOr<Events> OpenCase(const CaseState&, const v1::OpenCase&,
                                const CommandContext&);
absl::StatusOr<Events> AmendChildDetails(const CaseState&,
                                         const v1::AmendChildDetails&,
                                         const CommandContext&);
absl::StatusOr<Events> RequestConference(const CaseState&,
                                         const v1::RequestConference&,
                                         const CommandContext&);
absl::StatusOr<Events> ScheduleConference(const CaseState&,
                                          const v1::ScheduleConference&,
                                          const CommandContext&);
// decide_meeting.cc
absl::StatusOr<Events> InviteParticipant(const CaseState&,
                                         const v1::InviteParticipant&,
                                         const CommandContext&);
absl::StatusOr<Events> HoldPreMeeting(const CaseState&,
                                      const v1::HoldPreMeeting&,
                                      const CommandContext&);
absl::StatusOr<Events> RecordAttendance(const CaseState&,
                                        const v1::RecordAttendance&,
                                        const CommandContext&);
absl::StatusOr<Events> OpenConference(const CaseState&,
                                      const v1::OpenConference&,
                                      const CommandContext&);
// decide_reports.cc
absl::StatusOr<Events> SubmitReport(const CaseState&, const v1::SubmitReport&,
                                    const CommandContext&);
absl::StatusOr<Events> CorrectReport(const CaseState&, const v1::CorrectReport&,
                                     const CommandContext&);
absl::StatusOr<Events> RestrictReportPart(const CaseState&,
                                          const v1::RestrictReportPart&,
                                          const CommandContext&);
absl::StatusOr<Events> ShareReport(const CaseState&, const v1::ShareReport&,
                                   const CommandContext&);
absl::StatusOr<Events> AcknowledgeReport(const CaseState&,
                                         const v1::AcknowledgeReport&,
                                         const CommandContext&);
absl::StatusOr<Events> RecordDisagreement(const CaseState&,
                                          const v1::RecordDisagreement&,
                                          const CommandContext&);
absl::StatusOr<Events> RecordChildViews(const CaseState&,
                                        const v1::RecordChildViews&,
                                        const CommandContext&);
// decide_decision.cc
absl::StatusOr<Events> GiveRegistrationView(const CaseState&,
                                            const v1::GiveRegistrationView&,
                                            const CommandContext&);
absl::StatusOr<Events> RecordDecision(const CaseState&,
                                      const v1::RecordDecision&,
                                      const CommandContext&);
absl::StatusOr<Events> RecordDissent(const CaseState&, const v1::RecordDissent&,
                                     const CommandContext&);
// decide_minutes_and_review_requests.cc
absl::StatusOr<Events> IssueMinutes(const CaseState&, const v1::IssueMinutes&,
                                    const CommandContext&);
absl::StatusOr<Events> RequestDecisionReview(const CaseState&,
                                             const v1::RequestDecisionReview&,
                                             const CommandContext&);
absl::StatusOr<Events> AnswerDecisionReview(const CaseState&,
                                            const v1::AnswerDecisionReview&,
                                            const CommandContext&);
// decide_register.cc
absl::StatusOr<Events> RegisterChild(const CaseState&, const v1::RegisterChild&,
                                     const CommandContext&);
absl::StatusOr<Events> AmendRegistration(const CaseState&,
                                         const v1::AmendRegistration&,
                                         const CommandContext&);
absl::StatusOr<Events> DeregisterChild(const CaseState&,
                                       const v1::DeregisterChild&,
                                       const CommandContext&);
absl::StatusOr<Events> RegisterTemporarily(const CaseState&,
                                           const v1::RegisterTemporarily&,
                                           const CommandContext&);
absl::StatusOr<Events> EndTemporaryRegistration(
    const CaseState&, const v1::EndTemporaryRegistration&,
    const CommandContext&);
// decide_plan.cc
absl::StatusOr<Events> RecordChildsPlan(const CaseState&,
                                        const v1::RecordChildsPlan&,
                                        const CommandContext&);
absl::StatusOr<Events> AddPlanTask(const CaseState&, const v1::AddPlanTask&,
                                   const CommandContext&);
absl::StatusOr<Events> UpdatePlanTask(const CaseState&,
                                      const v1::UpdatePlanTask&,
                                      const CommandContext&);
absl::StatusOr<Events> NameCoreGroup(const CaseState&, const v1::NameCoreGroup&,
                                     const CommandContext&);
absl::StatusOr<Events> RecordCoreGroupMeeting(const CaseState&,
                                              const v1::RecordCoreGroupMeeting&,
                                              const CommandContext&);
absl::StatusOr<Events> RequestEarlyReview(const CaseState&,
                                          const v1::RequestEarlyReview&,
                                          const CommandContext&);
absl::StatusOr<Events> RecordHomeVisit(const CaseState&,
                                       const v1::RecordHomeVisit&,
                                       const CommandContext&);
absl::StatusOr<Events> RecordTimescaleReason(const CaseState&,
                                             const v1::RecordTimescaleReason&,
                                             const CommandContext&);
absl::StatusOr<Events> RecordSubjectAccessRequest(
    const CaseState&, const v1::RecordSubjectAccessRequest&,
    const CommandContext&);
absl::StatusOr<Events> RecordDisclosure(const CaseState&,
                                        const v1::RecordDisclosure&,
                                        const CommandContext&);
// decide_rectification.cc
absl::StatusOr<Events> RequestRectification(const CaseState&,
                                            const v1::RequestRectification&,
                                            const CommandContext&);
absl::StatusOr<Events> DecideRectification(const CaseState&,
                                           const v1::DecideRectification&,
                                           const CommandContext&);

}  // namespace keeper::domain::internal

#endif  // KEEPER_DOMAIN_DECIDE_INTERNAL_H_
