// The pure core without an event store: Decide on folded state, with the
// time and policy injected.
#include "domain/decide.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain {
namespace {

using testing::MakeDate;

// A case held in memory: decided events are folded straight back.
class PureCase {
 public:
  explicit PureCase(absl::Time now) {
    context_.now = now;
    context_.actor = testing::SocialWorker();
    context_.policy = testing::ShippedPolicies().Find("scotland-2023");
  }

  absl::StatusOr<std::vector<NewEvent>> Try(
      const google::protobuf::Message& body) {
    return Decide(state_, testing::Wrap(body), context_);
  }

  std::vector<NewEvent> Apply(const google::protobuf::Message& body) {
    absl::StatusOr<std::vector<NewEvent>> events = Try(body);
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return {};
    for (const NewEvent& event : *events) {
      if (event.stream_id.rfind("case-", 0) != 0) continue;
      EXPECT_TRUE(
          Evolve(state_, {absl::StrCat("event-", state_.version), event.event})
              .ok());
    }
    return *events;
  }

  CaseState state_;
  CommandContext context_;
};

absl::Time Morning(int year, int month, int day) {
  return absl::FromCivil(absl::CivilHour(year, month, day, 9),
                         absl::UTCTimeZone());
}

v1::OpenCase Open() {
  v1::OpenCase open;
  open.set_case_id("c1");
  open.set_local_authority("fife");
  *open.mutable_child() = testing::BornChild("child-1");
  open.set_reason("Referral");
  return open;
}

TEST(DecideTest, ACommandOnAMissingCaseIsNotFound) {
  PureCase pure(Morning(2024, 3, 4));
  v1::RequestConference request;
  request.set_case_id("c1");
  EXPECT_EQ(pure.Try(request).status().code(), absl::StatusCode::kNotFound);
}

TEST(DecideTest, OpeningACaseTwiceIsAlreadyExists) {
  PureCase pure(Morning(2024, 3, 4));
  pure.Apply(Open());
  absl::StatusOr<std::vector<NewEvent>> again = pure.Try(Open());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(RuleViolationFromStatus(again.status())->rule(), rules::kCaseOnce);
}

TEST(DecideTest, OpenCaseRecordsThePolicyVersionAndTheCaseStream) {
  PureCase pure(Morning(2024, 3, 4));
  std::vector<NewEvent> events = pure.Apply(Open());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].stream_id, "case-c1");
  EXPECT_EQ(events[0].event.case_opened().policy_version(), "scotland-2023");
  EXPECT_EQ(events[0].event.case_opened().child().child_id(), "child-1");
  EXPECT_EQ(pure.state_.version, 1u);
}

TEST(DecideTest, DueDatesComeFromTheInjectedTimeAndPolicy) {
  PureCase pure(Morning(2024, 3, 4));
  pure.Apply(Open());
  v1::RequestConference request;
  request.set_case_id("c1");
  request.set_request_id("r1");
  request.set_kind(v1::CONFERENCE_KIND_INITIAL);
  request.set_reasons("Neglect");
  *request.mutable_concern_date() = MakeDate(2024, 3, 1);
  std::vector<NewEvent> requested = pure.Apply(request);
  ASSERT_EQ(requested.size(), 1u);
  EXPECT_EQ(requested[0].event.conference_requested().requesting_agency(),
            v1::AGENCY_SOCIAL_WORK);

  v1::ScheduleConference schedule;
  schedule.set_case_id("c1");
  schedule.set_conference_id("k1");
  schedule.set_kind(v1::CONFERENCE_KIND_INITIAL);
  schedule.set_request_id("r1");
  schedule.mutable_starts_at()->set_seconds(
      absl::ToUnixSeconds(Morning(2024, 3, 20)));
  *schedule.mutable_chair() = testing::ChairPerson();
  *schedule.mutable_minute_taker() = testing::MinuteTakerPerson();
  std::vector<NewEvent> scheduled = pure.Apply(schedule);
  ASSERT_EQ(scheduled.size(), 1u);
  // 28 calendar days from the concern (NG 2021/2023).
  EXPECT_EQ(scheduled[0].event.conference_scheduled().due_by().DebugString(),
            MakeDate(2024, 3, 29).DebugString());
}

