// Retries and concurrency as CaseCommands promises them (case_commands.h):
// a command's idempotency key is its first event's id, so a retry returns
// the original result and writes nothing; a key reused for other content
// is ALREADY_EXISTS; a caller's expected_version that does not hold is
// ABORTED. Every refusal here writes nothing.
#include "absl/strings/ascii.h"
#include "eventstore/uuid.h"
#include "gtest/gtest.h"
#include "domain/event_ids.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

constexpr char kKeyRule[] = "command.idempotency_key";

class IdempotencyTest : public OpenCaseTest {
 protected:
  v1::RequestConference Requesting(const std::string& request_id) {
    v1::RequestConference command;
    command.set_case_id("c1");
    command.set_request_id(request_id);
    command.set_kind(v1::CONFERENCE_KIND_INITIAL);
    command.set_reasons("Concerns about neglect");
    return command;
  }

  // Runs and expects ABORTED for a version conflict on case-c1, with
  // nothing written.
  void Conflicts(google::protobuf::Message& command, uint64_t current) {
    const uint64_t before = Head();
    absl::StatusOr<v1::CommandResult> result = Run(command, HealthVisitor());
    ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted)
        << result.status();
    std::optional<v1::VersionConflict> conflict =
        eventstore::ConflictFromStatus(result.status());
    ASSERT_TRUE(conflict.has_value()) << result.status();
    EXPECT_EQ(conflict->stream_id(), "case-c1");
    EXPECT_EQ(conflict->current_version(), current);
    EXPECT_EQ(Head(), before) << "a conflicting command wrote events";
  }
};

TEST_F(IdempotencyTest, ARetryReturnsTheOriginalResultAndWritesNothing) {
  v1::RequestConference command = Requesting("r1");
  absl::StatusOr<v1::CommandResult> first = Run(command, HealthVisitor());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->deduplicated());
  ASSERT_EQ(first->events_size(), 1);
  EXPECT_EQ(first->events(0).event_id(),
            eventstore::CanonicalUuid(command.idempotency_key()));
  const uint64_t head = Head();

  for (int retry = 0; retry < 2; ++retry) {
    absl::StatusOr<v1::CommandResult> again = Run(command, HealthVisitor());
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(again->deduplicated());
    EXPECT_EQ(again->case_id(), "c1");
    EXPECT_EQ(again->case_version(), first->case_version());
    ASSERT_EQ(again->events_size(), 1);
    EXPECT_EQ(again->events(0).SerializeAsString(),
              first->events(0).SerializeAsString());
  }
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(Case("c1").requests.size(), 1u);
}

TEST_F(IdempotencyTest, ARetryIsNotDecidedAgainAfterTheCaseMovesOn) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"sw", "hv", "police"},
          {"sw", "hv", "police"});
  OpenMeeting("c1", "k1");
  v1::GiveRegistrationView view;
  view.set_case_id("c1");
  view.set_conference_id("k1");
  view.set_participant_id("sw");
  view.set_view(v1::REGISTRATION_VIEW_REGISTER);
  absl::StatusOr<v1::CommandResult> first = Run(view, MinuteTaker());
  ASSERT_TRUE(first.ok()) << first.status();
  View("c1", "k1", "hv", v1::REGISTRATION_VIEW_REGISTER);
  View("c1", "k1", "police", v1::REGISTRATION_VIEW_REGISTER);
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_REGISTER});

  // Decided afresh, the view would now be refused (views.before_decision);
  // as a retry it returns what was recorded.
  const uint64_t head = Head();
  absl::StatusOr<v1::CommandResult> again = Run(view, MinuteTaker());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->deduplicated());
  EXPECT_EQ(again->events(0).event_id(), first->events(0).event_id());
  EXPECT_EQ(again->case_version(), first->case_version());
  EXPECT_LT(again->case_version(), Case("c1").version);
  EXPECT_EQ(Head(), head);
}

TEST_F(IdempotencyTest, ARetryReturnsEveryEventOfEveryStream) {
  QuorateConference("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  v1::RegisterChild command;
  command.set_case_id("c1");
  command.set_conference_id("k1");
  command.add_areas_of_concern("Domestic Abuse");
  *command.mutable_lead_professional() = SocialWorkerPerson();
  absl::StatusOr<v1::CommandResult> first = Run(command);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->events_size(), 2);
  // The second event's id derives from the key, so a retry proposes it too.
  EXPECT_EQ(first->events(1).event_id(),
            DerivedEventId(command.idempotency_key(), 1));
  const uint64_t head = Head();

  absl::StatusOr<v1::CommandResult> again = Run(command);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->deduplicated());
  ASSERT_EQ(again->events_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(again->events(i).SerializeAsString(),
              first->events(i).SerializeAsString());
  }
  EXPECT_EQ(again->events(1).stream_id(), "register-fife:child-1");
  EXPECT_EQ(again->case_version(), first->case_version());
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(Stream("register-fife:child-1").size(), 1u);
}

