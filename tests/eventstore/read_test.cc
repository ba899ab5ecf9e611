// Reading: streams, the whole log, time ranges, secondaries and corruption.
#include <filesystem>
#include <thread>

#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/event_store.h"
#include "eventstore/keys.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/eventstore/test_events.h"

namespace keeper::eventstore {
namespace {

using testing::MakeEvent;
using testing::OneWrite;

absl::Time TimeOf(const EventEnvelope& event) {
  return absl::FromUnixSeconds(event.recorded_time().seconds()) +
         absl::Nanoseconds(event.recorded_time().nanos());
}

std::vector<uint64_t> Versions(const std::vector<EventEnvelope>& events) {
  std::vector<uint64_t> versions;
  for (const auto& event : events) versions.push_back(event.stream_version());
  return versions;
}

class ReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenStore(dir_.path());
    // Interleave two streams: a has versions 1..5, b has 1..3.
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(store_
                      ->Append(OneWrite("a", ExpectedVersion::Any(),
                                        {MakeEvent("A", std::to_string(i))}))
                      .ok());
      if (i < 3) {
        ASSERT_TRUE(
            store_->Append(OneWrite("b", ExpectedVersion::Any(), {MakeEvent()}))
                .ok());
      }
    }
  }

  keeper::TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(ReadTest, StreamForwardsFromAVersion) {
  auto all = store_->ReadStream({.stream_id = "a"});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Versions(*all), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  auto from3 =
      store_->ReadStream({.stream_id = "a", .from_version = 3, .max_count = 2});
  EXPECT_EQ(Versions(*from3), (std::vector<uint64_t>{3, 4}));
  for (const auto& event : *from3) EXPECT_EQ(event.stream_id(), "a");
}

TEST_F(ReadTest, StreamBackwards) {
  auto latest = store_->ReadStream(
      {.stream_id = "a", .direction = Direction::kBackward, .max_count = 2});
  EXPECT_EQ(Versions(*latest), (std::vector<uint64_t>{5, 4}));
  auto from2 = store_->ReadStream(
      {.stream_id = "a", .from_version = 2, .direction = Direction::kBackward});
  EXPECT_EQ(Versions(*from2), (std::vector<uint64_t>{2, 1}));
}

TEST_F(ReadTest, MissingStreamAndPrefixStreamsAreSeparate) {
  EXPECT_TRUE(store_->ReadStream({.stream_id = "c"})->empty());
  EXPECT_TRUE(store_->ReadStream({.stream_id = ""})->empty());
  // "a" is a prefix of "ab": their indexes must not bleed into each other.
  ASSERT_TRUE(
      store_->Append(OneWrite("ab", ExpectedVersion::Any(), {MakeEvent()}))
          .ok());
  EXPECT_EQ(*store_->StreamVersion("a"), 5u);
  EXPECT_EQ(*store_->StreamVersion("ab"), 1u);
  EXPECT_EQ(store_->ReadStream({.stream_id = "a"})->size(), 5u);
  EXPECT_EQ(*store_->StreamVersion("aa"), 0u);
}

TEST_F(ReadTest, WholeLogFromAPosition) {
  auto from = store_->ReadAll(6, 100);
  ASSERT_TRUE(from.ok());
  ASSERT_EQ(from->size(), 3u);
  EXPECT_EQ((*from)[0].position(), 6u);
  EXPECT_EQ(store_->ReadAll(1, 4)->size(), 4u);
  EXPECT_TRUE(store_->ReadAll(9, 10)->empty());
}

TEST_F(ReadTest, ByIdAndPosition) {
  auto third = store_->ReadPosition(3);
  ASSERT_TRUE(third.ok());
  auto by_id = store_->ReadEvent(third->event_id());
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->position(), 3u);
  EXPECT_TRUE(absl::IsNotFound(store_->ReadPosition(99).status()));
  EXPECT_TRUE(absl::IsNotFound(store_->ReadEvent(NewUuid()).status()));
}

TEST_F(ReadTest, TimeRange) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const absl::Time middle = absl::Now();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        store_->Append(OneWrite("c", ExpectedVersion::Any(), {MakeEvent()}))
            .ok());
  }
  auto before = store_->ReadTimeRange(absl::InfinitePast(), middle, 100);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->size(), 8u);
  auto after = store_->ReadTimeRange(middle, absl::InfiniteFuture(), 100);
  ASSERT_EQ(after->size(), 3u);
  EXPECT_EQ((*after)[0].position(), 9u);
  for (const auto& event : *after) EXPECT_GE(TimeOf(event), middle);
  EXPECT_EQ(store_->ReadTimeRange(middle, absl::InfiniteFuture(), 2)->size(),
            2u);
  EXPECT_TRUE(store_->ReadTimeRange(middle, middle, 10)->empty());
}

