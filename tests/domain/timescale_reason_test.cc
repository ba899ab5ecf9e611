// RecordTimescaleReason: a reason, or an approved variation, for a measure
// the case has; refusals name the field or rule and write nothing.
#include "domain/rules.h"
#include "gtest/gtest.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class TimescaleReasonTest : public DomainTest {
 protected:
  // c1: registered at c1-icpc, requested as c1-icpc-request.
  void SetUp() override {
    DomainTest::SetUp();
    RegisteredCase("c1", "fife", "child-1");
  }

  v1::RecordTimescaleReason Reason(const std::string& reason_id,
                                   v1::TimescaleKind kind,
                                   const std::string& ref) {
    v1::RecordTimescaleReason command;
    command.set_case_id("c1");
    command.set_reason_id(reason_id);
    command.set_kind(kind);
    command.set_ref(ref);
    *command.mutable_given_by() = SocialWorkerPerson();
    command.set_reason("The family were abroad until the 20th");
    return command;
  }
};

TEST_F(TimescaleReasonTest, RecordsAReasonForAMeasureTheCaseHas) {
  v1::RecordTimescaleReason reason =
      Reason("r1", v1::TIMESCALE_KIND_INITIAL_CONFERENCE, "c1-icpc-request");
  ASSERT_EQ(Ok(reason), Types{"TimescaleReasonRecorded"});
  const v1::TimescaleReasonRecorded recorded =
      LastEvent("case-c1").timescale_reason_recorded();
  EXPECT_EQ(recorded.reason_id(), "r1");
  EXPECT_EQ(recorded.kind(), v1::TIMESCALE_KIND_INITIAL_CONFERENCE);
  EXPECT_EQ(recorded.ref(), "c1-icpc-request");
  EXPECT_EQ(recorded.reason(), "The family were abroad until the 20th");
  EXPECT_FALSE(recorded.approved_variation());
  EXPECT_FALSE(recorded.has_varied_due_by());
  EXPECT_FALSE(recorded.policy_version().empty());
  EXPECT_TRUE(recorded.has_recorded_on());
  EXPECT_TRUE(Case("c1").timescale_reasons.contains("r1"));

  // Each measure the case has can be explained.
  v1::RecordTimescaleReason minutes =
      Reason("r2", v1::TIMESCALE_KIND_MINUTES, "c1-icpc");
  EXPECT_EQ(Ok(minutes), Types{"TimescaleReasonRecorded"});
  v1::RecordTimescaleReason core_group =
      Reason("r3", v1::TIMESCALE_KIND_FIRST_CORE_GROUP, "c1-icpc");
  EXPECT_EQ(Ok(core_group), Types{"TimescaleReasonRecorded"});
  v1::RecordTimescaleReason review =
      Reason("r4", v1::TIMESCALE_KIND_REVIEW_CONFERENCE, "c1-icpc");
  EXPECT_EQ(Ok(review), Types{"TimescaleReasonRecorded"});
}

TEST_F(TimescaleReasonTest, AnApprovedVariationCarriesItsNewDueDate) {
  v1::RecordTimescaleReason variation =
      Reason("v1", v1::TIMESCALE_KIND_FIRST_CORE_GROUP, "c1-icpc");
  variation.set_approved_variation(true);
  *variation.mutable_varied_due_by() = MakeDate(2024, 4, 15);
  ASSERT_EQ(Ok(variation), Types{"TimescaleReasonRecorded"});
  const v1::TimescaleReasonRecorded recorded =
      LastEvent("case-c1").timescale_reason_recorded();
  EXPECT_TRUE(recorded.approved_variation());
  EXPECT_EQ(recorded.varied_due_by().DebugString(), On(2024, 4, 15));
}

TEST_F(TimescaleReasonTest, RefusesAnUnknownMeasureAndWritesNothing) {
  v1::RecordTimescaleReason unknown_ref =
      Reason("r1", v1::TIMESCALE_KIND_INITIAL_CONFERENCE, "no-such-request");
  EXPECT_NE(Refused(unknown_ref, kBroken, rules::kTimescaleKnownMeasure)
                .find("no-such-request"),
            std::string::npos);
  // The request exists but is not of that kind.
  v1::RecordTimescaleReason wrong_kind =
      Reason("r1", v1::TIMESCALE_KIND_PRE_BIRTH_CONFERENCE, "c1-icpc-request");
  Refused(wrong_kind, kBroken, rules::kTimescaleKnownMeasure);
  v1::RecordTimescaleReason no_meeting =
      Reason("r1", v1::TIMESCALE_KIND_CORE_GROUP, "cg-9");
  Refused(no_meeting, kBroken, rules::kTimescaleKnownMeasure);
  v1::RecordTimescaleReason quorate =
      Reason("r1", v1::TIMESCALE_KIND_INQUORATE_RECONVENE, "c1-icpc");
  Refused(quorate, kBroken, rules::kTimescaleKnownMeasure);
  EXPECT_TRUE(Case("c1").timescale_reasons.empty());
}

TEST_F(TimescaleReasonTest, RefusesMalformedReasons) {
  v1::RecordTimescaleReason no_kind =
      Reason("r1", v1::TIMESCALE_KIND_UNSPECIFIED, "c1-icpc");
  Refused(no_kind, kInvalid, "input");
  v1::RecordTimescaleReason no_ref =
      Reason("r1", v1::TIMESCALE_KIND_MINUTES, "");
  Refused(no_ref, kInvalid, "input");
  v1::RecordTimescaleReason no_why =
      Reason("r1", v1::TIMESCALE_KIND_MINUTES, "c1-icpc");
  no_why.set_reason("  ");
  Refused(no_why, kInvalid, "input");
  v1::RecordTimescaleReason nobody =
      Reason("r1", v1::TIMESCALE_KIND_MINUTES, "c1-icpc");
  nobody.clear_given_by();
  Refused(nobody, kInvalid, "input");
  // Only an approved variation moves the due date.
  v1::RecordTimescaleReason unapproved =
      Reason("r1", v1::TIMESCALE_KIND_MINUTES, "c1-icpc");
  *unapproved.mutable_varied_due_by() = MakeDate(2024, 4, 15);
  Refused(unapproved, kInvalid, "input");
  v1::RecordTimescaleReason bad_date =
      Reason("r1", v1::TIMESCALE_KIND_MINUTES, "c1-icpc");
  bad_date.set_approved_variation(true);
  *bad_date.mutable_varied_due_by() = MakeDate(2024, 2, 31);
  Refused(bad_date, kInvalid, "input");

  v1::RecordTimescaleReason first =
      Reason("r1", v1::TIMESCALE_KIND_MINUTES, "c1-icpc");
  ASSERT_EQ(Ok(first), Types{"TimescaleReasonRecorded"});
  v1::RecordTimescaleReason again =
      Reason("r1", v1::TIMESCALE_KIND_MINUTES, "c1-icpc");
  Refused(again, kExists, rules::kOnce);
}

}  // namespace
}  // namespace keeper::domain::testing
