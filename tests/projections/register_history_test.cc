// The register as of a past moment, read from its intervals, against a
// plain replay of the log up to that moment, at many random moments of a
// demo store.
#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "gtest/gtest.h"
#include "keeper/v1/case_events.pb.h"
#include "keeper/v1/decision_events.pb.h"
#include "keeper/v1/register_events.pb.h"
#include "projections/register.h"
#include "projections/registry.h"
#include "domain/policy/policy.h"
#include "tools/demo_command.h"

namespace keeper::projections {
namespace {

// What a listing shows of an entry, as one comparable line.
std::string Line(const std::string& case_id, const std::string& areas,
                 const std::string& given, const v1::Date& next_review,
                 bool temporary) {
  return absl::StrCat(case_id, " [", areas, "] ", given, " review ",
                      next_review.year(), "-", next_review.month(), "-",
                      next_review.day(), temporary ? " temporary" : "");
}

std::string Line(const v1::RegisterEntry& e) {
  return Line(e.case_id(), absl::StrJoin(e.areas_of_concern(), ", "),
              e.child().given_name(), e.next_review_due(), e.temporary());
}

// The register by authority, folded from events by the rules of SPEC §2
// alone: registered until deregistered.
class Replay {
 public:
  void Apply(const v1::EventEnvelope& event) {
    if (v1::CaseOpened e; Unpack(event, &e)) {
      authority_[e.case_id()] = e.local_authority();
      child_[e.case_id()] = e.child();
    } else if (v1::ChildDetailsAmended e; Unpack(event, &e)) {
      child_[e.case_id()] = e.child();
      Touch(e.case_id(),
            [&](v1::RegisterEntry& r) { *r.mutable_child() = e.child(); });
    } else if (v1::ChildRegistered e; Unpack(event, &e)) {
      // Replaces a temporary registration of the case, if it had one.
      v1::RegisterEntry& r = on_[e.local_authority()][e.case_id()];
      r.Clear();
      r.set_case_id(e.case_id());
      *r.mutable_areas_of_concern() = e.areas_of_concern();
      *r.mutable_child() = e.child();
      *r.mutable_next_review_due() = e.first_review_due();
    } else if (v1::DecisionRecorded e; Unpack(event, &e)) {
      if (!e.has_next_review_due()) return;
      Touch(e.case_id(), [&](v1::RegisterEntry& r) {
        *r.mutable_next_review_due() = e.next_review_due();
      });
    } else if (v1::RegistrationAmended e; Unpack(event, &e)) {
      Touch(e.case_id(), [&](v1::RegisterEntry& r) {
        if (e.areas_of_concern_size() > 0) {
          *r.mutable_areas_of_concern() = e.areas_of_concern();
        }
      });
    } else if (v1::TemporaryRegistrationMade e; Unpack(event, &e)) {
      // On the receiving authority's register at once (SPEC §8).
      v1::RegisterEntry& r = on_[authority_[e.case_id()]][e.case_id()];
      r.set_case_id(e.case_id());
      *r.mutable_areas_of_concern() = e.areas_of_concern();
      *r.mutable_child() = child_[e.case_id()];
      r.set_temporary(true);
    } else if (v1::ChildDeregistered e; Unpack(event, &e)) {
      on_[authority_[e.case_id()]].erase(e.case_id());
    } else if (v1::TemporaryRegistrationEnded e; Unpack(event, &e)) {
      on_[authority_[e.case_id()]].erase(e.case_id());
    }
  }

  std::vector<std::string> Listing(const std::string& authority) const {
    std::vector<std::string> lines;
    auto it = on_.find(authority);
    if (it == on_.end()) return lines;
    for (const auto& [id, entry] : it->second) lines.push_back(Line(entry));
    return lines;
  }

 private:
  template <typename F>
  void Touch(const std::string& case_id, F change) {
    auto& entries = on_[authority_[case_id]];
    if (auto it = entries.find(case_id); it != entries.end()) {
      change(it->second);
    }
  }

  std::map<std::string, std::string> authority_;
  std::map<std::string, v1::ChildDetails> child_;
  std::map<std::string, std::map<std::string, v1::RegisterEntry>> on_;
};

class RegisterHistoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("keeper-register-history");
    policies_ =
        new domain::PolicyRegistry(*domain::PolicyRegistry::LoadDirectory(
            domain::DefaultPolicyDirectory()));
    ASSERT_TRUE(tools::WriteDemo(dir_->path(), 60, 7, *policies_).ok());
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete policies_;
  }

  static TempDir* dir_;
  static domain::PolicyRegistry* policies_;
};

TempDir* RegisterHistoryTest::dir_ = nullptr;
domain::PolicyRegistry* RegisterHistoryTest::policies_ = nullptr;

TEST_F(RegisterHistoryTest, EveryPastRegisterMatchesAReplayOfTheLog) {
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(dir_->path());
  auto store = eventstore::EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  auto engine = ProjectionEngine::Open({.dir = ProjectionsDir(dir_->path())},
                                       **store, AllProjections(*policies_));
  ASSERT_TRUE(engine.ok()) << engine.status();
  ASSERT_TRUE((*engine)->CatchUp().ok());
  auto events = (*store)->ReadAll(1, 1 << 20);
  ASSERT_TRUE(events.ok()) << events.status();
  const uint64_t head = events->size();
  ASSERT_GT(head, 1000u);

  // 200 random positions, in order, so one replay serves them all; plus
  // the very start and the head.
  std::mt19937_64 random(42);
  std::vector<uint64_t> points = {0, head};
  for (int i = 0; i < 200; ++i) points.push_back(random() % (head + 1));
  std::sort(points.begin(), points.end());
  const char* authorities[] = {"fife", "glasgow-city", "dundee-city",
                               "perth-and-kinross", "camden"};
  Replay replay;
  uint64_t applied = 0;
  int non_empty = 0;
  for (uint64_t point : points) {
    for (; applied < point; ++applied) replay.Apply((*events)[applied]);
    for (const char* authority : authorities) {
      auto listing = ListRegister(**engine, authority, point);
      ASSERT_TRUE(listing.ok()) << listing.status();
      EXPECT_EQ(listing->as_of_position(), point);
      std::vector<std::string> got;
      for (const v1::RegisterEntry& e : listing->entries()) {
        got.push_back(Line(e));
      }
      EXPECT_EQ(got, replay.Listing(authority))
          << authority << " as of position " << point;
      if (!got.empty()) ++non_empty;
    }
  }
  // The comparison means something only if registers were not all empty.
  EXPECT_GT(non_empty, 200);
  // As of the head, the past listing is the current one.
  for (const char* authority : authorities) {
    auto now = ListRegister(**engine, authority, std::nullopt);
    auto past = ListRegister(**engine, authority, head);
    ASSERT_TRUE(now.ok() && past.ok());
    EXPECT_EQ(now->entries_size(), past->entries_size()) << authority;
  }
}

}  // namespace
}  // namespace keeper::projections
