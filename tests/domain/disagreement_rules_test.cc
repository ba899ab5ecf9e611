// SPEC §4: a disagreement names a report (and, if wanted, a section) and
// has a reason; it is recorded by a parent, a carer, the child, or someone
// on their behalf.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class DisagreementRulesTest : public OpenCaseTest {
 protected:
  void SetUp() override {
    OpenCaseTest::SetUp();
    Prepare(
        "c1", "k1", v1::CONFERENCE_KIND_INITIAL,
        {"mum", "gran", "child", "friend", "advocate", "sw", "hv", "police"},
        {});
    v1::SubmitReport report;
    report.set_case_id("c1");
    report.set_conference_id("k1");
    report.set_report_id("hv-report");
    *report.mutable_author() = Person("hv").person();
    report.set_title("Health visitor's report");
    for (const v1::ReportPart& part : FiveParts()) *report.add_parts() = part;
    ASSERT_EQ(Ok(report, HealthVisitor()),
              std::vector<std::string>{"ReportSubmitted"});
  }

  v1::RecordDisagreement Disagreement(const std::string& id,
                                      const std::string& participant_id) {
    v1::RecordDisagreement command;
    command.set_case_id("c1");
    command.set_disagreement_id(id);
    command.set_report_id("hv-report");
    command.set_section(v1::REPORT_SECTION_FACTUAL_INFORMATION);
    command.set_reason("Two of the appointments were cancelled by the clinic");
    command.set_participant_id(participant_id);
    return command;
  }
};

TEST_F(DisagreementRulesTest, AParentDisagreesWithASectionGivingAReason) {
  v1::RecordDisagreement command = Disagreement("d1", "mum");
  EXPECT_EQ(Ok(command), std::vector<std::string>{"DisagreementRecorded"});
  const v1::DisagreementRecorded recorded =
      LastEvent("case-c1").disagreement_recorded();
  EXPECT_EQ(recorded.report_id(), "hv-report");
  EXPECT_EQ(recorded.version(), 1);
  EXPECT_EQ(recorded.section(), v1::REPORT_SECTION_FACTUAL_INFORMATION);
  EXPECT_EQ(recorded.participant_id(), "mum");
}

TEST_F(DisagreementRulesTest, WithTheWholeReportACarerOrTheChildToo) {
  v1::RecordDisagreement carer = Disagreement("d1", "gran");
  carer.clear_section();
  EXPECT_EQ(Ok(carer), std::vector<std::string>{"DisagreementRecorded"});
  EXPECT_EQ(LastEvent("case-c1").disagreement_recorded().section(),
            v1::REPORT_SECTION_UNSPECIFIED);
  v1::RecordDisagreement child = Disagreement("d2", "child");
  EXPECT_EQ(Ok(child), std::vector<std::string>{"DisagreementRecorded"});
}

TEST_F(DisagreementRulesTest, SomeoneMayRaiseItOnTheirBehalf) {
  v1::RecordDisagreement for_child = Disagreement("d1", "child");
  for_child.set_raised_by_participant_id("advocate");
  EXPECT_EQ(Ok(for_child), std::vector<std::string>{"DisagreementRecorded"});
  EXPECT_EQ(
      LastEvent("case-c1").disagreement_recorded().raised_by_participant_id(),
      "advocate");
  v1::RecordDisagreement for_mum = Disagreement("d2", "mum");
  for_mum.set_raised_by_participant_id("friend");
  EXPECT_EQ(Ok(for_mum), std::vector<std::string>{"DisagreementRecorded"});
}

TEST_F(DisagreementRulesTest, ItNamesAReport) {
  v1::RecordDisagreement command = Disagreement("d1", "mum");
  command.clear_report_id();
  const std::string message =
      Refused(command, absl::StatusCode::kInvalidArgument, "input");
  EXPECT_NE(message.find("report_id"), std::string::npos);
  v1::RecordDisagreement unknown = Disagreement("d1", "mum");
  unknown.set_report_id("no-such-report");
  Refused(unknown, absl::StatusCode::kNotFound, "exists");
}

TEST_F(DisagreementRulesTest, ItHasAReason) {
  v1::RecordDisagreement command = Disagreement("d1", "mum");
  command.set_reason("  ");
  const std::string message =
      Refused(command, absl::StatusCode::kInvalidArgument, "input");
  EXPECT_NE(message.find("field reason"), std::string::npos) << message;
}

TEST_F(DisagreementRulesTest, ItIsTheFamilysNotAProfessionalsOrSupporters) {
  for (const char* id : {"sw", "friend", "advocate"}) {
    v1::RecordDisagreement command = Disagreement("d1", id);
    Refused(command, absl::StatusCode::kFailedPrecondition,
            rules::kDisagreementByFamily);
  }
}

}  // namespace
}  // namespace keeper::domain::testing
