// Appending: expected versions, idempotency, atomicity, validation and the
// hash chain.
#include <thread>

#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/event_store.h"
#include "eventstore/hash_chain.h"
#include "gtest/gtest.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;

class AppendTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = testing::OpenStore(dir_.path()); }

  absl::StatusOr<AppendResult> Append(const std::string& stream,
                                      ExpectedVersion expected, int count = 1) {
    std::vector<EventEnvelope> events;
    for (int i = 0; i < count; ++i) events.push_back(MakeEvent());
    return store_->Append(OneWrite(stream, expected, std::move(events)));
  }

  keeper::TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(AppendTest, AssignsGapFreePositionsVersionsAndChain) {
  ASSERT_TRUE(Append("case-1", ExpectedVersion::Any(), 2).ok());
  auto result = Append("case-2", ExpectedVersion::Any());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->events[0].position(), 3u);
  EXPECT_EQ(result->events[0].stream_version(), 1u);
  EXPECT_FALSE(result->deduplicated);

  auto all = store_->ReadAll(1, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].prev_hash(), GenesisHash());
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].position(), i + 1);
    EXPECT_EQ((*all)[i].hash(), ComputeEventHash((*all)[i]));
    if (i > 0) {
      EXPECT_EQ((*all)[i].prev_hash(), (*all)[i - 1].hash());
    }
  }
  EXPECT_EQ((*all)[1].stream_version(), 2u);
  EXPECT_EQ(store_->GetHead().position, 3u);
  EXPECT_EQ(store_->GetHead().hash, (*all)[2].hash());
  EXPECT_TRUE(VerifyChain(*store_)->intact());
}

TEST_F(AppendTest, ExpectedVersionAny) {
  EXPECT_TRUE(Append("s", ExpectedVersion::Any()).ok());
  EXPECT_TRUE(Append("s", ExpectedVersion::Any()).ok());
  EXPECT_EQ(*store_->StreamVersion("s"), 2u);
}

TEST_F(AppendTest, ExpectedVersionNoStream) {
  EXPECT_TRUE(Append("s", ExpectedVersion::NoStream()).ok());
  auto again = Append("s", ExpectedVersion::NoStream());
  EXPECT_TRUE(absl::IsAborted(again.status())) << again.status();
  auto conflict = ConflictFromStatus(again.status());
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->stream_id(), "s");
  EXPECT_EQ(conflict->current_version(), 1u);
  EXPECT_EQ(store_->GetHead().position, 1u);
}

TEST_F(AppendTest, ExpectedVersionStreamExists) {
  auto missing = Append("s", ExpectedVersion::StreamExists());
  EXPECT_TRUE(absl::IsAborted(missing.status()));
  EXPECT_EQ(ConflictFromStatus(missing.status())->current_version(), 0u);
  EXPECT_EQ(store_->GetHead().position, 0u);
  ASSERT_TRUE(Append("s", ExpectedVersion::Any()).ok());
  EXPECT_TRUE(Append("s", ExpectedVersion::StreamExists()).ok());
}

TEST_F(AppendTest, ExpectedVersionExact) {
  EXPECT_TRUE(Append("s", ExpectedVersion::Exact(0)).ok());
  EXPECT_TRUE(Append("s", ExpectedVersion::Exact(1), 2).ok());
  auto stale = Append("s", ExpectedVersion::Exact(1));
  EXPECT_TRUE(absl::IsAborted(stale.status()));
  EXPECT_EQ(ConflictFromStatus(stale.status())->current_version(), 3u);
  auto ahead = Append("s", ExpectedVersion::Exact(7));
  EXPECT_TRUE(absl::IsAborted(ahead.status()));
  EXPECT_EQ(store_->GetHead().position, 3u);
}

TEST_F(AppendTest, RetryReturnsOriginalAndWritesNothing) {
  auto writes = OneWrite("s", ExpectedVersion::NoStream(),
                         {MakeEvent("A"), MakeEvent("B")});
  auto first = store_->Append(writes);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(Append("other", ExpectedVersion::Any()).ok());

  // The expected version no longer holds, but a retry is recognised first.
  auto retry = store_->Append(writes);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->deduplicated);
  ASSERT_EQ(retry->events.size(), 2u);
  EXPECT_EQ(retry->events[0].position(), first->events[0].position());
  EXPECT_EQ(retry->events[1].hash(), first->events[1].hash());
  EXPECT_EQ(store_->GetHead().position, 3u);
}