TEST(DecideTest, DecidingIsDeterministic) {
  PureCase pure(Morning(2024, 3, 4));
  pure.Apply(Open());
  v1::RequestConference request;
  request.set_case_id("c1");
  request.set_request_id("r1");
  request.set_kind(v1::CONFERENCE_KIND_INITIAL);
  request.set_reasons("Neglect");
  absl::StatusOr<std::vector<NewEvent>> first = pure.Try(request);
  absl::StatusOr<std::vector<NewEvent>> second = pure.Try(request);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].event.SerializeAsString(),
            (*second)[0].event.SerializeAsString());
  // The concern date defaults to the injected day.
  EXPECT_EQ((*first)[0].event.conference_requested().concern_date().day(), 4);
}

TEST(DecideTest, NeedsNamesTheOtherStreamsARuleReads) {
  CaseState state;
  state.version = 3;
  state.case_id = "c1";
  state.local_authority = "fife";
  state.child.set_child_id("child-1");
  state.from_case.set_case_id("home");

  v1::RegisterChild register_child;
  EXPECT_TRUE(Needs(state, testing::Wrap(register_child)).register_entry);
  v1::DeregisterChild deregister;
  deregister.set_reason(v1::DEREGISTRATION_REASON_TRANSFERRED);
  deregister.set_transferred_to_case_id("dundee-1");
  StreamsNeeded needs = Needs(state, testing::Wrap(deregister));
  EXPECT_TRUE(needs.register_entry);
  EXPECT_EQ(needs.other_case_id, "dundee-1");
  v1::RegisterTemporarily temporary;
  EXPECT_EQ(Needs(state, testing::Wrap(temporary)).other_case_id, "home");
  v1::RecordDissent dissent;
  needs = Needs(state, testing::Wrap(dissent));
  EXPECT_FALSE(needs.register_entry);
  EXPECT_TRUE(needs.other_case_id.empty());
  // An id that cannot name a stream is not loaded.
  deregister.set_transferred_to_case_id("bad id!");
  EXPECT_TRUE(Needs(state, testing::Wrap(deregister)).other_case_id.empty());
}

TEST(DecideTest, FoldingRefusesEventsThatDoNotFit) {
  CaseState state;
  v1::DomainEvent dissent;
  dissent.mutable_dissent_recorded()->set_conference_id("k1");
  EXPECT_EQ(Evolve(state, {"e1", dissent}).code(), absl::StatusCode::kDataLoss);

  v1::DomainEvent opened;
  *opened.mutable_case_opened() = v1::CaseOpened();
  ASSERT_TRUE(Evolve(state, {"e1", opened}).ok());
  EXPECT_EQ(Evolve(state, {"e2", dissent}).code(), absl::StatusCode::kDataLoss);
  v1::DomainEvent entry;
  entry.mutable_register_entry_opened()->set_case_id("c1");
  EXPECT_EQ(Evolve(state, {"e3", entry}).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(state.version, 1u);

  RegisterEntryState register_entry;
  ASSERT_TRUE(EvolveRegisterEntry(register_entry, {"e4", entry}).ok());
  EXPECT_TRUE(register_entry.on_register);
  EXPECT_EQ(register_entry.case_id, "c1");
  EXPECT_EQ(EvolveRegisterEntry(register_entry, {"e5", opened}).code(),
            absl::StatusCode::kDataLoss);
}

TEST(DecideTest, WithoutAPolicyNothingIsDecided) {
  CaseState state;
  CommandContext context;
  EXPECT_EQ(Decide(state, testing::Wrap(Open()), context).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace keeper::domain
