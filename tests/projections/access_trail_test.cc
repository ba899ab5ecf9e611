// The access trail against a hand-checked history.
#include "projections/access_trail.h"

#include "common/temp_dir.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "keeper/v1/access.pb.h"
#include "tests/eventstore/test_events.h"

namespace keeper::projections {
namespace {

using eventstore::ExpectedVersion;
using eventstore::NewUuid;
using eventstore::StreamWrite;

class AccessTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = eventstore::testing::OpenStore(dir_.Sub("events"));
    // 1: sam (social_work) reads case-1         granted
    // 2: pat (police) reads case-1 and case-2   granted (two events: 2, 3)
    // 4: hal (housing) is refused               refused
    // 5: an unrelated domain event
    // 6: sam reads case-2                       granted
    Access("sam", "social_work", {"case-1"}, true);
    Access("pat", "police", {"case-1", "case-2"}, true);
    Access("hal", "housing", {}, false);
    ASSERT_TRUE(store_
                    ->Append(eventstore::testing::OneWrite(
                        "case-9", ExpectedVersion::Any(),
                        {eventstore::testing::MakeEvent("ReportShared")}))
                    .ok());
    Access("sam", "social_work", {"case-2"}, true);
    std::vector<std::unique_ptr<Projection>> projections;
    projections.push_back(NewAccessTrailProjection());
    auto engine = ProjectionEngine::Open({.dir = dir_.Sub("projections")},
                                         *store_, std::move(projections));
    ASSERT_TRUE(engine.ok());
    engine_ = *std::move(engine);
    ASSERT_TRUE(engine_->CatchUp().ok());
  }

  // One event per case, as the access gate writes them.
  void Access(const std::string& who, const std::string& agency,
              const std::vector<std::string>& cases, bool granted) {
    v1::AccessRecord record;
    record.set_method("/keeper.v1.RegisterService/Check");
    record.set_outcome(granted ? v1::ACCESS_GRANTED : v1::ACCESS_REFUSED);
    std::vector<StreamWrite> writes;
    for (const std::string& id :
         cases.empty() ? std::vector<std::string>{""} : cases) {
      v1::AccessRecord one = record;
      if (!id.empty()) one.add_case_ids(id);
      eventstore::EventEnvelope event;
      event.set_event_id(NewUuid());
      event.set_event_type(granted ? "AccessGranted" : "AccessRefused");
      event.mutable_payload()->PackFrom(one);
      event.mutable_actor()->set_subject(who);
      event.mutable_actor()->set_agency(agency);
      event.set_purpose("enquiry");
      writes.push_back({id.empty() ? "access-register" : "access-" + id,
                        ExpectedVersion::Any(),
                        {event}});
    }
    ASSERT_TRUE(store_->Append(std::move(writes)).ok());
  }

  std::vector<uint64_t> Positions(const v1::AccessTrailQuery& query) {
    auto page = QueryAccessTrail(*engine_, query);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<uint64_t> out;
    for (const auto& entry : page->entries()) out.push_back(entry.position());
    return out;
  }

  TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<ProjectionEngine> engine_;
};

TEST_F(AccessTrailTest, EverythingInOrderWithoutDomainEvents) {
  EXPECT_EQ(Positions({}), (std::vector<uint64_t>{1, 2, 3, 4, 6}));
}

TEST_F(AccessTrailTest, ByChildActorAndAgency) {
  v1::AccessTrailQuery by_child;
  by_child.set_case_id("case-2");
  EXPECT_EQ(Positions(by_child), (std::vector<uint64_t>{3, 6}));
  v1::AccessTrailQuery by_actor;
  by_actor.set_actor_subject("sam");
  EXPECT_EQ(Positions(by_actor), (std::vector<uint64_t>{1, 6}));
  v1::AccessTrailQuery by_agency;
  by_agency.set_agency("housing");
  EXPECT_EQ(Positions(by_agency), (std::vector<uint64_t>{4}));
  v1::AccessTrailQuery combined;
  combined.set_case_id("case-1");
  combined.set_agency("police");
  EXPECT_EQ(Positions(combined), (std::vector<uint64_t>{2}));
}

