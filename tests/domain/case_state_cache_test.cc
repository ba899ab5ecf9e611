// A case state kept between commands never decides one as it was kept:
// events another writer appended since are folded in first, so rules and
// expected versions see the stream as a whole read would.
#include "gtest/gtest.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class CaseStateCacheTest : public OpenCaseTest {
 protected:
  void SetUp() override {
    OpenCaseTest::SetUp();
    other_ = std::make_unique<CaseCommands>(store_.get(), &ShippedPolicies());
  }
  void TearDown() override {
    other_.reset();
    OpenCaseTest::TearDown();
  }

  // The fixture's steps run on commands_: this makes the other writer, with
  // states of its own kept, run them until it is called again.
  void SwapWriters() { std::swap(commands_, other_); }

  std::unique_ptr<CaseCommands> other_;
};

TEST_F(CaseStateCacheTest, AnotherWritersEventsDecideTheNextCommand) {
  Request("c1", "r1", v1::CONFERENCE_KIND_INITIAL);  // keeps c1 at version 1
  SwapWriters();
  Schedule("c1", "icpc-1", v1::CONFERENCE_KIND_INITIAL, "r1");
  SwapWriters();
  // Only the other writer saw icpc-1 scheduled: a state kept without it
  // would refuse the invitation as to an unknown conference.
  Invite("c1", "icpc-1", {"mum"});
  EXPECT_EQ(Case("c1").version, 4u);
}

TEST_F(CaseStateCacheTest, AnExpectedVersionIsCheckedAgainstTheStreamNow) {
  Request("c1", "r1", v1::CONFERENCE_KIND_INITIAL);
  Schedule("c1", "icpc-1", v1::CONFERENCE_KIND_INITIAL, "r1");  // kept: 2
  SwapWriters();
  Invite("c1", "icpc-1", {"mum", "dad"});  // versions 4 and 5
  SwapWriters();
  v1::InviteParticipant stale;
  stale.set_case_id("c1");
  stale.set_conference_id("icpc-1");
  *stale.mutable_participant() = Person("gran");
  stale.set_expected_version(3);
  absl::StatusOr<v1::CommandResult> refused = Run(stale);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAborted)
      << refused.status();
  v1::InviteParticipant current = stale;
  current.clear_idempotency_key();
  current.set_expected_version(5);
  absl::StatusOr<v1::CommandResult> invited = Run(current);
  ASSERT_TRUE(invited.ok()) << invited.status();
  EXPECT_EQ(invited->case_version(), 6u);
}

}  // namespace
}  // namespace keeper::domain::testing
