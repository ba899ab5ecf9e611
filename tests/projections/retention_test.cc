// The retention projection against histories told through the domain's
// commands: when a case closes and reopens, the child's date of birth,
// access records grouped by day and cases, and legal holds placed and
// lifted through HoldCommands; and a rebuild gives the same records.
#include "projections/retention.h"

#include "domain/hold_commands.h"
#include "domain/policy/dates.h"
#include "eventstore/uuid.h"
#include "gmock/gmock.h"
#include "keeper/v1/access.pb.h"
#include "tests/projections/story_fixture.h"

namespace keeper::projections {
namespace {

using domain::testing::BornChild;
using domain::testing::MakeDate;
using domain::testing::ShippedPolicies;

class RetentionProjectionTest : public testing::ProjectionStoryTest {
 protected:
  domain::RetentionRecords Records(const std::string& authority = "fife") {
    auto records = ReadRetentionRecords(Engine(), authority);
    EXPECT_TRUE(records.ok()) << records.status();
    return records.ok() ? *std::move(records) : domain::RetentionRecords();
  }

  const v1::RetainedCase* Find(const domain::RetentionRecords& records,
                               const std::string& case_id) {
    for (const v1::RetainedCase& record : records.cases) {
      if (record.case_id() == case_id) return &record;
    }
    return nullptr;
  }

  std::string Closed(const std::string& case_id) {
    domain::RetentionRecords records = Records();
    const v1::RetainedCase* record = Find(records, case_id);
    if (record == nullptr) return "(no record)";
    std::optional<absl::CivilDay> day = domain::ToCivilDay(record->closed_on());
    return day.has_value() ? domain::FormatDay(*day) : "open";
  }

  // An access record as the gate writes it, naming `cases`.
  v1::EventEnvelope Read(std::vector<std::string> cases,
                         const std::string& caller_authority) {
    v1::AccessRecord record;
    record.set_method("/keeper.v1.CaseService/GetCase");
    record.set_outcome(v1::ACCESS_GRANTED);
    for (const std::string& c : cases) record.add_case_ids(c);
    record.set_caller_authority(caller_authority);
    v1::EventEnvelope envelope;
    envelope.set_event_id(eventstore::NewUuid());
    envelope.set_event_type("AccessGranted");
    envelope.mutable_payload()->PackFrom(record);
    envelope.mutable_actor()->set_subject("reader");
    eventstore::StreamWrite write;
    write.stream_id =
        cases.size() == 1 ? "access-" + cases[0] : "access-register";
    write.expected = eventstore::ExpectedVersion::Any();
    write.events.push_back(envelope);
    auto appended = store_->Append({write});
    EXPECT_TRUE(appended.ok()) << appended.status();
    return appended->events.front();
  }

  domain::HoldCommands Holds() {
    return domain::HoldCommands(store_.get(), &ShippedPolicies(),
                                commands_.get(), {});
  }