TEST_F(AppendTest, RetryWithAnyIsIdempotentToo) {
  auto writes = OneWrite("s", ExpectedVersion::Any(), {MakeEvent()});
  ASSERT_TRUE(store_->Append(writes).ok());
  auto retry = store_->Append(writes);
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->deduplicated);
  EXPECT_EQ(*store_->StreamVersion("s"), 1u);
}

TEST_F(AppendTest, UpperCaseIdIsTheSameId) {
  EventEnvelope event = MakeEvent();
  ASSERT_TRUE(
      store_->Append(OneWrite("s", ExpectedVersion::Any(), {event})).ok());
  std::string upper = event.event_id();
  for (char& c : upper) c = static_cast<char>(toupper(c));
  event.set_event_id(upper);
  auto retry = store_->Append(OneWrite("s", ExpectedVersion::Any(), {event}));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->deduplicated);
}

TEST_F(AppendTest, ReusedIdWithOtherContentIsAlreadyExists) {
  EventEnvelope event = MakeEvent("A", "one");
  ASSERT_TRUE(
      store_->Append(OneWrite("s", ExpectedVersion::Any(), {event})).ok());
  EventEnvelope changed = MakeEvent("A", "two", event.event_id());
  auto result =
      store_->Append(OneWrite("s", ExpectedVersion::Any(), {changed}));
  EXPECT_TRUE(absl::IsAlreadyExists(result.status())) << result.status();
  EXPECT_EQ(store_->GetHead().position, 1u);

  // The same content in another stream is other content too.
  auto elsewhere =
      store_->Append(OneWrite("t", ExpectedVersion::Any(), {event}));
  EXPECT_TRUE(absl::IsAlreadyExists(elsewhere.status()));

  // A committed id mixed with new ones is not a retry.
  auto mixed = store_->Append(
      OneWrite("s", ExpectedVersion::Any(), {event, MakeEvent()}));
  EXPECT_TRUE(absl::IsAlreadyExists(mixed.status()));
  EXPECT_EQ(store_->GetHead().position, 1u);
}

TEST_F(AppendTest, MultiStreamAppendIsAtomic) {
  ASSERT_TRUE(Append("b", ExpectedVersion::Any()).ok());
  std::vector<StreamWrite> writes(2);
  writes[0] = {"a", ExpectedVersion::NoStream(), {MakeEvent()}};
  writes[1] = {"b", ExpectedVersion::NoStream(), {MakeEvent()}};  // fails
  auto failed = store_->Append(writes);
  EXPECT_TRUE(absl::IsAborted(failed.status()));
  EXPECT_EQ(*store_->StreamVersion("a"), 0u);
  EXPECT_EQ(store_->GetHead().position, 1u);

  writes[1].expected = ExpectedVersion::Exact(1);
  auto ok = store_->Append(writes);
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_EQ(ok->events.size(), 2u);
  EXPECT_EQ(ok->events[0].stream_id(), "a");
  EXPECT_EQ(ok->events[1].stream_id(), "b");
  EXPECT_EQ(ok->events[1].stream_version(), 2u);
  EXPECT_EQ(ok->events[0].recorded_time().seconds(),
            ok->events[1].recorded_time().seconds());
}

