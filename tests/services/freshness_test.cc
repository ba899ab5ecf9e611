#include "services/metrics/freshness.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace keeper::services {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

TEST(FreshnessTest, EachCommitIsMeasuredOnceWhenAllOfItIsApplied) {
  Freshness freshness;
  freshness.Committed(5, kT0);
  freshness.Committed(9, kT0 + absl::Milliseconds(1));
  // Position 7 covers the first commit, not the second.
  EXPECT_THAT(freshness.Applied(7, kT0 + absl::Milliseconds(3)),
              ElementsAre(absl::Milliseconds(3)));
  EXPECT_THAT(freshness.Applied(9, kT0 + absl::Milliseconds(4)),
              ElementsAre(absl::Milliseconds(3)));
  EXPECT_THAT(freshness.Applied(9, kT0 + absl::Milliseconds(5)), IsEmpty());
}

TEST(FreshnessTest, OneApplyCanCoverSeveralCommits) {
  Freshness freshness;
  freshness.Committed(1, kT0);
  freshness.Committed(2, kT0 + absl::Milliseconds(1));
  EXPECT_THAT(freshness.Applied(2, kT0 + absl::Milliseconds(2)),
              ElementsAre(absl::Milliseconds(2), absl::Milliseconds(1)));
}

TEST(FreshnessTest, StoppedProjectionsKeepOnlyTheNewestCommitsWaiting) {
  Freshness freshness;
  for (uint64_t head = 1; head <= Freshness::kMaxWaiting + 10; ++head) {
    freshness.Committed(head, kT0);
  }
  EXPECT_EQ(freshness.Applied(UINT64_MAX, kT0).size(), Freshness::kMaxWaiting);
}

}  // namespace
}  // namespace keeper::services
