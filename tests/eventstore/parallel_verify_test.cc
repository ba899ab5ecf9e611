// Verification shared out over threads and chunks finds what reading the
// log in order finds: the same first bad position and the same problem for
// a fault at any position (first, inside or last of a chunk), and the same
// roots for an honest log.
#include <random>

#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/hash_chain.h"
#include "google/protobuf/stubs/logging.h"
#include "gtest/gtest.h"
#include "tests/eventstore/raw_db.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;
using testing::OpenStore;
using testing::RawDb;

constexpr uint64_t kEvents = 29;

// Threads and chunk sizes: chunks of one event, chunks that are perfect
// subtrees (4, 8) and chunks that are not (3, 5, 7), more threads than
// chunks ahead.
const std::vector<std::pair<int, uint64_t>> kLayouts = {{2, 1}, {2, 4}, {3, 5},
                                                        {2, 8}, {8, 3}, {4, 7}};

ChainReport Verify(const EventStore& store, int threads, uint64_t chunk,
                   uint64_t root_at_size = 0) {
  VerifyChainOptions options;
  options.threads = threads;
  options.chunk_events = chunk;
  options.root_at_size = root_at_size;
  auto report = VerifyChain(store, options);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : ChainReport{};
}

// One thread reading the whole log as one chunk: the order of the log.
ChainReport VerifyInOrder(const EventStore& store, uint64_t root_at_size = 0) {
  return Verify(store, 1, uint64_t{1} << 40, root_at_size);
}

class ParallelVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto store = OpenStore(dir_.Sub("events"));
      for (uint64_t i = 0; i < kEvents; ++i) {
        ASSERT_TRUE(
            store
                ->Append(OneWrite(
                    "case-" + std::to_string(i % 4), ExpectedVersion::Any(),
                    {MakeEvent("Tested", std::string(i * 7, 'x'))}))
                .ok());
      }
    }
    raw_ = std::make_unique<RawDb>(dir_.Sub("events"));
    EventStore::Options options;
    options.data_dir = dir_.Sub("events");
    options.mode = EventStore::Mode::kSecondary;
    auto reader = EventStore::Open(options);
    ASSERT_TRUE(reader.ok()) << reader.status();
    reader_ = *std::move(reader);
  }

  EventEnvelope Stored(uint64_t position) {
    EventEnvelope event;
    EXPECT_TRUE(
        event.ParseFromString(raw_->Get(kEventsCf, EncodeU64(position))));
    return event;
  }

  // Rewrites the log from `position` on as a forger would: `change` applied
  // to that event, then every hash and link recomputed, so that the chain
  // holds everywhere but where `change` breaks it.
  void Forge(uint64_t position,
             const std::function<void(EventEnvelope&)>& change) {
    std::string prev_hash =
        position == 1 ? GenesisHash() : Stored(position - 1).hash();
    for (uint64_t p = position; p <= kEvents; ++p) {
      EventEnvelope event = Stored(p);
      if (p == position) change(event);
      event.set_prev_hash(prev_hash);
      event.clear_hash();
      event.set_hash(ComputeEventHash(event));
      prev_hash = event.hash();
      raw_->Put(kEventsCf, EncodeU64(p), event.SerializeAsString());
    }
  }

  // Every layout finds the fault at `position`, with the problem found in
  // log order.
  void ExpectFoundAt(uint64_t position, const std::string& problem_has) {
    if (absl::Status refreshed = reader_->Refresh(); !refreshed.ok()) {
      // Only the head is read on refresh; it names its position.
      EXPECT_EQ(position, kEvents);
      EXPECT_NE(refreshed.message().find(std::to_string(position)),
                std::string::npos)
          << refreshed;
      return;
    }
    const ChainReport in_order = VerifyInOrder(*reader_);
    EXPECT_EQ(in_order.first_bad_position, position) << in_order.problem;
    EXPECT_NE(in_order.problem.find(problem_has), std::string::npos)
        << in_order.problem;
    for (const auto& [threads, chunk] : kLayouts) {
      const ChainReport report = Verify(*reader_, threads, chunk);
      EXPECT_EQ(report.first_bad_position, position)
          << threads << " threads, chunks of " << chunk << ": "
          << report.problem;
      EXPECT_EQ(report.problem, in_order.problem);
      EXPECT_EQ(report.events, position - 1);
      EXPECT_EQ(report.head_hash, in_order.head_hash);
      EXPECT_EQ(report.bytes, in_order.bytes);
      EXPECT_EQ(report.tree_root, in_order.tree_root);
    }
  }

  // Puts back the honest log, saved before a test changes it.
  void Restore(const std::vector<std::string>& honest) {
    for (uint64_t p = 1; p <= kEvents; ++p) {
      raw_->Put(kEventsCf, EncodeU64(p), honest[p - 1]);
    }
    ASSERT_TRUE(reader_->Refresh().ok());
  }

  std::vector<std::string> Honest() {
    std::vector<std::string> values;
    for (uint64_t p = 1; p <= kEvents; ++p) {
      values.push_back(raw_->Get(kEventsCf, EncodeU64(p)));
    }
    return values;
  }

  TempDir dir_;
  std::unique_ptr<RawDb> raw_;
  std::unique_ptr<EventStore> reader_;
};

