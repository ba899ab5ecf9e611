// Subject access requests, disclosures and what a bundle releases: the due
// date by policy, who may be a subject, and withholding by rule.
#include "domain/subject_access.h"

#include <map>
#include <utility>

#include "domain/rules.h"
#include "gtest/gtest.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class SubjectAccessTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    SetDay(2026, 1, 31);
    OpenCase("c1", "fife", BornChild("child-1"));
    Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"mum", "dad", "sw", "hv"},
            {});
  }

  v1::RecordSubjectAccessRequest Request(const std::string& id,
                                         const std::string& subject) {
    v1::RecordSubjectAccessRequest command;
    command.set_case_id("c1");
    command.set_request_id(id);
    command.set_subject_participant_id(subject);
    command.mutable_requested_by()->set_name("Kim Smith");
    return command;
  }

  // What the bundle for `request` withholds, by (position, part).
  std::map<std::pair<uint64_t, int>, v1::Exemption> Withheld(
      const Disclosure& disclosure) {
    std::map<std::pair<uint64_t, int>, v1::Exemption> out;
    for (const v1::WithheldItem& item : disclosure.withheld) {
      out[std::make_pair(item.position(), item.part_index())] =
          item.exemption();
    }
    return out;
  }

  // The position of the invitation of `participant_id`.
  uint64_t Invitation(const std::string& participant_id) {
    for (const v1::EventEnvelope& e : Stream("case-c1")) {
      v1::ParticipantInvited invited;
      if (e.payload().UnpackTo(&invited) &&
          invited.participant().participant_id() == participant_id) {
        return e.position();
      }
    }
    ADD_FAILURE() << "no invitation of " << participant_id;
    return 0;
  }
};

TEST_F(SubjectAccessTest, RequestIsDueInOneMonthByPolicy) {
  v1::RecordSubjectAccessRequest request = Request("sar-1", "mum");
  ASSERT_EQ(Ok(request), Types{"SubjectAccessRequested"});
  const v1::SubjectAccessRequested recorded =
      LastEvent("case-c1").subject_access_requested();
  EXPECT_EQ(recorded.subject_participant_id(), "mum");
  EXPECT_EQ(recorded.requested_by().name(), "Kim Smith");
  EXPECT_EQ(recorded.received_on().DebugString(), On(2026, 1, 31));
  // One month from 31 January: the month's last day.
  EXPECT_EQ(recorded.due_on().DebugString(), On(2026, 2, 28));
  EXPECT_FALSE(recorded.policy_version().empty());
  EXPECT_TRUE(Case("c1").subject_access_requests.contains("sar-1"));

  v1::RecordSubjectAccessRequest child = Request("sar-2", "");
  *child.mutable_received_on() = MakeDate(2026, 1, 10);
  ASSERT_EQ(Ok(child), Types{"SubjectAccessRequested"});
  EXPECT_EQ(
      LastEvent("case-c1").subject_access_requested().due_on().DebugString(),
      On(2026, 2, 10));
}

TEST_F(SubjectAccessTest, RefusesWhatIsNoRequest) {
  v1::RecordSubjectAccessRequest request = Request("sar-1", "hv");
  Refused(request, kBroken, rules::kSubjectAccessSubject);
  request = Request("sar-1", "nobody");
  Refused(request, kNotFound, "exists");
  request = Request("sar-1", "mum");
  *request.mutable_received_on() = MakeDate(2026, 2, 1);
  Refused(request, kInvalid, "input");
  request = Request("sar-1", "mum");
  request.clear_requested_by();
  Refused(request, kInvalid, "input");
  request = Request("sar-1", "mum");
  ASSERT_EQ(Ok(request), Types{"SubjectAccessRequested"});
  request.clear_idempotency_key();
  Refused(request, kExists, rules::kOnce);
}

TEST_F(SubjectAccessTest, DisclosureAnswersARecordedRequest) {
  v1::RecordDisclosure disclosure;
  disclosure.set_case_id("c1");
  disclosure.set_request_id("sar-1");
  disclosure.mutable_released_to()->set_name("Kim Smith");
  disclosure.set_tree_size(Head());
  disclosure.add_included_positions(1);
  Refused(disclosure, kNotFound, "exists");
  v1::RecordSubjectAccessRequest request = Request("sar-1", "mum");
  ASSERT_EQ(Ok(request), Types{"SubjectAccessRequested"});
  v1::WithheldItem& item = *disclosure.add_withheld();
  item.set_position(2);
  Refused(disclosure, kInvalid, "input");  // no exemption named
  item.set_exemption(v1::EXEMPTION_THIRD_PARTY);
  disclosure.add_included_positions(Head() + 5);
  Refused(disclosure, kInvalid, "input");  // beyond the checkpoint
  disclosure.mutable_included_positions()->RemoveLast();
  ASSERT_EQ(Ok(disclosure), Types{"DisclosureRecorded"});
  const v1::DisclosureRecorded recorded =
      LastEvent("case-c1").disclosure_recorded();
  EXPECT_EQ(recorded.released_to().name(), "Kim Smith");
  EXPECT_EQ(recorded.withheld_size(), 1);
  EXPECT_EQ(recorded.released_on().DebugString(), On(2026, 1, 31));
}

