// The change trail against a hand-checked history.
#include "projections/change_trail.h"

#include "common/temp_dir.h"
#include "gtest/gtest.h"
#include "tests/eventstore/test_events.h"

namespace keeper::projections {
namespace {

using eventstore::ExpectedVersion;
using eventstore::testing::MakeEvent;
using eventstore::testing::OneWrite;

class ChangeTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = eventstore::testing::OpenStore(dir_.Sub("events"));
    // 1 case-1 by sam, 2 access record (not a change), 3 case-2 by sam,
    // 4 case-1 by chris correcting event 1.
    Change("case-1", "sam", "ReportSubmitted", "");
    ASSERT_TRUE(store_
                    ->Append(OneWrite("access-case-1", ExpectedVersion::Any(),
                                      {MakeEvent("AccessGranted")}))
                    .ok());
    Change("case-2", "sam", "ChildAdded", "");
    first_id_ = store_->ReadPosition(1)->event_id();
    Change("case-1", "chris", "ReportCorrected", first_id_);
    std::vector<std::unique_ptr<Projection>> projections;
    projections.push_back(NewChangeTrailProjection());
    auto engine = ProjectionEngine::Open({.dir = dir_.Sub("projections")},
                                         *store_, std::move(projections));
    ASSERT_TRUE(engine.ok());
    engine_ = *std::move(engine);
    ASSERT_TRUE(engine_->CatchUp().ok());
  }

  void Change(const std::string& stream, const std::string& who,
              const std::string& type, const std::string& causation) {
    auto event = MakeEvent(type);
    event.mutable_actor()->set_subject(who);
    event.set_causation_id(causation);
    ASSERT_TRUE(
        store_->Append(OneWrite(stream, ExpectedVersion::Any(), {event})).ok());
  }

  std::vector<uint64_t> Positions(const v1::ChangeTrailQuery& query) {
    auto page = QueryChangeTrail(*engine_, query);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<uint64_t> out;
    for (const auto& entry : page->entries()) out.push_back(entry.position());
    return out;
  }

  TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<ProjectionEngine> engine_;
  std::string first_id_;
};

TEST_F(ChangeTrailTest, OnlyCaseStreamsAreChanges) {
  EXPECT_EQ(Positions({}), (std::vector<uint64_t>{1, 3, 4}));
}

TEST_F(ChangeTrailTest, ByChildAndActor) {
  v1::ChangeTrailQuery by_child;
  by_child.set_case_id("1");
  EXPECT_EQ(Positions(by_child), (std::vector<uint64_t>{1, 4}));
  v1::ChangeTrailQuery by_actor;
  by_actor.set_actor_subject("sam");
  EXPECT_EQ(Positions(by_actor), (std::vector<uint64_t>{1, 3}));
  by_actor.set_case_id("1");
  EXPECT_EQ(Positions(by_actor), (std::vector<uint64_t>{1}));
}

TEST_F(ChangeTrailTest, EntriesNameTheCaseVersionAndWhatTheyCorrect) {
  v1::ChangeTrailQuery query;
  query.set_case_id("1");
  auto page = QueryChangeTrail(*engine_, query);
  ASSERT_EQ(page->entries_size(), 2);
  const auto& correction = page->entries(1);
  EXPECT_EQ(correction.case_id(), "1");
  EXPECT_EQ(correction.case_version(), 2u);
  EXPECT_EQ(correction.event_type(), "ReportCorrected");
  EXPECT_EQ(correction.actor().subject(), "chris");
  EXPECT_EQ(correction.causation_id(), first_id_);
}

// Changes made while paging join the next paging, not this one: the token
// pins the trail at the first page.
TEST_F(ChangeTrailTest, PagingEndsAtTheTrailAsOfTheFirstPage) {
  v1::ChangeTrailQuery query;
  query.set_case_id("1");
  query.set_page_size(1);
  std::vector<uint64_t> paged;
  int pages = 0;
  do {
    auto page = QueryChangeTrail(*engine_, query);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& entry : page->entries()) {
      paged.push_back(entry.position());
    }
    query.set_page_token(page->next_page_token());
    Change("case-1", "sam", "ChildViewsRecorded", "");
    ASSERT_TRUE(engine_->CatchUp().ok());
    ASSERT_LT(++pages, 20) << "paging does not end";
  } while (!query.page_token().empty());
  EXPECT_EQ(paged, (std::vector<uint64_t>{1, 4}));
  query.clear_page_token();
  query.set_page_size(100);
  EXPECT_EQ(Positions(query), (std::vector<uint64_t>{1, 4, 5, 6}));
}

}  // namespace
}  // namespace keeper::projections