TEST_F(AccessTrailTest, TimeRange) {
  auto third = store_->ReadPosition(3);
  auto sixth = store_->ReadPosition(6);
  v1::AccessTrailQuery query;
  *query.mutable_from_time() = third->recorded_time();
  *query.mutable_to_time() = sixth->recorded_time();
  const auto positions = Positions(query);
  // Appends in one group share a time, so bound by what the times allow.
  ASSERT_FALSE(positions.empty());
  for (uint64_t p : positions) {
    auto event = store_->ReadPosition(p);
    EXPECT_GE(event->recorded_time(), third->recorded_time());
    EXPECT_LT(event->recorded_time(), sixth->recorded_time());
  }
}

TEST_F(AccessTrailTest, PagesFollowTokens) {
  v1::AccessTrailQuery query;
  query.set_page_size(2);
  auto first = QueryAccessTrail(*engine_, query);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->entries_size(), 2);
  ASSERT_FALSE(first->next_page_token().empty());
  query.set_page_token(first->next_page_token());
  auto second = QueryAccessTrail(*engine_, query);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->entries_size(), 2);
  EXPECT_EQ(second->entries(0).position(), 3u);
  EXPECT_EQ(second->entries(1).position(), 4u);
  query.set_page_token(second->next_page_token());
  auto last = QueryAccessTrail(*engine_, query);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->entries_size(), 1);
  EXPECT_EQ(last->entries(0).position(), 6u);
  EXPECT_TRUE(last->next_page_token().empty());
}

// Each page read is itself recorded for the case it filters on: a token
// pins the trail at the first page, so paging returns each entry once and
// ends, however many entries are recorded meanwhile.
TEST_F(AccessTrailTest, PagingEndsAtTheTrailAsOfTheFirstPage) {
  for (const int page_size : {1, 2}) {
    v1::AccessTrailQuery query;
    query.set_case_id("case-1");
    const std::vector<uint64_t> before = Positions(query);
    ASSERT_GE(before.size(), 2u);
    query.set_page_size(page_size);
    std::vector<uint64_t> paged;
    int pages = 0;
    do {
      auto page = QueryAccessTrail(*engine_, query);
      ASSERT_TRUE(page.ok()) << page.status();
      for (const auto& entry : page->entries()) {
        paged.push_back(entry.position());
      }
      query.set_page_token(page->next_page_token());
      // The read of this page, recorded as the access gate records it.
      Access("ivy", "inspectorate", {"case-1"}, true);
      ASSERT_TRUE(engine_->CatchUp().ok());
      ASSERT_LT(++pages, 20) << "paging does not end";
    } while (!query.page_token().empty());
    EXPECT_EQ(paged, before) << "page size " << page_size;
  }
}

TEST_F(AccessTrailTest, BadPagingIsInvalid) {
  v1::AccessTrailQuery query;
  query.set_page_size(5000);
  EXPECT_TRUE(
      absl::IsInvalidArgument(QueryAccessTrail(*engine_, query).status()));
  query.set_page_size(1);
  auto first = QueryAccessTrail(*engine_, query);
  ASSERT_TRUE(first.ok());
  const std::string token = first->next_page_token();
  ASSERT_EQ(token.size(), 32u);
  std::string not_hex = token;
  not_hex[5] = 'g';
  const std::string pin_6 = "0000000000000006";
  for (const std::string& bad : {
           std::string("not-a-token"),
           std::string("4"),  // a bare position
           token.substr(1), token + "0", not_hex,
           pin_6 + "0000000000000000",  // after no entry
           pin_6 + "0000000000000007",  // after the pin
           "0000000000000007" + std::string("0000000000000001"),  // ahead
       }) {
    query.set_page_token(bad);
    EXPECT_TRUE(
        absl::IsInvalidArgument(QueryAccessTrail(*engine_, query).status()))
        << bad;
  }
  query.set_page_token(pin_6 + "0000000000000001");
  EXPECT_TRUE(QueryAccessTrail(*engine_, query).ok());
}

TEST_F(AccessTrailTest, EntriesCarryWhoWhyAndWhat) {
  v1::AccessTrailQuery query;
  query.set_agency("housing");
  auto page = QueryAccessTrail(*engine_, query);
  ASSERT_EQ(page->entries_size(), 1);
  const auto& entry = page->entries(0);
  EXPECT_EQ(entry.actor().subject(), "hal");
  EXPECT_EQ(entry.purpose(), "enquiry");
  EXPECT_EQ(entry.record().outcome(), v1::ACCESS_REFUSED);
  EXPECT_TRUE(entry.has_recorded_time());
}

}  // namespace
}  // namespace keeper::projections
