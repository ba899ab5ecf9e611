// The case view: a case read from the projection equals the case the write
// side folds from the log, for told stories and the demo's histories, and
// family-facing readers get restricted report parts withheld.
#include "domain/case_view.h"

#include <set>

#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "keeper/v1/report_events.pb.h"
#include "projections/case_view.h"
#include "tests/projections/story_fixture.h"
#include "tools/demo_command.h"

namespace keeper::projections {
namespace {

using domain::testing::FiveParts;
using domain::testing::HealthVisitor;
using domain::testing::Person;
using google::protobuf::util::MessageDifferencer;

// The view as the write side builds it: LoadCase, then MakeCaseView.
v1::CaseView FromLog(const domain::CaseCommands& commands,
                     const std::string& case_id, bool withhold) {
  std::vector<v1::EventEnvelope> history;
  auto state = commands.LoadCase(case_id, &history);
  EXPECT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(state->exists()) << case_id;
  auto view = domain::MakeCaseView(*state, std::move(history), withhold);
  EXPECT_TRUE(view.ok()) << view.status();
  return view.value_or(v1::CaseView());
}

// Equal field by field and byte for byte.
void ExpectSameAsLog(const ProjectionEngine& engine,
                     const domain::CaseCommands& commands,
                     const std::string& case_id) {
  for (const bool withhold : {false, true}) {
    auto view = ReadCaseView(engine, case_id, withhold);
    ASSERT_TRUE(view.ok()) << case_id << ": " << view.status();
    const v1::CaseView expected = FromLog(commands, case_id, withhold);
    EXPECT_TRUE(MessageDifferencer::Equals(*view, expected))
        << case_id << (withhold ? " (withheld)" : "");
    EXPECT_EQ(view->SerializeAsString(), expected.SerializeAsString());
  }
}

class CaseViewTest : public testing::ProjectionStoryTest {
 protected:
  // A report by the health visitor for conference k1 of c1, with part 4
  // restricted on submission and part 2 restricted afterwards.
  void RestrictedReport() {
    Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"mum", "sw", "hv"}, {});
    v1::SubmitReport submit;
    submit.set_case_id("c1");
    submit.set_conference_id("k1");
    submit.set_report_id("r1");
    *submit.mutable_author() = Person("hv").person();
    for (const v1::ReportPart& part : FiveParts()) *submit.add_parts() = part;
    submit.mutable_parts(4)->set_restricted(true);
    submit.mutable_parts(4)->set_restriction_reason("Names a neighbour");
    Ok(submit, HealthVisitor());
    v1::RestrictReportPart restrict;
    restrict.set_case_id("c1");
    restrict.set_report_id("r1");
    restrict.set_part_index(2);
    restrict.set_reason("Says which clinic the mother attends");
    Ok(restrict);
  }
};

TEST_F(CaseViewTest, EqualsTheWriteSidesViewThroughAStory) {
  OpenCase("c1", "fife", domain::testing::BornChild("chi-1"));
  ExpectSameAsLog(Engine(), *commands_, "c1");
  RestrictedReport();
  ExpectSameAsLog(Engine(), *commands_, "c1");
  RegisteredCase("c2", "fife", "chi-2");
  v1::AmendChildDetails amend;
  amend.set_case_id("c2");
  *amend.mutable_child() = domain::testing::BornChild("chi-2");
  amend.mutable_child()->set_given_name("Jamie-Lee");
  amend.set_reason("Name spelled wrongly");
  Ok(amend);
  ExpectSameAsLog(Engine(), *commands_, "c1");
  ExpectSameAsLog(Engine(), *commands_, "c2");

  auto c2 = ReadCaseView(Engine(), "c2", false);
  ASSERT_TRUE(c2.ok()) << c2.status();
  EXPECT_EQ(c2->version(), Stream("case-c2").size());
  EXPECT_EQ(c2->child().given_name(), "Jamie-Lee");
  EXPECT_TRUE(c2->registration().registered());
}

