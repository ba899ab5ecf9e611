// SPEC §4: a decision that differs from a unanimous view of the
// professionals, or any decision where they disagreed, is the chair's and
// carries the chair's reasons.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class DecisionRulesTest : public OpenCaseTest {
 protected:
  void SetUp() override {
    OpenCaseTest::SetUp();
    Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
            {"mum", "sw", "hv", "police"}, {"mum", "sw", "hv", "police"});
    OpenMeeting("c1", "k1");
  }

  v1::RecordDecision Decision(std::vector<v1::Outcome> outcomes,
                              const std::string& reasons = "") {
    v1::RecordDecision command;
    command.set_case_id("c1");
    command.set_conference_id("k1");
    for (v1::Outcome outcome : outcomes) command.add_outcomes(outcome);
    command.set_reasons(reasons);
    return command;
  }

  void Split() {
    View("c1", "k1", "sw", v1::REGISTRATION_VIEW_REGISTER);
    View("c1", "k1", "hv", v1::REGISTRATION_VIEW_REGISTER);
    View("c1", "k1", "police", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
  void Unanimous(v1::RegistrationView view) {
    for (const char* id : {"sw", "hv", "police"}) View("c1", "k1", id, view);
  }
};

TEST_F(DecisionRulesTest, AUnanimousViewFollowedNeedsNoChair) {
  Unanimous(v1::REGISTRATION_VIEW_REGISTER);
  v1::RecordDecision command = Decision({v1::OUTCOME_REGISTER});
  EXPECT_EQ(Ok(command, MinuteTaker()),
            std::vector<std::string>{"DecisionRecorded"});
  const v1::DecisionRecorded decision =
      LastEvent("case-c1").decision_recorded();
  EXPECT_FALSE(decision.chair_decided());
  EXPECT_EQ(decision.views_register(), 3);
  EXPECT_EQ(decision.views_do_not_register(), 0);
  EXPECT_EQ(decision.policy_version(), "scotland-2023");
  // Monday 4 March 2024: minutes within 10 working days, a request to
  // review within 14 days.
  EXPECT_EQ(decision.decided_on().DebugString(),
            MakeDate(2024, 3, 4).DebugString());
  EXPECT_EQ(decision.minutes_due().DebugString(),
            MakeDate(2024, 3, 18).DebugString());
  EXPECT_EQ(decision.review_request_due().DebugString(),
            MakeDate(2024, 3, 18).DebugString());
}

TEST_F(DecisionRulesTest, WhenTheProfessionalsDisagreeOnlyTheChairDecides) {
  Split();
  v1::RecordDecision command =
      Decision({v1::OUTCOME_REGISTER}, "The risks outweigh the strengths");
  Refused(command, MinuteTaker(), absl::StatusCode::kFailedPrecondition,
          rules::kDecisionChairDecides);
}

TEST_F(DecisionRulesTest, TheChairsDecisionCarriesReasons) {
  Split();
  v1::RecordDecision command = Decision({v1::OUTCOME_REGISTER});
  Refused(command, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kDecisionChairReasons);
}

TEST_F(DecisionRulesTest, TheChairDecidesASplitWithReasons) {
  Split();
  v1::RecordDecision command =
      Decision({v1::OUTCOME_REGISTER}, "The risks outweigh the strengths");
  EXPECT_EQ(Ok(command, Chair()), std::vector<std::string>{"DecisionRecorded"});
  const v1::DecisionRecorded decision =
      LastEvent("case-c1").decision_recorded();
  EXPECT_TRUE(decision.chair_decided());
  EXPECT_EQ(decision.views_register(), 2);
  EXPECT_EQ(decision.views_do_not_register(), 1);
  EXPECT_EQ(decision.reasons(), "The risks outweigh the strengths");
}

TEST_F(DecisionRulesTest, DifferingFromAUnanimousViewIsTheChairsToo) {
  Unanimous(v1::REGISTRATION_VIEW_REGISTER);
  v1::RecordDecision by_minute_taker =
      Decision({v1::OUTCOME_NOT_REGISTER, v1::OUTCOME_REFER_TO_REPORTER},
               "Legal measures are needed instead");
  Refused(by_minute_taker, MinuteTaker(), absl::StatusCode::kFailedPrecondition,
          rules::kDecisionChairDecides);
  v1::RecordDecision by_chair = by_minute_taker;
  by_chair.clear_idempotency_key();
  EXPECT_EQ(Ok(by_chair, Chair()),
            std::vector<std::string>{"DecisionRecorded"});
  EXPECT_TRUE(LastEvent("case-c1").decision_recorded().chair_decided());
}

TEST_F(DecisionRulesTest, TheChairMayActThroughSomeoneOnTheirBehalf) {
  Split();
  v1::Actor for_chair = MinuteTaker();
  for_chair.set_on_behalf_of("chair.reid");
  v1::RecordDecision command =
      Decision({v1::OUTCOME_NOT_REGISTER}, "Support will do");
  EXPECT_EQ(Ok(command, for_chair),
            std::vector<std::string>{"DecisionRecorded"});
}

TEST_F(DecisionRulesTest, ADecisionNeedsViews) {
  v1::RecordDecision command = Decision({v1::OUTCOME_REGISTER}, "x");
  Refused(command, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kDecisionNeedsViews);
}

TEST_F(DecisionRulesTest, AConferenceDecidesOnce) {
  Unanimous(v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  DecideAs(Chair(), "c1", "k1",
           {v1::OUTCOME_NOT_REGISTER, v1::OUTCOME_SINGLE_AGENCY_SUPPORT});
  v1::RecordDecision again = Decision({v1::OUTCOME_NOT_REGISTER});
  Refused(again, Chair(), absl::StatusCode::kAlreadyExists,
          rules::kDecisionOnce);
}

TEST_F(DecisionRulesTest, OutcomesMustMakeSense) {
  Unanimous(v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  const std::vector<std::vector<v1::Outcome>> malformed = {
      {},
      {v1::OUTCOME_REGISTER, v1::OUTCOME_NOT_REGISTER},
      {v1::OUTCOME_REGISTER, v1::OUTCOME_SINGLE_AGENCY_SUPPORT},
      {v1::OUTCOME_NOT_REGISTER, v1::OUTCOME_NO_FURTHER_ACTION,
       v1::OUTCOME_REFER_TO_REPORTER},
      {v1::OUTCOME_NOT_REGISTER, v1::OUTCOME_NOT_REGISTER},
      {v1::OUTCOME_REFER_TO_REPORTER},
  };
  for (const auto& outcomes : malformed) {
    v1::RecordDecision command = Decision(outcomes, "x");
    Refused(command, Chair(), absl::StatusCode::kInvalidArgument, "input");
  }
  v1::RecordDecision fine =
      Decision({v1::OUTCOME_NOT_REGISTER, v1::OUTCOME_NO_FURTHER_ACTION});
  EXPECT_EQ(Ok(fine, Chair()), std::vector<std::string>{"DecisionRecorded"});
}

}  // namespace
}  // namespace keeper::domain::testing
