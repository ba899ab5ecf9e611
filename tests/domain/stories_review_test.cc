// Whole stories after registration: a review that deregisters, an
// inquorate review reconvened, and a parent's request to review a
// decision, in time and late. Each step's events, and the forbidden turns
// refused with their rule and nothing written.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class ReviewStoriesTest : public DomainTest {
 protected:
  v1::DeregisterChild Deregistration(const std::string& conference_id) {
    v1::DeregisterChild command;
    command.set_case_id("c1");
    command.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
    command.set_details("Dad has moved out; mum engages with the plan");
    command.set_conference_id(conference_id);
    return command;
  }

  v1::RecordDecision Decision(const std::string& conference_id,
                              v1::Outcome outcome,
                              const std::string& reasons = "") {
    v1::RecordDecision command;
    command.set_case_id("c1");
    command.set_conference_id(conference_id);
    command.add_outcomes(outcome);
    command.set_reasons(reasons);
    return command;
  }

  v1::OpenConference Opening(const std::string& conference_id,
                             const std::string& reason) {
    v1::OpenConference command;
    command.set_case_id("c1");
    command.set_conference_id(conference_id);
    command.set_inquorate_reason(reason);
    return command;
  }

  v1::RequestDecisionReview ReviewRequest(const std::string& request_id,
                                          const std::string& participant_id) {
    v1::RequestDecisionReview command;
    command.set_case_id("c1");
    command.set_request_id(request_id);
    command.set_conference_id("k1");
    command.set_participant_id(participant_id);
    command.set_grounds("The health visitor's report was out of date");
    return command;
  }

  v1::AnswerDecisionReview Answer(const std::string& request_id,
                                  v1::DecisionReviewOutcome outcome) {
    v1::AnswerDecisionReview command;
    command.set_case_id("c1");
    command.set_request_id(request_id);
    command.set_outcome(outcome);
    command.set_reasons("Considered by the Head of Service");
    command.mutable_answered_by()->set_name("Jean Grant");
    command.mutable_answered_by()->set_subject("hos.grant");
    command.mutable_answered_by()->set_job_title("Head of Service");
    return command;
  }
};

