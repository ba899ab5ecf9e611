// Disputed accuracy (UK GDPR Art. 16, 18): a request names content the case
// holds, marks it disputed while open, and is decided once, corrected by a
// later version or not corrected with the person's statement.
#include "domain/rectification.h"

#include "domain/rules.h"
#include "gtest/gtest.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class RectificationTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    SetDay(2026, 3, 2);
    OpenCase("c1", "fife", BornChild("child-1"));
    Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"mum", "sw", "hv"}, {});
    v1::SubmitReport report;
    report.set_case_id("c1");
    report.set_conference_id("k1");
    report.set_report_id("hv-report");
    *report.mutable_author() = Person("hv").person();
    for (const v1::ReportPart& part : FiveParts()) *report.add_parts() = part;
    ASSERT_EQ(Ok(report, HealthVisitor()), Types{"ReportSubmitted"});
    report_position_ = Head();
  }

  v1::RequestRectification OfPart(const std::string& id, int part) {
    v1::RequestRectification command;
    command.set_case_id("c1");
    command.set_request_id(id);
    command.mutable_report_part()->set_report_id("hv-report");
    command.mutable_report_part()->set_part_index(part);
    command.set_subject_participant_id("mum");
    command.mutable_requested_by()->set_name("Kim Smith");
    command.set_inaccuracy("I attended the March appointment.");
    return command;
  }

  v1::DecideRectification Decline(const std::string& id) {
    v1::DecideRectification command;
    command.set_case_id("c1");
    command.set_request_id(id);
    command.set_outcome(v1::RECTIFICATION_OUTCOME_NOT_CORRECTED);
    command.set_reason("The clinic's record shows the appointment missed.");
    command.set_supplementary_statement("I was there; the clinic lost it.");
    return command;
  }

  std::vector<v1::ContentMarker> Markers() {
    return ContentMarkers(Case("c1"));
  }

  uint64_t report_position_ = 0;
};

TEST_F(RectificationTest, ARequestMarksThePartDisputedUntilDecided) {
  v1::RequestRectification request = OfPart("r1", 2);
  v1::NoticeRecipient& told = *request.add_notified();
  told.set_agency("health");
  told.set_authority("fife");
  ASSERT_EQ(Ok(request), Types{"RectificationRequested"});
  const v1::RectificationRequested recorded =
      LastEvent("case-c1").rectification_requested();
  EXPECT_EQ(recorded.content().position(), report_position_);
  EXPECT_EQ(recorded.content().event_type(), "ReportSubmitted");
  EXPECT_EQ(recorded.content().version(), 1);  // 0 named the latest
  EXPECT_EQ(recorded.content().part_index(), 2);
  EXPECT_EQ(recorded.received_on().DebugString(), On(2026, 3, 2));
  ASSERT_EQ(recorded.notified_size(), 1);

  std::vector<v1::ContentMarker> markers = Markers();
  ASSERT_EQ(markers.size(), 1u);
  EXPECT_EQ(markers[0].status(), v1::ContentMarker::STATUS_DISPUTED);
  const google::protobuf::RepeatedPtrField<v1::ContentMarker> all(
      markers.begin(), markers.end());
  EXPECT_EQ(MarkersAt(all, report_position_).size(), 1u);
  EXPECT_TRUE(MarkersAt(all, report_position_ - 1).empty());
  EXPECT_EQ(MarkerText(markers[0]),
            "part 2 disputed (request r1): I attended the March appointment.");

  v1::DecideRectification decline = Decline("r1");
  ASSERT_EQ(Ok(decline), Types{"RectificationDecided"});
  markers = Markers();
  ASSERT_EQ(markers.size(), 1u);
  EXPECT_EQ(markers[0].status(), v1::ContentMarker::STATUS_NOT_CORRECTED);
  EXPECT_EQ(markers[0].supplementary_statement(),
            "I was there; the clinic lost it.");
  EXPECT_EQ(markers[0].content().part_index(), 2);
  EXPECT_EQ(MarkerText(markers[0]),
            "part 2 not corrected (request r1); the person's statement: I was "
            "there; the clinic lost it.");
  // Decided once.
  decline.clear_idempotency_key();
  Refused(decline, kBroken, rules::kRectificationDecidedOnce);
}