TEST_F(CaseViewTest, WithholdsRestrictedPartsFromFamilyFacingReaders) {
  OpenCase("c1", "fife", domain::testing::BornChild("chi-1"));
  RestrictedReport();
  auto full = ReadCaseView(Engine(), "c1", false);
  auto withheld = ReadCaseView(Engine(), "c1", true);
  ASSERT_TRUE(full.ok()) << full.status();
  ASSERT_TRUE(withheld.ok()) << withheld.status();
  EXPECT_FALSE(full->restricted_parts_withheld());
  EXPECT_TRUE(withheld->restricted_parts_withheld());
  ASSERT_EQ(full->history_size(), withheld->history_size());

  int reports = 0, restrictions = 0;
  for (int i = 0; i < withheld->history_size(); ++i) {
    const auto& payload = withheld->history(i).payload();
    if (payload.Is<v1::ReportSubmitted>()) {
      ++reports;
      v1::ReportSubmitted all, some;
      ASSERT_TRUE(full->history(i).payload().UnpackTo(&all));
      ASSERT_TRUE(payload.UnpackTo(&some));
      for (int part : {2, 4}) {
        EXPECT_FALSE(all.parts(part).text().empty());
        EXPECT_TRUE(some.parts(part).restricted());
        EXPECT_TRUE(some.parts(part).text().empty());
        EXPECT_TRUE(some.parts(part).restriction_reason().empty());
      }
      EXPECT_EQ(some.parts(0).text(), all.parts(0).text());
    } else if (payload.Is<v1::ReportPartRestricted>()) {
      ++restrictions;
      v1::ReportPartRestricted all, some;
      ASSERT_TRUE(full->history(i).payload().UnpackTo(&all));
      ASSERT_TRUE(payload.UnpackTo(&some));
      EXPECT_FALSE(all.reason().empty());
      EXPECT_TRUE(some.reason().empty());
    } else {
      EXPECT_TRUE(
          MessageDifferencer::Equals(withheld->history(i), full->history(i)));
    }
  }
  EXPECT_EQ(reports, 1);
  EXPECT_EQ(restrictions, 1);
}

TEST_F(CaseViewTest, AnUnknownCaseIsNotFound) {
  OpenCase("c1", "fife", domain::testing::BornChild("chi-1"));
  EXPECT_EQ(ReadCaseView(Engine(), "c9", false).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadCaseView(Engine(), "c", false).status().code(),
            absl::StatusCode::kNotFound);
  // Not even an id that starts like c1's keys.
  EXPECT_EQ(
      ReadCaseView(Engine(), std::string("c1\0", 3), false).status().code(),
      absl::StatusCode::kNotFound);
  auto state = ReadCaseState(Engine(), "c9");
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_FALSE(state->exists());
}

TEST(CaseViewDemoTest, EveryDemoCaseEqualsTheWriteSidesView) {
  TempDir dir("keeper-case-view");
  auto written =
      tools::WriteDemo(dir.path(), 30, 5, domain::testing::ShippedPolicies());
  ASSERT_TRUE(written.ok()) << written.status();
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(dir.path());
  auto store = eventstore::EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  auto engine = ProjectionEngine::Open(
      {.dir = ProjectionsDir(dir.path())}, **store,
      AllProjections(domain::testing::ShippedPolicies()));
  ASSERT_TRUE(engine.ok()) << engine.status();
  ASSERT_TRUE((*engine)->CatchUp().ok());

  std::set<std::string> cases;
  ASSERT_TRUE((*store)
                  ->Scan(1, 0,
                         [&](const v1::EventEnvelope& event) {
                           if (event.stream_id().rfind("case-", 0) == 0) {
                             cases.insert(event.stream_id().substr(5));
                           }
                           return absl::OkStatus();
                         })
                  .ok());
  ASSERT_GE(cases.size(), 30u);
  domain::CaseCommands commands(store->get(),
                                &domain::testing::ShippedPolicies());
  for (const std::string& case_id : cases) {
    ExpectSameAsLog(**engine, commands, case_id);
  }
}

}  // namespace
}  // namespace keeper::projections
