// The names of the rules the domain enforces, as carried in
// v1.RuleViolation.rule. Stable: clients and tests match on them.
// Malformed input uses kRuleInput (rule_violation.h).
#ifndef KEEPER_DOMAIN_RULES_H_
#define KEEPER_DOMAIN_RULES_H_

namespace keeper::domain::rules {

// SPEC §4: views on registration.
inline constexpr char kViewsProfessionalsOnly[] = "views.professionals_only";
inline constexpr char kViewsInvitedOrAttending[] = "views.invited_or_attending";
inline constexpr char kViewsOnePerProfessional[] = "views.one_per_professional";
inline constexpr char kViewsBeforeDecision[] = "views.before_decision";
inline constexpr char kViewsInMeeting[] = "views.in_meeting";

// SPEC §4: the decision.
inline constexpr char kDecisionChairDecides[] = "decision.chair_decides";
inline constexpr char kDecisionChairReasons[] = "decision.chair_reasons";
inline constexpr char kDecisionNeedsViews[] = "decision.needs_views";
inline constexpr char kDecisionOnce[] = "decision.once";
inline constexpr char kDecisionInMeeting[] = "decision.in_meeting";

// SPEC §4: registering and deregistering.
inline constexpr char kRegisterNeedsDecision[] = "register.needs_decision";
inline constexpr char kRegisterNotAlreadyOn[] = "register.not_already_on";
inline constexpr char kRegisterOncePerDecision[] = "register.once_per_decision";
inline constexpr char kRegistered[] = "register.registered";
inline constexpr char kDeregisterGround[] =
    "deregister.review_death_or_transfer";
inline constexpr char kDeregisterTurned18[] = "deregister.turned_18";
inline constexpr char kTemporaryHomeRegistered[] = "temporary.home_registered";
inline constexpr char kTransferOtherAuthority[] = "transfer.other_authority";
inline constexpr char kTransferSameChild[] = "transfer.same_child";
inline constexpr char kTransferFromThisCase[] = "transfer.from_this_case";

// SPEC §4: quorum.
inline constexpr char kQuorumReasonToProceed[] = "quorum.reason_to_proceed";
inline constexpr char kQuorumInquorateCannotDeregister[] =
    "quorum.inquorate_cannot_deregister";
inline constexpr char kQuorumNoSecondInquorate[] = "quorum.no_second_inquorate";
inline constexpr char kQuorumReconveneInquorate[] =
    "quorum.reconvene_inquorate";

// SPEC §4: disagreements.
inline constexpr char kDisagreementByFamily[] = "disagreement.by_family";

// The case, the child and the conference.
inline constexpr char kCaseOnce[] = "case.once";
inline constexpr char kChildIdFixed[] = "child.id_fixed";
inline constexpr char kChildBirthFinal[] = "child.birth_final";
inline constexpr char kRequestByAgency[] = "request.by_agency";
inline constexpr char kConferenceKindFits[] = "conference.kind_fits_case";
inline constexpr char kConferenceKindMatchesRequest[] =
    "conference.kind_matches_request";
inline constexpr char kMinuteTakerNotChair[] =
    "conference.minute_taker_not_chair";
inline constexpr char kOnce[] = "record.once";  // an id used twice
inline constexpr char kParticipantOneRole[] = "participant.one_role";
inline constexpr char kUnbornNotParticipant[] = "participant.not_unborn";
inline constexpr char kBeforeMeeting[] = "conference.before_meeting";
inline constexpr char kBeforeDecision[] = "conference.before_decision";
inline constexpr char kAfterDecision[] = "conference.after_decision";
inline constexpr char kPreMeetingFamily[] = "pre_meeting.family";

// Reports and the child's views.
inline constexpr char kReportAuthorCorrects[] = "report.author_corrects";
inline constexpr char kReportSharedWithFamily[] = "report.shared_with_family";
inline constexpr char kReportSeenBeforeSigned[] = "report.seen_before_signed";
inline constexpr char kChildViewsBorn[] = "child_views.born";

// After the decision.
inline constexpr char kDissentByFamily[] = "dissent.by_family";
inline constexpr char kDecisionReviewByParent[] = "decision_review.by_parent";
inline constexpr char kDecisionReviewDeclineLateOnly[] =
    "decision_review.decline_late_only";

// While registered.
inline constexpr char kPlanExists[] = "plan.exists";
inline constexpr char kCoreGroupNamed[] = "core_group.named";

// A reason or variation explains a measure the case has.
inline constexpr char kTimescaleKnownMeasure[] = "timescale.known_measure";

// A subject access request is about the child or a parent or carer named
// in the case; the policy sets when its response is due.
inline constexpr char kSubjectAccessSubject[] = "subject_access.subject";
inline constexpr char kSubjectAccessPolicy[] = "subject_access.policy";

// A rectification request names content the case holds, with at most one
// open request per content; the outcome is decided once, and a correction
// is recorded after the request.
inline constexpr char kRectificationContent[] = "rectification.content";
inline constexpr char kRectificationOneOpen[] = "rectification.one_open";
inline constexpr char kRectificationSubject[] = "rectification.subject";
inline constexpr char kRectificationDecidedOnce[] =
    "rectification.decided_once";
inline constexpr char kRectificationCorrection[] = "rectification.correction";

}  // namespace keeper::domain::rules

#endif  // KEEPER_DOMAIN_RULES_H_