TEST_F(IdempotencyTest, AKeyReusedForOtherContentIsRefused) {
  v1::RequestConference command = Requesting("r1");
  ASSERT_EQ(Ok(command, HealthVisitor()), Types{"ConferenceRequested"});
  const std::string key = command.idempotency_key();

  v1::RequestConference other_reasons = command;
  other_reasons.set_reasons("Domestic abuse");
  EXPECT_NE(Refused(other_reasons, HealthVisitor(),
                    absl::StatusCode::kAlreadyExists, kKeyRule)
                .find(eventstore::CanonicalUuid(key)),
            std::string::npos);
  v1::RequestConference other_id = command;
  other_id.set_request_id("r2");
  Refused(other_id, HealthVisitor(), absl::StatusCode::kAlreadyExists,
          kKeyRule);
  // The same command from someone else is not a retry of this one.
  Refused(command, SocialWorker(), absl::StatusCode::kAlreadyExists, kKeyRule);
  // Keys are global: another case or another command cannot take it.
  OpenCase("c2", "fife", BornChild("child-2"));
  v1::RequestConference other_case = command;
  other_case.set_case_id("c2");
  Refused(other_case, HealthVisitor(), absl::StatusCode::kAlreadyExists,
          kKeyRule);
  v1::AmendChildDetails other_command;
  other_command.set_case_id("c1");
  other_command.set_idempotency_key(key);
  *other_command.mutable_child() = BornChild("child-1");
  other_command.set_reason("Moved house");
  Refused(other_command, HealthVisitor(), absl::StatusCode::kAlreadyExists,
          kKeyRule);

  EXPECT_EQ(Case("c1").requests.size(), 1u);
  EXPECT_EQ(Case("c2").version, 1u);
}

TEST_F(IdempotencyTest, ARetryMaySpellTheKeyInCapitals) {
  v1::RequestConference command = Requesting("r1");
  ASSERT_EQ(Ok(command, HealthVisitor()), Types{"ConferenceRequested"});
  const uint64_t head = Head();
  v1::RequestConference retry = command;
  retry.set_idempotency_key(absl::AsciiStrToUpper(command.idempotency_key()));
  absl::StatusOr<v1::CommandResult> again = Run(retry, HealthVisitor());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->deduplicated());
  EXPECT_EQ(Head(), head);
}

TEST_F(IdempotencyTest, AKeyIsAUuid) {
  v1::RequestConference command = Requesting("r1");
  command.set_idempotency_key("retry-1");
  Refused(command, HealthVisitor(), absl::StatusCode::kInvalidArgument,
          "input");
}

TEST_F(IdempotencyTest, ARefusedCommandLeavesItsKeyUnused) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"sw", "hv", "police"},
          {"sw", "hv", "police"});
  v1::GiveRegistrationView view;
  view.set_case_id("c1");
  view.set_conference_id("k1");
  view.set_participant_id("sw");
  view.set_view(v1::REGISTRATION_VIEW_REGISTER);
  Refused(view, MinuteTaker(), absl::StatusCode::kFailedPrecondition,
          rules::kViewsInMeeting);
  // Nothing was written under the key, so the same request now succeeds.
  OpenMeeting("c1", "k1");
  absl::StatusOr<v1::CommandResult> result = Run(view, MinuteTaker());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->deduplicated());
  EXPECT_EQ(result->events(0).event_id(),
            eventstore::CanonicalUuid(view.idempotency_key()));
}

TEST_F(IdempotencyTest, AnExpectedVersionMustHold) {
  ASSERT_EQ(Case("c1").version, 1u);
  v1::RequestConference current = Requesting("r1");
  current.set_expected_version(1);
  absl::StatusOr<v1::CommandResult> done = Run(current, HealthVisitor());
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->case_version(), 2u);

  v1::RequestConference stale = Requesting("r2");
  stale.set_expected_version(1);
  Conflicts(stale, 2);
  v1::RequestConference ahead = Requesting("r2");
  ahead.set_expected_version(3);
  Conflicts(ahead, 2);
  // The version is checked before the rules: a stale duplicate is ABORTED.
  v1::RequestConference stale_duplicate = Requesting("r1");
  stale_duplicate.set_expected_version(0);
  Conflicts(stale_duplicate, 2);

  // A retry of the command that succeeded is still the original result,
  // though the case has moved past the version it expected.
  absl::StatusOr<v1::CommandResult> retry = Run(current, HealthVisitor());
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->deduplicated());
  EXPECT_EQ(Case("c1").requests.size(), 1u);
}

TEST_F(IdempotencyTest, OpeningExpectsNoCase) {
  v1::OpenCase command;
  command.set_case_id("c1");
  command.set_local_authority("fife");
  *command.mutable_child() = BornChild("child-1");
  command.set_reason("Referral");
  command.set_expected_version(0);
  Conflicts(command, 1);
  v1::OpenCase fresh = command;
  fresh.clear_idempotency_key();
  fresh.set_case_id("c2");
  EXPECT_EQ(Ok(fresh), Types{"CaseOpened"});
}

}  // namespace
}  // namespace keeper::domain::testing