TEST_F(SubjectAccessTest, SharingMarksPartsLikelyToCauseSeriousHarm) {
  v1::SubmitReport report;
  report.set_case_id("c1");
  report.set_conference_id("k1");
  report.set_report_id("hv-report");
  *report.mutable_author() = Person("hv").person();
  for (const v1::ReportPart& part : FiveParts()) *report.add_parts() = part;
  ASSERT_EQ(Ok(report, HealthVisitor()), Types{"ReportSubmitted"});
  const uint64_t report_at = Head();
  v1::ShareReport share;
  share.set_case_id("c1");
  share.set_report_id("hv-report");
  share.set_version(1);
  share.set_participant_id("dad");
  share.add_serious_harm_part_indexes(5);
  Refused(share, kInvalid, "input");
  share.set_serious_harm_part_indexes(0, 2);
  ASSERT_EQ(Ok(share), Types{"ReportShared"});
  const v1::ReportShared shared = LastEvent("case-c1").report_shared();
  EXPECT_EQ(shared.serious_harm_part_indexes_size(), 1);
  EXPECT_EQ(shared.serious_harm_part_indexes(0), 2);
  EXPECT_NE(std::find(shared.withheld_part_indexes().begin(),
                      shared.withheld_part_indexes().end(), 2),
            shared.withheld_part_indexes().end());
  const uint64_t shared_at = Head();

  v1::RecordSubjectAccessRequest request = Request("sar-1", "mum");
  ASSERT_EQ(Ok(request), Types{"SubjectAccessRequested"});
  absl::StatusOr<Disclosure> bundle =
      SelectDisclosure(Case("c1"), "sar-1", Stream("case-c1"));
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  EXPECT_EQ(bundle->subject_name, Person("mum").person().name());
  auto withheld = Withheld(*bundle);
  EXPECT_EQ(withheld[std::make_pair(report_at, 2)], v1::EXEMPTION_SERIOUS_HARM);
  EXPECT_EQ(withheld[std::make_pair(Invitation("dad"), -1)],
            v1::EXEMPTION_THIRD_PARTY);
  EXPECT_EQ(withheld[std::make_pair(shared_at, -1)], v1::EXEMPTION_THIRD_PARTY);
  EXPECT_FALSE(withheld.contains(std::make_pair(Invitation("mum"), -1)));
  EXPECT_FALSE(withheld.contains(std::make_pair(Invitation("hv"), -1)));
  for (const ReleasedEvent& released : bundle->released) {
    EXPECT_FALSE(
        withheld.contains(std::make_pair(released.event.position(), -1)));
    if (released.event.position() == report_at) {
      EXPECT_FALSE(released.complete);
      v1::ReportSubmitted version;
      ASSERT_TRUE(released.event.payload().UnpackTo(&version));
      EXPECT_TRUE(version.parts(2).text().empty());
      EXPECT_FALSE(version.parts(0).text().empty());
    } else {
      EXPECT_TRUE(released.complete);
    }
  }
  EXPECT_EQ(bundle->released.size() + 2, Stream("case-c1").size());

  // The child's bundle withholds both parents' invitations.
  v1::RecordSubjectAccessRequest child = Request("sar-2", "");
  ASSERT_EQ(Ok(child), Types{"SubjectAccessRequested"});
  bundle = SelectDisclosure(Case("c1"), "sar-2", Stream("case-c1"));
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  withheld = Withheld(*bundle);
  EXPECT_EQ(withheld[std::make_pair(Invitation("mum"), -1)],
            v1::EXEMPTION_THIRD_PARTY);
  EXPECT_EQ(withheld[std::make_pair(Invitation("dad"), -1)],
            v1::EXEMPTION_THIRD_PARTY);
  EXPECT_FALSE(withheld.contains(std::make_pair(Invitation("hv"), -1)));
  EXPECT_EQ(
      SelectDisclosure(Case("c1"), "sar-9", Stream("case-c1")).status().code(),
      kNotFound);
}

}  // namespace
}  // namespace keeper::domain::testing