TEST_F(ParallelVerifyTest, AnHonestLogGivesTheSameReportAndRootsInAnyLayout) {
  const ChainReport in_order = VerifyInOrder(*reader_);
  ASSERT_TRUE(in_order.intact()) << in_order.problem;
  EXPECT_EQ(in_order.events, kEvents);
  EXPECT_EQ(in_order.head_hash, reader_->GetHead().hash);
  EXPECT_EQ(in_order.tree_root, *reader_->MerkleRoot(kEvents));
  uint64_t bytes = 0;
  for (const std::string& value : Honest()) bytes += value.size();
  EXPECT_EQ(in_order.bytes, bytes);
  for (const auto& [threads, chunk] : kLayouts) {
    for (uint64_t size = 0; size <= kEvents; ++size) {
      const ChainReport report = Verify(*reader_, threads, chunk, size);
      ASSERT_TRUE(report.intact()) << report.problem;
      EXPECT_EQ(report.events, kEvents);
      EXPECT_EQ(report.bytes, bytes);
      EXPECT_EQ(report.head_hash, in_order.head_hash);
      EXPECT_EQ(report.tree_root, in_order.tree_root);
      EXPECT_EQ(report.root_at_size, *reader_->MerkleRoot(size))
          << threads << " threads, chunks of " << chunk << ", size " << size;
    }
  }
}

TEST_F(ParallelVerifyTest, AChangedByteAtAnyPositionIsFoundThere) {
  const std::vector<std::string> honest = Honest();
  std::mt19937 random(11);
  google::protobuf::LogSilencer quiet;  // unparseable values are expected
  for (uint64_t position = 1; position <= kEvents; ++position) {
    std::string altered = honest[position - 1];
    altered[random() % altered.size()] ^= static_cast<char>(1 + random() % 255);
    raw_->Put(kEventsCf, EncodeU64(position), altered);
    ExpectFoundAt(position, std::to_string(position));
    Restore(honest);
  }
}

TEST_F(ParallelVerifyTest, AFaultAfterAnEarlierOneIsNotTheOneReported) {
  const std::vector<std::string> honest = Honest();
  for (uint64_t first = 1; first < kEvents; first += 3) {
    for (uint64_t position : {first, kEvents}) {
      EventEnvelope event = Stored(position);
      event.set_purpose("rewritten");
      raw_->Put(kEventsCf, EncodeU64(position), event.SerializeAsString());
    }
    ExpectFoundAt(first, "the stored hash does not match its content");
    Restore(honest);
  }
}

TEST_F(ParallelVerifyTest, AnEventRehashedInPlaceBreaksTheLinkAfterIt) {
  const std::vector<std::string> honest = Honest();
  for (uint64_t position = 1; position < kEvents; ++position) {
    EventEnvelope event = Stored(position);
    event.set_purpose("rewritten");
    event.set_hash(ComputeEventHash(event));
    raw_->Put(kEventsCf, EncodeU64(position), event.SerializeAsString());
    ExpectFoundAt(position + 1, "prev_hash is not the previous event's hash");
    Restore(honest);
  }
}

TEST_F(ParallelVerifyTest, TimeGoingBackwardsIsFoundAtAnyPosition) {
  const std::vector<std::string> honest = Honest();
  for (uint64_t position = 2; position <= kEvents; ++position) {
    Forge(position, [](EventEnvelope& event) {
      event.mutable_recorded_time()->set_seconds(1);
    });
    ExpectFoundAt(position, "recorded time goes backwards");
    Restore(honest);
  }
}

TEST_F(ParallelVerifyTest, AMissingEventIsFoundWhereItWasExpected) {
  const std::vector<std::string> honest = Honest();
  for (uint64_t position = 1; position < kEvents; ++position) {
    raw_->Delete(kEventsCf, EncodeU64(position));
    ExpectFoundAt(position, "gap");
    Restore(honest);
  }
}

TEST_F(ParallelVerifyTest, AnEventNamingAnotherPositionIsDataLossThere) {
  const std::vector<std::string> honest = Honest();
  for (uint64_t position = 1; position <= kEvents; ++position) {
    raw_->Put(kEventsCf, EncodeU64(position),
              honest[position % kEvents]);  // another position's event
    ExpectFoundAt(position,
                  "corrupt event at position " + std::to_string(position));
    Restore(honest);
  }
}

}  // namespace
}  // namespace keeper::eventstore