  domain::CallContext Dpo() {
    domain::CallContext call;
    call.actor.set_subject("dana.dpo");
    call.actor.set_agency("social_work");
    call.actor.set_role("data_protection_officer");
    call.now = now_;
    return call;
  }
};

TEST_F(RetentionProjectionTest, ACaseClosesWhenItEndsAndReopensWhenItGoesOn) {
  SetDay(2026, 8, 1);
  OpenCase("fife-a", "fife", BornChild("chi-a"));
  EXPECT_EQ(Closed("fife-a"), "open");
  SetDay(2026, 8, 5);
  QuorateConference("fife-a", "fife-a-icpc", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  EXPECT_EQ(Closed("fife-a"), "2026-08-05");  // not registered
  SetDay(2026, 9, 1);
  Request("fife-a", "req-2", v1::CONFERENCE_KIND_INITIAL);
  EXPECT_EQ(Closed("fife-a"), "open");  // a new concern

  SetDay(2026, 8, 1);
  RegisteredCase("fife-b", "fife", "chi-b");
  EXPECT_EQ(Closed("fife-b"), "open");
  SetDay(2027, 1, 15);
  QuorateConference("fife-b", "fife-b-rcpc", v1::CONFERENCE_KIND_REVIEW,
                    v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  EXPECT_EQ(Closed("fife-b"), "open");  // still registered until taken off
  v1::DeregisterChild off;
  off.set_case_id("fife-b");
  off.set_conference_id("fife-b-rcpc");
  off.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
  Ok(off);
  EXPECT_EQ(Closed("fife-b"), "2027-01-15");

  OpenCase("dundee-a", "dundee-city", BornChild("chi-d"));
  domain::RetentionRecords records = Records();
  ASSERT_EQ(records.cases.size(), 2u);  // Dundee's case is Dundee's
  const v1::RetainedCase* b = Find(records, "fife-b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->child_id(), "chi-b");
  EXPECT_EQ(domain::FormatDay(*domain::ToCivilDay(b->born_on())), "2016-05-14");
  EXPECT_EQ(b->events(), Stream("case-fife-b").size());
  EXPECT_EQ(Records("dundee-city").cases.size(), 1u);
}

TEST_F(RetentionProjectionTest, AnUnbornBabyHasNoBirthDayUntilBornAndAmended) {
  SetDay(2026, 8, 1);
  OpenCase("fife-u", "fife",
           domain::testing::UnbornBaby("chi-u", MakeDate(2026, 11, 1)));
  EXPECT_FALSE(domain::ToCivilDay(Records().cases[0].born_on()).has_value());
  v1::AmendChildDetails born;
  born.set_case_id("fife-u");
  *born.mutable_child() = BornChild("chi-u");
  *born.mutable_child()->mutable_date_of_birth() = MakeDate(2026, 10, 28);
  born.set_reason("Born");
  SetDay(2026, 10, 29);
  Ok(born);
  EXPECT_EQ(
      domain::FormatDay(*domain::ToCivilDay(Records().cases[0].born_on())),
      "2026-10-28");
}

TEST_F(RetentionProjectionTest, AccessRecordsGroupByDayAndTheCasesTheyName) {
  SetDay(2026, 8, 1);
  OpenCase("fife-a", "fife", BornChild("chi-a"));
  OpenCase("fife-b", "fife", BornChild("chi-b"));
  OpenCase("dundee-a", "dundee-city", BornChild("chi-d"));
  const v1::EventEnvelope first = Read({"fife-a"}, "fife");
  Read({"fife-a"}, "fife");
  const v1::EventEnvelope last = Read({"fife-a"}, "dundee-city");
  Read({"fife-b", "fife-a", "fife-b"}, "fife");
  Read({}, "fife");                // a register check naming no case
  Read({"dundee-a"}, "fife");      // Dundee's record, read from Fife
  Read({"no-such-case"}, "fife");  // a look at a case that is not there

  const std::string day = domain::FormatDay(
      absl::ToCivilDay(absl::FromUnixSeconds(first.recorded_time().seconds()),
                       absl::UTCTimeZone()));
  std::vector<std::string> got;
  for (const v1::RetainedAccessEvents& group : Records().access_events) {
    EXPECT_EQ(domain::FormatDay(*domain::ToCivilDay(group.recorded_on())), day);
    std::string cases;
    for (const std::string& c : group.case_ids()) cases += c + " ";
    got.push_back(cases + std::to_string(group.count()));
  }
  EXPECT_THAT(got, ::testing::ElementsAre("1", "fife-a 3", "fife-a fife-b 1",
                                          "no-such-case 1"));
  const domain::RetentionRecords records = Records();
  const v1::RetainedAccessEvents& a = records.access_events[1];
  EXPECT_EQ(a.first_position(), first.position());
  EXPECT_EQ(a.last_position(), last.position());
  ASSERT_EQ(Records("dundee-city").access_events.size(), 1u);
  EXPECT_EQ(Records("dundee-city").access_events[0].case_ids(0), "dundee-a");
}

TEST_F(RetentionProjectionTest, HoldsArePlacedLiftedAndRetriedSafely) {
  SetDay(2026, 12, 1);
  OpenCase("fife-a", "fife", BornChild("chi-a"));
  domain::HoldCommands holds = Holds();
  v1::PlaceLegalHold place;
  place.set_local_authority("fife");
  place.set_idempotency_key(eventstore::NewUuid());
  place.set_hold_id("inquiry-1");
  place.mutable_scope()->set_case_id("fife-a");
  place.set_reason("Inquiry moratorium");
  auto placed = holds.Place(place, Dpo());
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->events(0).stream_id(), "holds-fife");
  auto again = holds.Place(place, Dpo());  // a retry
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->deduplicated());
  EXPECT_EQ(again->events(0).position(), placed->events(0).position());
  v1::PlaceLegalHold reused = place;
  reused.set_hold_id("inquiry-2");
  EXPECT_TRUE(absl::IsAlreadyExists(holds.Place(reused, Dpo()).status()));
  v1::PlaceLegalHold other_case = reused;
  other_case.set_idempotency_key(eventstore::NewUuid());
  other_case.mutable_scope()->set_case_id("no-such-case");
  EXPECT_TRUE(absl::IsNotFound(holds.Place(other_case, Dpo()).status()));

  domain::RetentionRecords records = Records();
  ASSERT_EQ(records.holds.size(), 1u);
  EXPECT_EQ(records.holds[0].scope().case_id(), "fife-a");
  EXPECT_EQ(records.holds[0].placed_by().subject(), "dana.dpo");
  EXPECT_FALSE(records.holds[0].lifted());

  SetDay(2027, 3, 1);
  v1::LiftLegalHold lift;
  lift.set_local_authority("fife");
  lift.set_idempotency_key(eventstore::NewUuid());
  lift.set_hold_id("inquiry-1");
  lift.set_reason("The inquiry reported");
  ASSERT_TRUE(holds.Lift(lift, Dpo()).ok());
  records = Records();
  ASSERT_EQ(records.holds.size(), 1u);
  EXPECT_TRUE(records.holds[0].lifted());
  EXPECT_EQ(records.holds[0].lift_reason(), "The inquiry reported");
  EXPECT_EQ(
      domain::FormatDay(*domain::ToCivilDay(records.holds[0].lifted_on())),
      "2027-03-01");
  EXPECT_TRUE(Records("dundee-city").holds.empty());

  // Rebuilt from the log, the same records.
  const std::string before = records.holds[0].SerializeAsString() +
                             records.cases[0].SerializeAsString();
  ASSERT_TRUE(Engine().Reset(kRetention).ok());
  records = Records();
  EXPECT_EQ(records.holds[0].SerializeAsString() +
                records.cases[0].SerializeAsString(),
            before);
}

}  // namespace
}  // namespace keeper::projections
