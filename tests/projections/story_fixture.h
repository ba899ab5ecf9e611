// Stories told through the domain's commands (tests/domain/domain_fixture.h)
// and read back from the projections, which follow the same store.
#ifndef KEEPER_TESTS_PROJECTIONS_STORY_FIXTURE_H_
#define KEEPER_TESTS_PROJECTIONS_STORY_FIXTURE_H_

#include <memory>

#include "projections/engine.h"
#include "projections/registry.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::projections::testing {

class ProjectionStoryTest : public domain::testing::DomainTest {
 protected:
  void TearDown() override {
    engine_.reset();
    DomainTest::TearDown();
  }

  // Every projection, caught up with the store.
  ProjectionEngine& Engine() {
    if (engine_ == nullptr) {
      auto engine = ProjectionEngine::Open(
          {.dir = dir_ + "/projections"}, *store_,
          AllProjections(domain::testing::ShippedPolicies()));
      EXPECT_TRUE(engine.ok()) << engine.status();
      engine_ = *std::move(engine);
    }
    absl::Status caught_up = engine_->CatchUp();
    EXPECT_TRUE(caught_up.ok()) << caught_up;
    return *engine_;
  }

  // 10:00 UK time on a day, as the fixture's clock reads it.
  static absl::Time At(int year, int month, int day) {
    absl::TimeZone london;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/London", &london));
    return absl::FromCivil(absl::CivilHour(year, month, day, 10), london);
  }

  std::unique_ptr<ProjectionEngine> engine_;
};

}  // namespace keeper::projections::testing

#endif  // KEEPER_TESTS_PROJECTIONS_STORY_FIXTURE_H_
