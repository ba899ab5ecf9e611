// SPEC §4: nothing is ever updated or deleted; a correction is a new event
// that names the event it corrects, and every earlier version stays
// readable.
#include "gtest/gtest.h"
#include "domain/event_codec.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class CorrectionsRulesTest : public OpenCaseTest {
 protected:
  void SetUp() override {
    OpenCaseTest::SetUp();
    Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
            {"mum", "sw", "hv", "police"}, {"mum", "sw", "hv", "police"});
  }

  v1::SubmitReport Report() {
    v1::SubmitReport report;
    report.set_case_id("c1");
    report.set_conference_id("k1");
    report.set_report_id("hv-report");
    *report.mutable_author() = Person("hv").person();
    for (const v1::ReportPart& part : FiveParts()) *report.add_parts() = part;
    return report;
  }

  // The id of the last event of the case.
  std::string LastId() { return Stream("case-c1").back().event_id(); }
};

TEST_F(CorrectionsRulesTest, ACorrectedReportIsANewVersionNamingTheOld) {
  v1::SubmitReport report = Report();
  ASSERT_EQ(Ok(report, HealthVisitor()),
            std::vector<std::string>{"ReportSubmitted"});
  const std::string v1_id = LastId();
  const std::vector<v1::EventEnvelope> before = Stream("case-c1");

  v1::CorrectReport correction;
  correction.set_case_id("c1");
  correction.set_report_id("hv-report");
  for (v1::ReportPart part : FiveParts()) {
    if (part.section() == v1::REPORT_SECTION_FACTUAL_INFORMATION) {
      part.set_text("Missed two appointments.");
    }
    *correction.add_parts() = part;
  }
  correction.set_reason("A miscount of appointments");
  ASSERT_EQ(Ok(correction, HealthVisitor()),
            std::vector<std::string>{"ReportSubmitted"});
  const v1::ReportSubmitted v2 = LastEvent("case-c1").report_submitted();
  EXPECT_EQ(v2.version(), 2);
  EXPECT_EQ(v2.supersedes_event_id(), v1_id);
  EXPECT_EQ(v2.correction_reason(), "A miscount of appointments");

  // Every earlier event is still there, byte for byte.
  const std::vector<v1::EventEnvelope> after = Stream("case-c1");
  ASSERT_EQ(after.size(), before.size() + 1);
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(after[i].SerializeAsString(), before[i].SerializeAsString());
  }
  EXPECT_EQ(
      UnpackEvent(after[before.size() - 1])->report_submitted().parts(2).text(),
      "Missed three appointments.");
}

TEST_F(CorrectionsRulesTest, OnlyTheAuthorCorrectsAReport) {
  v1::SubmitReport report = Report();
  ASSERT_EQ(Ok(report, HealthVisitor()),
            std::vector<std::string>{"ReportSubmitted"});
  v1::CorrectReport correction;
  correction.set_case_id("c1");
  correction.set_report_id("hv-report");
  for (const v1::ReportPart& part : FiveParts()) *correction.add_parts() = part;
  correction.set_reason("The parent asked for it");
  Refused(correction, SocialWorker(), absl::StatusCode::kFailedPrecondition,
          rules::kReportAuthorCorrects);
}

TEST_F(CorrectionsRulesTest, AmendedDetailsNameTheDetailsTheyReplace) {
  const std::string opened_id = Stream("case-c1").front().event_id();
  v1::AmendChildDetails amend;
  amend.set_case_id("c1");
  *amend.mutable_child() = BornChild("child-1");
  amend.mutable_child()->mutable_address()->set_postcode("KY2 2BB");
  amend.set_reason("The family moved");
  ASSERT_EQ(Ok(amend), std::vector<std::string>{"ChildDetailsAmended"});
  EXPECT_EQ(LastEvent("case-c1").child_details_amended().corrects_event_id(),
            opened_id);
  const std::string first_amendment = LastId();
  v1::AmendChildDetails again = amend;
  again.clear_idempotency_key();
  again.mutable_child()->add_other_names("JJ");
  ASSERT_EQ(Ok(again), std::vector<std::string>{"ChildDetailsAmended"});
  EXPECT_EQ(LastEvent("case-c1").child_details_amended().corrects_event_id(),
            first_amendment);
  EXPECT_EQ(Case("c1").child.address().postcode(), "KY2 2BB");
}

TEST_F(CorrectionsRulesTest, ReRecordedAttendanceNamesTheEarlierRecord) {
  const std::string earlier = [&] {
    for (const auto& envelope : Stream("case-c1")) {
      if (envelope.event_type() == "AttendanceRecorded" &&
          UnpackEvent(envelope)
                  ->attendance_recorded()
                  .participant()
                  .participant_id() == "mum") {
        return envelope.event_id();
      }
    }
    return std::string();
  }();
  ASSERT_FALSE(earlier.empty());
  v1::RecordAttendance correction;
  correction.set_case_id("c1");
  correction.set_conference_id("k1");
  correction.set_participant_id("mum");
  correction.set_attendance(v1::ATTENDANCE_ATTENDED_PART);
  correction.set_part_attended("left after the reports");
  ASSERT_EQ(Ok(correction, MinuteTaker()),
            std::vector<std::string>{"AttendanceRecorded"});
  EXPECT_EQ(LastEvent("case-c1").attendance_recorded().corrects_event_id(),
            earlier);
}

TEST_F(CorrectionsRulesTest, ReissuedMinutesNameTheEarlierIssue) {
  OpenMeeting("c1", "k1");
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "k1", id, v1::REGISTRATION_VIEW_REGISTER);
  }
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_REGISTER});
  v1::IssueMinutes minutes;
  minutes.set_case_id("c1");
  minutes.set_conference_id("k1");
  minutes.set_document_ref("minutes/k1/v1.pdf");
  ASSERT_EQ(Ok(minutes, MinuteTaker()),
            std::vector<std::string>{"MinutesIssued"});
  const std::string first = LastId();
  v1::IssueMinutes corrected = minutes;
  corrected.clear_idempotency_key();
  corrected.set_document_ref("minutes/k1/v2.pdf");
  ASSERT_EQ(Ok(corrected, MinuteTaker()),
            std::vector<std::string>{"MinutesIssued"});
  const v1::MinutesIssued issued = LastEvent("case-c1").minutes_issued();
  EXPECT_EQ(issued.version(), 2);
  EXPECT_EQ(issued.corrects_event_id(), first);
}

TEST_F(CorrectionsRulesTest, AnAmendedRegistrationNamesWhatItReplaces) {
  OpenMeeting("c1", "k1");
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "k1", id, v1::REGISTRATION_VIEW_REGISTER);
  }
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_REGISTER});
  Register("c1", "k1");
  std::string registration_id;
  for (const auto& envelope : Stream("case-c1")) {
    if (envelope.event_type() == "ChildRegistered") {
      registration_id = envelope.event_id();
    }
  }
  v1::AmendRegistration amend;
  amend.set_case_id("c1");
  amend.add_areas_of_concern("Domestic Abuse");
  amend.add_areas_of_concern("Parental Drug Misuse");
  *amend.mutable_lead_professional() = SocialWorkerPerson();
  amend.set_reason("New information from the police");
  ASSERT_EQ(Ok(amend), std::vector<std::string>{"RegistrationAmended"});
  EXPECT_EQ(LastEvent("case-c1").registration_amended().corrects_event_id(),
            registration_id);
}

}  // namespace
}  // namespace keeper::domain::testing
