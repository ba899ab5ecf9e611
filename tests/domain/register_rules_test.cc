// SPEC §4: registering needs a decision to register, at least one area of
// concern, and a child not already on that authority's register;
// deregistering needs a review conference's decision (or death or
// transfer) and a reason.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class RegisterRulesTest : public DomainTest {
 protected:
  v1::RegisterChild Registration(const std::string& case_id,
                                 const std::string& conference_id,
                                 std::vector<std::string> areas) {
    v1::RegisterChild command;
    command.set_case_id(case_id);
    command.set_conference_id(conference_id);
    for (const std::string& area : areas) command.add_areas_of_concern(area);
    *command.mutable_lead_professional() = SocialWorkerPerson();
    return command;
  }

  v1::DeregisterChild Deregistration(v1::DeregistrationReason reason,
                                     const std::string& conference_id) {
    v1::DeregisterChild command;
    command.set_case_id("c1");
    command.set_reason(reason);
    command.set_conference_id(conference_id);
    command.set_details("Home situation improved");
    return command;
  }
};

TEST_F(RegisterRulesTest, ADecisionToRegisterRegisters) {
  OpenCase("c1", "fife", BornChild("child-1"));
  QuorateConference("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  v1::RegisterChild command =
      Registration("c1", "k1", {"Physical Neglect", "Domestic Abuse"});
  EXPECT_EQ(Ok(command), (std::vector<std::string>{"ChildRegistered",
                                                   "RegisterEntryOpened"}));
  const v1::ChildRegistered registered =
      LastEvent("case-c1").child_registered();
  EXPECT_EQ(registered.local_authority(), "fife");
  EXPECT_EQ(registered.child().given_name(), "Jamie");
  EXPECT_EQ(registered.areas_of_concern_size(), 2);
  EXPECT_EQ(registered.policy_version(), "scotland-2023");
  // NG: first review within 6 months, first Core Group within 15 working
  // days of the conference (Monday 4 March 2024).
  EXPECT_EQ(registered.first_review_due().DebugString(),
            MakeDate(2024, 9, 4).DebugString());
  EXPECT_EQ(registered.first_core_group_due().DebugString(),
            MakeDate(2024, 3, 25).DebugString());
  const v1::RegisterEntryOpened entry =
      LastEvent("register-fife:child-1").register_entry_opened();
  EXPECT_EQ(entry.case_id(), "c1");
  EXPECT_FALSE(entry.temporary());
}

TEST_F(RegisterRulesTest, RegisteringNeedsADecisionToRegister) {
  OpenCase("c1", "fife", BornChild("child-1"));
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"sw", "hv", "police"},
          {"sw", "hv", "police"});
  v1::RegisterChild undecided = Registration("c1", "k1", {"Domestic Abuse"});
  Refused(undecided, absl::StatusCode::kFailedPrecondition,
          rules::kRegisterNeedsDecision);

  OpenMeeting("c1", "k1");
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "k1", id, v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_NOT_REGISTER});
  v1::RegisterChild against = Registration("c1", "k1", {"Domestic Abuse"});
  Refused(against, absl::StatusCode::kFailedPrecondition,
          rules::kRegisterNeedsDecision);
}