TEST_F(AppendTest, MalformedAppendsAreInvalidAndWriteNothing) {
  auto expect_invalid = [&](std::vector<StreamWrite> writes,
                            const std::string& mentions) {
    auto result = store_->Append(std::move(writes));
    EXPECT_TRUE(absl::IsInvalidArgument(result.status())) << result.status();
    EXPECT_NE(result.status().message().find(mentions), std::string::npos)
        << result.status();
  };
  expect_invalid({}, "at least one stream");
  expect_invalid(OneWrite("", ExpectedVersion::Any(), {MakeEvent()}),
                 "stream_id");
  expect_invalid(
      OneWrite(std::string("a\0b", 3), ExpectedVersion::Any(), {MakeEvent()}),
      "stream_id");
  expect_invalid(OneWrite("s", ExpectedVersion::Any(), {}), "no events");
  expect_invalid(OneWrite("s", ExpectedVersion::Any(),
                          {MakeEvent("T", "x", "not-a-uuid")}),
                 "event_id");
  expect_invalid(OneWrite("s", ExpectedVersion::Any(), {MakeEvent("")}),
                 "event_type");
  EventEnvelope twice = MakeEvent();
  expect_invalid(OneWrite("s", ExpectedVersion::Any(), {twice, twice}),
                 "appears twice");
  std::vector<StreamWrite> same_stream(2);
  same_stream[0] = {"s", ExpectedVersion::Any(), {MakeEvent()}};
  same_stream[1] = {"s", ExpectedVersion::Any(), {MakeEvent()}};
  expect_invalid(same_stream, "appears twice");
  EXPECT_EQ(store_->GetHead().position, 0u);
}

TEST_F(AppendTest, ServerFieldsFromTheClientAreIgnored) {
  EventEnvelope event = MakeEvent();
  event.set_position(99);
  event.set_stream_version(42);
  event.set_hash("forged");
  event.set_prev_hash("forged");
  auto result = store_->Append(OneWrite("s", ExpectedVersion::Any(), {event}));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->events[0].position(), 1u);
  EXPECT_EQ(result->events[0].stream_version(), 1u);
  EXPECT_EQ(result->events[0].prev_hash(), GenesisHash());
  EXPECT_TRUE(VerifyChain(*store_)->intact());
}

TEST_F(AppendTest, ConcurrentWritersGetGapFreePositions) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!Append("s" + std::to_string(t % 4), ExpectedVersion::Any()).ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->GetHead().position, uint64_t{kThreads * kPerThread});
  auto report = VerifyChain(*store_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact()) << report->problem;
  EXPECT_EQ(report->events, uint64_t{kThreads * kPerThread});
}

TEST_F(AppendTest, RacingExactVersionsLetExactlyOneWin) {
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::atomic<int> won{0};
  std::atomic<int> aborted{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto result = Append("s", ExpectedVersion::Exact(0));
      if (result.ok()) ++won;
      if (absl::IsAborted(result.status())) ++aborted;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(aborted.load(), kThreads - 1);
  EXPECT_EQ(*store_->StreamVersion("s"), 1u);
}

TEST_F(AppendTest, ConcurrentRetriesOfOneAppendWriteItOnce) {
  // Retries racing each other may land in the same commit group, or in a
  // group staged before the first is durable.
  for (int round = 0; round < 20; ++round) {
    auto writes =
        OneWrite("s", ExpectedVersion::Any(), {MakeEvent("A"), MakeEvent("B")});
    std::vector<std::thread> threads;
    std::atomic<int> originals{0};
    std::atomic<int> retries{0};
    std::vector<uint64_t> first_positions(8);
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        auto result = store_->Append(writes);
        ASSERT_TRUE(result.ok()) << result.status();
        ++(result->deduplicated ? retries : originals);
        first_positions[t] = result->events[0].position();
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(originals.load(), 1);
    EXPECT_EQ(retries.load(), 7);
    for (uint64_t position : first_positions) {
      EXPECT_EQ(position, first_positions[0]);
    }
  }
  EXPECT_EQ(store_->GetHead().position, 40u);
}

TEST_F(AppendTest, ChainContinuesAcrossReopen) {
  ASSERT_TRUE(Append("s", ExpectedVersion::Any(), 3).ok());
  const Head before = store_->GetHead();
  store_.reset();
  store_ = testing::OpenStore(dir_.path());
  EXPECT_EQ(store_->GetHead().position, before.position);
  EXPECT_EQ(store_->GetHead().hash, before.hash);
  auto next = Append("s", ExpectedVersion::Exact(3));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->events[0].prev_hash(), before.hash);
  EXPECT_TRUE(VerifyChain(*store_)->intact());
}

}  // namespace
}  // namespace keeper::eventstore