TEST_F(RectificationTest, RefusesWhatIsNoRequest) {
  v1::RequestRectification request = OfPart("r1", 9);
  Refused(request, kNotFound, "exists");  // no such part
  request = OfPart("r1", 2);
  request.mutable_report_part()->set_report_id("nope");
  Refused(request, kNotFound, "exists");
  request = OfPart("r1", 2);
  request.set_position(Head() + 10);
  Refused(request, kNotFound, "exists");  // no event there
  request = OfPart("r1", 2);
  request.clear_report_part();
  Refused(request, kInvalid, "input");  // nothing named
  request = OfPart("r1", 2);
  request.set_subject_participant_id("hv");
  Refused(request, kBroken, rules::kRectificationSubject);
  request = OfPart("r1", 2);
  request.set_inaccuracy("  ");
  Refused(request, kInvalid, "input");
  request = OfPart("r1", 2);
  request.clear_requested_by();
  Refused(request, kInvalid, "input");
  request = OfPart("r1", 2);
  request.add_notified()->set_agency("health");  // no authority
  Refused(request, kInvalid, "input");

  request = OfPart("r1", 2);
  ASSERT_EQ(Ok(request), Types{"RectificationRequested"});
  request.clear_idempotency_key();
  Refused(request, kExists, rules::kOnce);
  // One open request per content; another part is other content.
  request = OfPart("r2", 2);
  Refused(request, kBroken, rules::kRectificationOneOpen);
  request = OfPart("r2", 3);
  ASSERT_EQ(Ok(request), Types{"RectificationRequested"});
  // A request is not itself disputed.
  request = OfPart("r3", 2);
  request.set_position(Head());
  Refused(request, kBroken, rules::kRectificationContent);

  v1::DecideRectification decide = Decline("nope");
  Refused(decide, kNotFound, "exists");
  decide = Decline("r1");
  decide.clear_supplementary_statement();
  Refused(decide, kInvalid, "input");
  decide = Decline("r1");
  decide.set_outcome(v1::RECTIFICATION_OUTCOME_UNSPECIFIED);
  Refused(decide, kInvalid, "input");
}

TEST_F(RectificationTest, CorrectedNamesALaterVersionOfTheReport) {
  v1::RequestRectification request = OfPart("r1", 2);
  ASSERT_EQ(Ok(request), Types{"RectificationRequested"});
  v1::DecideRectification corrected;
  corrected.set_case_id("c1");
  corrected.set_request_id("r1");
  corrected.set_outcome(v1::RECTIFICATION_OUTCOME_CORRECTED);
  corrected.set_corrected_version(2);
  // No version 2 yet: the report is corrected first, by its author.
  Refused(corrected, kBroken, rules::kRectificationCorrection);

  v1::CorrectReport correction;
  correction.set_case_id("c1");
  correction.set_report_id("hv-report");
  for (const v1::ReportPart& part : FiveParts()) *correction.add_parts() = part;
  correction.set_reason("The March appointment was attended");
  ASSERT_EQ(Ok(correction, HealthVisitor()), Types{"ReportSubmitted"});
  const uint64_t v2_position = Head();
  corrected.set_corrected_version(1);
  Refused(corrected, kBroken, rules::kRectificationCorrection);
  corrected.set_corrected_version(2);
  ASSERT_EQ(Ok(corrected), Types{"RectificationDecided"});
  const v1::RectificationDecided decided =
      LastEvent("case-c1").rectification_decided();
  EXPECT_EQ(decided.correction_position(), v2_position);
  const std::vector<v1::ContentMarker> markers = Markers();
  ASSERT_EQ(markers.size(), 1u);
  EXPECT_EQ(markers[0].status(), v1::ContentMarker::STATUS_CORRECTED);
  EXPECT_EQ(markers[0].corrected_version(), 2);
}

TEST_F(RectificationTest, AnEventIsCorrectedByALaterEvent) {
  v1::RequestRectification request = OfPart("r1", 0);
  request.set_position(1);  // CaseOpened: the child's details
  request.set_subject_participant_id("");
  ASSERT_EQ(Ok(request), Types{"RectificationRequested"});
  EXPECT_EQ(
      LastEvent("case-c1").rectification_requested().content().event_type(),
      "CaseOpened");
  const uint64_t requested_at = Head();
  v1::DecideRectification corrected;
  corrected.set_case_id("c1");
  corrected.set_request_id("r1");
  corrected.set_outcome(v1::RECTIFICATION_OUTCOME_CORRECTED);
  corrected.set_correction_position(report_position_);  // before the request
  Refused(corrected, kBroken, rules::kRectificationCorrection);
  corrected.set_correction_position(requested_at);  // the request itself
  Refused(corrected, kBroken, rules::kRectificationCorrection);

  v1::AmendChildDetails amend;
  amend.set_case_id("c1");
  *amend.mutable_child() = Case("c1").child;
  amend.mutable_child()->mutable_address()->add_lines("2 New Road");
  amend.set_reason("The family moved in February");
  ASSERT_EQ(Ok(amend), Types{"ChildDetailsAmended"});
  corrected.set_correction_position(Head());
  ASSERT_EQ(Ok(corrected), Types{"RectificationDecided"});
  EXPECT_EQ(Markers()[0].status(), v1::ContentMarker::STATUS_CORRECTED);
}

}  // namespace
}  // namespace keeper::domain::testing