TEST_F(RegisterRulesTest, RegisteringNeedsAreasOfConcernFromThePolicy) {
  OpenCase("c1", "fife", BornChild("child-1"));
  QuorateConference("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  v1::RegisterChild none = Registration("c1", "k1", {});
  const std::string message =
      Refused(none, absl::StatusCode::kInvalidArgument, "input");
  EXPECT_NE(message.find("areas_of_concern"), std::string::npos);
  // England's "Neglect" is not on Scotland's list.
  v1::RegisterChild foreign = Registration("c1", "k1", {"Neglect"});
  Refused(foreign, absl::StatusCode::kInvalidArgument, "input");
}

TEST_F(RegisterRulesTest, NotAlreadyOnThatAuthoritysRegister) {
  RegisteredCase("c1", "fife", "child-1");
  // A second Fife case for the same child cannot register them again.
  OpenCase("c2", "fife", BornChild("child-1"));
  QuorateConference("c2", "k2", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  v1::RegisterChild again = Registration("c2", "k2", {"Domestic Abuse"});
  const std::string message =
      Refused(again, absl::StatusCode::kFailedPrecondition,
              rules::kRegisterNotAlreadyOn);
  EXPECT_NE(message.find("case c1"), std::string::npos) << message;
  // Another authority keeps its own register.
  OpenCase("c3", "dundee-city", BornChild("child-1"));
  QuorateConference("c3", "k3", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  Register("c3", "k3");
}

TEST_F(RegisterRulesTest, ADecisionRegistersOnce) {
  RegisteredCase("c1", "fife", "child-1");
  v1::RegisterChild again = Registration("c1", "c1-icpc", {"Domestic Abuse"});
  Refused(again, absl::StatusCode::kAlreadyExists,
          rules::kRegisterOncePerDecision);
}

TEST_F(RegisterRulesTest, AReviewConferenceDeregistersWithAReason) {
  RegisteredCase("c1", "fife", "child-1");
  QuorateConference("c1", "review1", v1::CONFERENCE_KIND_REVIEW,
                    v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  v1::DeregisterChild command =
      Deregistration(v1::DEREGISTRATION_REASON_REDUCED_RISK, "review1");
  EXPECT_EQ(Ok(command), (std::vector<std::string>{"ChildDeregistered",
                                                   "RegisterEntryClosed"}));
  const v1::ChildDeregistered deregistered =
      LastEvent("case-c1").child_deregistered();
  EXPECT_EQ(deregistered.conference_id(), "review1");
  EXPECT_FALSE(deregistered.decision_event_id().empty());
  EXPECT_EQ(deregistered.reason(), v1::DEREGISTRATION_REASON_REDUCED_RISK);
  EXPECT_TRUE(LastEvent("register-fife:child-1").has_register_entry_closed());
}

TEST_F(RegisterRulesTest, DeregisteringNeedsAReason) {
  RegisteredCase("c1", "fife", "child-1");
  QuorateConference("c1", "review1", v1::CONFERENCE_KIND_REVIEW,
                    v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  v1::DeregisterChild command =
      Deregistration(v1::DEREGISTRATION_REASON_UNSPECIFIED, "review1");
  Refused(command, absl::StatusCode::kInvalidArgument, "input");
}

TEST_F(RegisterRulesTest, DeregisteringNeedsAReviewConferencesDecision) {
  RegisteredCase("c1", "fife", "child-1");
  v1::DeregisterChild without =
      Deregistration(v1::DEREGISTRATION_REASON_REDUCED_RISK, "");
  Refused(without, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);
  // The initial conference decided to register; it cannot deregister.
  v1::DeregisterChild initial =
      Deregistration(v1::DEREGISTRATION_REASON_REDUCED_RISK, "c1-icpc");
  Refused(initial, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);
  // A review that keeps the child registered cannot either.
  QuorateConference("c1", "review1", v1::CONFERENCE_KIND_REVIEW,
                    v1::REGISTRATION_VIEW_REGISTER);
  EXPECT_EQ(
      LastEvent("case-c1").decision_recorded().next_review_due().DebugString(),
      MakeDate(2024, 9, 4).DebugString());
  v1::DeregisterChild kept =
      Deregistration(v1::DEREGISTRATION_REASON_REDUCED_RISK, "review1");
  Refused(kept, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);
}

TEST_F(RegisterRulesTest, DeathDeregistersWithoutAConference) {
  RegisteredCase("c1", "fife", "child-1");
  v1::DeregisterChild undated =
      Deregistration(v1::DEREGISTRATION_REASON_DIED, "");
  Refused(undated, absl::StatusCode::kInvalidArgument, "input");
  v1::DeregisterChild died = Deregistration(v1::DEREGISTRATION_REASON_DIED, "");
  *died.mutable_date_of_death() = MakeDate(2024, 3, 2);
  EXPECT_EQ(Ok(died), (std::vector<std::string>{"ChildDeregistered",
                                                "RegisterEntryClosed"}));
}

TEST_F(RegisterRulesTest, TurningEighteenNeedsTheChildToBe18) {
  RegisteredCase("c1", "fife", "child-1");
  QuorateConference("c1", "review1", v1::CONFERENCE_KIND_REVIEW,
                    v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  v1::DeregisterChild command =
      Deregistration(v1::DEREGISTRATION_REASON_TURNED_18, "review1");
  Refused(command, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterTurned18);
}

TEST_F(RegisterRulesTest, OnlyARegisteredChildIsDeregistered) {
  OpenCase("c1", "fife", BornChild("child-1"));
  v1::DeregisterChild command =
      Deregistration(v1::DEREGISTRATION_REASON_DIED, "");
  *command.mutable_date_of_death() = MakeDate(2024, 3, 2);
  Refused(command, absl::StatusCode::kFailedPrecondition, rules::kRegistered);
}

}  // namespace
}  // namespace keeper::domain::testing