// NG and seed 001: the child stays registered until a review decides
// otherwise; only that review's decision, with a reason, takes them off.
TEST_F(ReviewStoriesTest, AReviewDeregistersWhenTheRiskHasReduced) {
  RegisteredCase("c1", "fife", "child-1");  // Monday 4 March 2024
  v1::DeregisterChild no_ground = Deregistration("");
  Refused(no_ground, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);
  v1::DeregisterChild by_initial = Deregistration("c1-icpc");
  Refused(by_initial, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);

  SetDay(2024, 9, 2);
  // A review needs no request; it is due 6 months after registration.
  Schedule("c1", "review1", v1::CONFERENCE_KIND_REVIEW, "");
  const v1::ConferenceScheduled scheduled =
      LastEvent("case-c1").conference_scheduled();
  EXPECT_EQ(scheduled.request_id(), "");
  EXPECT_EQ(scheduled.due_by().DebugString(), On(2024, 9, 4));
  Invite("c1", "review1", {"mum", "sw", "hv", "police"});
  Attend("c1", "review1", {"mum", "sw", "hv", "police"});
  OpenMeeting("c1", "review1");
  v1::DeregisterChild undecided = Deregistration("review1");
  Refused(undecided, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "review1", id, v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
  v1::RecordDecision decision =
      Decision("review1", v1::OUTCOME_NOT_REGISTER, "Risk has reduced");
  ASSERT_EQ(Ok(decision, MinuteTaker()), Types{"DecisionRecorded"});
  const std::string decision_id = Stream("case-c1").back().event_id();
  const v1::DecisionRecorded decided = LastEvent("case-c1").decision_recorded();
  EXPECT_FALSE(decided.chair_decided());
  EXPECT_FALSE(decided.has_next_review_due());  // nothing more to review

  v1::DeregisterChild no_reason = Deregistration("review1");
  no_reason.set_reason(v1::DEREGISTRATION_REASON_UNSPECIFIED);
  Refused(no_reason, absl::StatusCode::kInvalidArgument, "input");
  v1::DeregisterChild other_unexplained = Deregistration("review1");
  other_unexplained.set_reason(v1::DEREGISTRATION_REASON_OTHER);
  other_unexplained.clear_details();
  Refused(other_unexplained, absl::StatusCode::kInvalidArgument, "input");

  v1::DeregisterChild deregister = Deregistration("review1");
  ASSERT_EQ(Ok(deregister),
            (Types{"ChildDeregistered", "RegisterEntryClosed"}));
  const v1::ChildDeregistered off = LastEvent("case-c1").child_deregistered();
  EXPECT_EQ(off.reason(), v1::DEREGISTRATION_REASON_REDUCED_RISK);
  EXPECT_EQ(off.details(), "Dad has moved out; mum engages with the plan");
  EXPECT_EQ(off.conference_id(), "review1");
  EXPECT_EQ(off.decision_event_id(), decision_id);
  EXPECT_EQ(off.deregistered_on().DebugString(), On(2024, 9, 2));
  EXPECT_EQ(off.policy_version(), "scotland-2023");
  EXPECT_EQ(
      LastEvent("register-fife:child-1").register_entry_closed().case_id(),
      "c1");

  const CaseState state = Case("c1");
  EXPECT_FALSE(state.registration.registered);
  EXPECT_TRUE(state.ever_registered);
  EXPECT_FALSE(commands_->LoadRegisterEntry("fife", "child-1")->on_register);
  // Off the register: nothing to deregister or review any more.
  v1::DeregisterChild again = Deregistration("review1");
  Refused(again, absl::StatusCode::kFailedPrecondition, rules::kRegistered);
  v1::ScheduleConference review;
  review.set_case_id("c1");
  review.set_conference_id("review2");
  review.set_kind(v1::CONFERENCE_KIND_REVIEW);
  review.mutable_starts_at()->set_seconds(absl::ToUnixSeconds(now_));
  *review.mutable_chair() = ChairPerson();
  *review.mutable_minute_taker() = MinuteTakerPerson();
  Refused(review, absl::StatusCode::kFailedPrecondition,
          rules::kConferenceKindFits);
}

// SPEC §4 quorum: an inquorate review proceeds only with the chair's
// reason, cannot deregister, is reconvened by the policy's date, and the
// reconvened conference may not be inquorate too.
TEST_F(ReviewStoriesTest, AnInquorateReviewIsReconvenedAndThenDeregisters) {
  RegisteredCase("c1", "fife", "child-1");
  SetDay(2024, 9, 2);
  Prepare("c1", "r1", v1::CONFERENCE_KIND_REVIEW, {"mum", "sw", "hv", "police"},
          {"mum", "sw", "hv"});
  v1::RecordAttendance absent;
  absent.set_case_id("c1");
  absent.set_conference_id("r1");
  absent.set_participant_id("police");
  absent.set_attendance(v1::ATTENDANCE_ABSENT);
  absent.set_absence_reason("Called to an emergency");
  ASSERT_EQ(Ok(absent, MinuteTaker()), Types{"AttendanceRecorded"});

  v1::OpenConference without = Opening("r1", "");
  Refused(without, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kQuorumReasonToProceed);
  v1::OpenConference with = Opening("r1", "The review is due this week");
  ASSERT_EQ(Ok(with, Chair()), Types{"ConferenceOpened"});
  const v1::ConferenceOpened opened = LastEvent("case-c1").conference_opened();
  EXPECT_FALSE(opened.quorate());
  ASSERT_EQ(opened.agencies_missing_size(), 1);
  EXPECT_EQ(opened.agencies_missing(0), v1::AGENCY_POLICE);
  EXPECT_EQ(opened.inquorate_reason(), "The review is due this week");
  EXPECT_EQ(opened.reconvene_by().DebugString(), On(2024, 9, 16));

  View("c1", "r1", "sw", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  View("c1", "r1", "hv", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  v1::RecordDecision off = Decision("r1", v1::OUTCOME_NOT_REGISTER);
  Refused(off, MinuteTaker(), absl::StatusCode::kFailedPrecondition,
          rules::kQuorumInquorateCannotDeregister);
  // Keeping the child on differs from the workers' view: the chair's call.
  v1::RecordDecision keep =
      Decision("r1", v1::OUTCOME_REGISTER, "No change until a quorate review");
  ASSERT_EQ(Ok(keep, Chair()), Types{"DecisionRecorded"});
  EXPECT_TRUE(LastEvent("case-c1").decision_recorded().chair_decided());
  v1::DeregisterChild by_inquorate = Deregistration("r1");
  Refused(by_inquorate, absl::StatusCode::kFailedPrecondition,
          rules::kQuorumInquorateCannotDeregister);

  SetDay(2024, 9, 12);
  v1::ScheduleConference reconvene;
  reconvene.set_case_id("c1");
  reconvene.set_conference_id("r2");
  reconvene.set_reconvenes_conference_id("r1");
  reconvene.mutable_starts_at()->set_seconds(absl::ToUnixSeconds(now_));
  *reconvene.mutable_chair() = ChairPerson();
  *reconvene.mutable_minute_taker() = MinuteTakerPerson();
  ASSERT_EQ(Ok(reconvene), Types{"ConferenceScheduled"});
  const v1::ConferenceScheduled scheduled =
      LastEvent("case-c1").conference_scheduled();
  EXPECT_EQ(scheduled.kind(), v1::CONFERENCE_KIND_REVIEW);
  EXPECT_EQ(scheduled.reconvenes_conference_id(), "r1");
  EXPECT_EQ(scheduled.due_by().DebugString(), On(2024, 9, 16));
  v1::ScheduleConference twice = reconvene;
  twice.clear_idempotency_key();
  twice.set_conference_id("r3");
  Refused(twice, absl::StatusCode::kAlreadyExists, rules::kOnce);

  Invite("c1", "r2", {"mum", "sw", "hv", "police"});
  Attend("c1", "r2", {"mum", "sw", "hv"});
  v1::OpenConference second = Opening("r2", "Police unavailable again");
  Refused(second, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kQuorumNoSecondInquorate);
  Attend("c1", "r2", {"police"});
  OpenMeeting("c1", "r2");
  EXPECT_TRUE(LastEvent("case-c1").conference_opened().quorate());
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "r2", id, v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
  DecideAs(MinuteTaker(), "c1", "r2", {v1::OUTCOME_NOT_REGISTER});
  v1::DeregisterChild deregister = Deregistration("r2");
  ASSERT_EQ(Ok(deregister),
            (Types{"ChildDeregistered", "RegisterEntryClosed"}));
  EXPECT_EQ(LastEvent("case-c1").child_deregistered().conference_id(), "r2");
  EXPECT_FALSE(Case("c1").registration.registered);
}

// Seed 001: a parent may ask in writing for a review of the decision
// within 14 days. A late request is recorded as late, and only a late one
// may be declined as out of time.
TEST_F(ReviewStoriesTest, AParentAsksForTheDecisionToBeReviewed) {
  OpenCase("c1", "fife", BornChild("child-1"));
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "dad", "gran", "sw", "hv", "police"},
          {"mum", "dad", "gran", "sw", "hv", "police"});
  OpenMeeting("c1", "k1");
  v1::RequestDecisionReview early = ReviewRequest("rq0", "mum");
  Refused(early, absl::StatusCode::kFailedPrecondition, rules::kAfterDecision);
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "k1", id, v1::REGISTRATION_VIEW_REGISTER);
  }
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_REGISTER});  // Monday 4 March
  EXPECT_EQ(LastEvent("case-c1")
                .decision_recorded()
                .review_request_due()
                .DebugString(),
            On(2024, 3, 18));

  SetDay(2024, 3, 18);  // the last day of the window
  v1::RequestDecisionReview by_worker = ReviewRequest("rq1", "sw");
  Refused(by_worker, absl::StatusCode::kFailedPrecondition,
          rules::kDecisionReviewByParent);
  v1::RequestDecisionReview no_grounds = ReviewRequest("rq1", "mum");
  no_grounds.clear_grounds();
  Refused(no_grounds, absl::StatusCode::kInvalidArgument, "input");
  v1::RequestDecisionReview before = ReviewRequest("rq1", "mum");
  *before.mutable_received_on() = MakeDate(2024, 3, 1);
  Refused(before, absl::StatusCode::kInvalidArgument, "input");
  v1::RequestDecisionReview future = ReviewRequest("rq1", "mum");
  *future.mutable_received_on() = MakeDate(2024, 3, 19);
  Refused(future, absl::StatusCode::kInvalidArgument, "input");

  v1::RequestDecisionReview in_time = ReviewRequest("rq1", "mum");
  ASSERT_EQ(Ok(in_time), Types{"DecisionReviewRequested"});
  const v1::DecisionReviewRequested first =
      LastEvent("case-c1").decision_review_requested();
  EXPECT_TRUE(first.in_window());
  EXPECT_EQ(first.window_ends().DebugString(), On(2024, 3, 18));
  EXPECT_EQ(first.received_on().DebugString(), On(2024, 3, 18));
  EXPECT_EQ(first.policy_version(), "scotland-2023");
  v1::RequestDecisionReview same_id = ReviewRequest("rq1", "dad");
  Refused(same_id, absl::StatusCode::kAlreadyExists, rules::kOnce);

  v1::AnswerDecisionReview decline =
      Answer("rq1", v1::DECISION_REVIEW_OUTCOME_DECLINED_OUT_OF_TIME);
  Refused(decline, HeadOfService(), absl::StatusCode::kFailedPrecondition,
          rules::kDecisionReviewDeclineLateOnly);
  v1::AnswerDecisionReview stands =
      Answer("rq1", v1::DECISION_REVIEW_OUTCOME_DECISION_STANDS);
  ASSERT_EQ(Ok(stands, HeadOfService()), Types{"DecisionReviewAnswered"});
  EXPECT_EQ(
      LastEvent("case-c1").decision_review_answered().answered_by().name(),
      "Jean Grant");
  v1::AnswerDecisionReview again =
      Answer("rq1", v1::DECISION_REVIEW_OUTCOME_NEW_CONFERENCE);
  Refused(again, HeadOfService(), absl::StatusCode::kAlreadyExists,
          rules::kOnce);
  v1::AnswerDecisionReview unknown =
      Answer("rq9", v1::DECISION_REVIEW_OUTCOME_DECISION_STANDS);
  Refused(unknown, HeadOfService(), absl::StatusCode::kNotFound, "exists");

  // A day late: recorded, marked out of its window, and may be declined.
  SetDay(2024, 3, 19);
  v1::RequestDecisionReview late = ReviewRequest("rq2", "dad");
  ASSERT_EQ(Ok(late), Types{"DecisionReviewRequested"});
  EXPECT_FALSE(LastEvent("case-c1").decision_review_requested().in_window());
  v1::AnswerDecisionReview out_of_time =
      Answer("rq2", v1::DECISION_REVIEW_OUTCOME_DECLINED_OUT_OF_TIME);
  ASSERT_EQ(Ok(out_of_time, HeadOfService()), Types{"DecisionReviewAnswered"});

  // What counts is when the letter arrived, not when it was recorded.
  SetDay(2024, 3, 25);
  v1::RequestDecisionReview received = ReviewRequest("rq3", "gran");
  *received.mutable_received_on() = MakeDate(2024, 3, 18);
  ASSERT_EQ(Ok(received), Types{"DecisionReviewRequested"});
  EXPECT_TRUE(LastEvent("case-c1").decision_review_requested().in_window());
  const CaseState state = Case("c1");
  EXPECT_EQ(state.review_requests.size(), 3u);
  EXPECT_EQ(state.answered_review_requests.size(), 2u);
}

}  // namespace
}  // namespace keeper::domain::testing