TEST_F(ReadTest, SecondaryReadsWhilePrimaryHoldsTheStore) {
  EventStore::Options options;
  options.data_dir = dir_.path();
  options.mode = EventStore::Mode::kSecondary;
  auto secondary = EventStore::Open(options);
  ASSERT_TRUE(secondary.ok()) << secondary.status();
  EXPECT_EQ((*secondary)->GetHead().position, 8u);
  EXPECT_EQ((*secondary)->ReadStream({.stream_id = "a"})->size(), 5u);

  ASSERT_TRUE(
      store_->Append(OneWrite("a", ExpectedVersion::Any(), {MakeEvent()}))
          .ok());
  ASSERT_TRUE((*secondary)->Refresh().ok());
  EXPECT_EQ((*secondary)->GetHead().position, 9u);
  EXPECT_EQ((*secondary)->GetHead().hash, store_->GetHead().hash);

  auto append =
      (*secondary)
          ->Append(OneWrite("a", ExpectedVersion::Any(), {MakeEvent()}));
  EXPECT_TRUE(absl::IsFailedPrecondition(append.status()));
}

TEST_F(ReadTest, SecondPrimaryIsRefused) {
  EventStore::Options options;
  options.data_dir = dir_.path();
  auto second = EventStore::Open(options);
  EXPECT_TRUE(absl::IsUnavailable(second.status())) << second.status();
}

TEST_F(ReadTest, CorruptValueIsDataLossNamingThePosition) {
  store_.reset();
  testing::OverwriteEvent(dir_.path(), 4, "\xff\xff\xff not a protobuf");
  store_ = testing::OpenStore(dir_.path());
  auto read = store_->ReadPosition(4);
  EXPECT_TRUE(absl::IsDataLoss(read.status()));
  EXPECT_NE(read.status().message().find("position 4"), std::string::npos);
  auto all = store_->ReadAll(1, 100);
  EXPECT_TRUE(absl::IsDataLoss(all.status()));
  auto report = VerifyChain(*store_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->first_bad_position, 4u);
}

TEST_F(ReadTest, AlteredContentBreaksTheChainAtItsPosition) {
  auto event = store_->ReadPosition(6);
  ASSERT_TRUE(event.ok());
  event->set_purpose("rewritten");
  store_.reset();
  testing::OverwriteEvent(dir_.path(), 6, event->SerializeAsString());
  store_ = testing::OpenStore(dir_.path());
  auto report = VerifyChain(*store_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->first_bad_position, 6u);
  EXPECT_EQ(report->events, 5u);
}

TEST(OpenTest, RefusesADirectoryOfAnotherFormat) {
  keeper::TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "theirs", "data").ok());
    delete db;
  }
  EventStore::Options options;
  options.data_dir = dir.path();
  auto store = EventStore::Open(options);
  EXPECT_FALSE(store.ok());
}

TEST(OpenTest, FinishesAnInterruptedCreation) {
  // RocksDB made the database but died before our column families.
  keeper::TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), &db).ok());
    delete db;
  }
  auto store = testing::OpenStore(dir.path());
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(
      store->Append(OneWrite("s", ExpectedVersion::Any(), {MakeEvent()})).ok());
}

// Readers open the store without writing, so whatever a close left in the
// write-ahead log they replay on every open.
TEST(OpenTest, ACleanCloseLeavesNothingToReplay) {
  keeper::TempDir dir;
  {
    auto store = testing::OpenStore(dir.path());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store
                    ->Append(OneWrite("s", ExpectedVersion::Any(),
                                      {MakeEvent(), MakeEvent()}))
                    .ok());
  }
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir.path(), &names)
          .ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir.path(),
                                           families, &handles, &db)
                  .ok());
  uint64_t replayed = 0;
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    uint64_t entries = 0;
    ASSERT_TRUE(db->GetIntProperty(
        handle, "rocksdb.num-entries-active-mem-table", &entries));
    replayed += entries;
    if (handle->GetName() == "events") {
      std::string value;
      EXPECT_TRUE(
          db->Get(rocksdb::ReadOptions(), handle, EncodeU64(2), &value).ok());
    }
  }
  EXPECT_EQ(replayed, 0u);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle);
  }
  delete db;
}

TEST(OpenTest, SecondaryOfNothingFails) {
  keeper::TempDir dir;
  EventStore::Options options;
  options.data_dir = dir.Sub("missing");
  options.mode = EventStore::Mode::kSecondary;
  EXPECT_FALSE(EventStore::Open(options).ok());
}

}  // namespace
}  // namespace keeper::eventstore
