// Opening and closing the store, and the public API's forwarding.
#include "eventstore/event_store.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"
#include "eventstore/internal/commit_pipeline.h"
#include "eventstore/internal/event_store_impl.h"
#include "eventstore/keys.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"

namespace keeper::eventstore {

namespace {

absl::Status NotAnEnvelope(uint64_t position) {
  return absl::DataLossError(
      absl::StrCat("corrupt event at position ", position,
                   ": the stored value is not a valid envelope"));
}

absl::Status NamesAnotherPosition(uint64_t position, uint64_t named) {
  return absl::DataLossError(
      absl::StrCat("corrupt event at position ", position,
                   ": the envelope says position ", named));
}

}  // namespace

absl::Status ParseStoredEventInto(uint64_t position, std::string_view value,
                                  EventEnvelope* event) {
  if (!event->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return NotAnEnvelope(position);
  }
  if (event->position() != position) {
    return NamesAnotherPosition(position, event->position());
  }
  return absl::OkStatus();
}

absl::Status ReadStoredEventView(uint64_t position, std::string_view value,
                                 EnvelopeView* view) {
  if (!ReadEnvelopeView(value, view)) return NotAnEnvelope(position);
  if (view->position != position) {
    return NamesAnotherPosition(position, view->position);
  }
  return absl::OkStatus();
}

absl::StatusOr<EventEnvelope> ParseStoredEvent(uint64_t position,
                                               std::string_view value) {
  EventEnvelope event;
  RETURN_IF_ERROR(ParseStoredEventInto(position, value, &event));
  return event;
}

namespace {

bool IsEmptyDatabase(const std::string& dir) {
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, &raw).ok()) {
    return false;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions()));
  it->SeekToFirst();
  return !it->Valid() && it->status().ok();
}

}  // namespace

EventStore::Impl::Impl(const Options& options)
    : options_(options), merkle_cache_(options.merkle_cache_bytes) {}

EventStore::Impl::~Impl() {
  const bool primary = pipeline_ != nullptr;
  pipeline_.reset();  // commits what is queued
  {
    absl::MutexLock lock(&head_mu_);
    closing_ = true;
  }
  if (db_ != nullptr) {
    if (primary) {
      // A clean close leaves nothing for the next open (or for readers,
      // which cannot write) to replay from the write-ahead log. Best effort:
      // the log still holds everything if this fails.
      rocksdb::FlushOptions wait;
      db_->Flush(wait, handles_).PermitUncheckedError();
    }
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
    db_->Close().PermitUncheckedError();
    db_.reset();
  }
  if (!secondary_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(secondary_dir_, ignored);
  }
}

absl::Status EventStore::Impl::OpenDb() {
  rocksdb::Options db_options;
  db_options.create_if_missing =
      options_.create_if_missing && options_.mode == Mode::kPrimary;
  db_options.create_missing_column_families = db_options.create_if_missing;
  db_options.IncreaseParallelism(2);
  // Point-in-time recovery drops a torn WAL tail: only unacknowledged
  // appends can be in it, because an append is acknowledged after its sync.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  db_options.keep_log_file_num = 4;
  if (options_.env != nullptr) db_options.env = options_.env;
  db_options.write_buffer_manager = options_.budget.write_buffers;

  rocksdb::BlockBasedTableOptions table;
  block_cache_ = options_.budget.block_cache != nullptr
                     ? options_.budget.block_cache
                     : rocksdb::NewLRUCache(options_.block_cache_bytes);
  table.block_cache = block_cache_;
  // Index and filter blocks grow with the data; in the cache they stay
  // within its budget instead of adding to it with every new table.
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  // In partitions of a few KiB: a whole table's filter or index, megabytes
  // at millions of events, is larger than a shard of the cache holds, so
  // it would be read from the file and checksummed again on every lookup.
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_top_level_index_and_filter = true;
  // Most event-id lookups are for ids not yet used: a bloom filter answers
  // them without reading a block.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_options.memtable_whole_key_filtering = true;
  cf_options.memtable_prefix_bloom_size_ratio = 0.02;
  cf_options.compression = rocksdb::kLZ4Compression;
  cf_options.level_compaction_dynamic_level_bytes = true;
  if (const size_t size = options_.budget.memtable_size(); size > 0) {
    cf_options.write_buffer_size = size;
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name :
       {rocksdb::kDefaultColumnFamilyName.c_str(), kEventsCf, kStreamsCf,
        kEventIdsCf, kMetaCf, kMerkleCf, kCheckpointsCf}) {
    descriptors.emplace_back(name, cf_options);
  }

  // Never add our column families to somebody else's database. An empty
  // database with only the default column family is a store whose creation
  // was interrupted (RocksDB creates the other families one by one).
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, options_.data_dir, &existing)
          .ok() &&
      std::find(existing.begin(), existing.end(), kEventsCf) ==
          existing.end() &&
      !(existing.size() == 1 && IsEmptyDatabase(options_.data_dir))) {
    return absl::FailedPreconditionError(absl::StrCat(
        options_.data_dir, " holds a database that is not a Keeper store"));
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status status;
  if (options_.mode == Mode::kPrimary) {
    status = rocksdb::DB::Open(db_options, options_.data_dir, descriptors,
                               &handles_, &raw);
  } else {
    // A secondary keeps its own info log; it must not write beside the
    // primary's files.
    std::string pattern =
        (std::filesystem::temp_directory_path() / "keeper-secondary-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::InternalError("cannot create a secondary directory");
    }
    secondary_dir_ = pattern;
    db_options.max_open_files = -1;  // required by secondary mode
    status = rocksdb::DB::OpenAsSecondary(db_options, options_.data_dir,
                                          secondary_dir_, descriptors,
                                          &handles_, &raw);
  }
  RETURN_IF_ERROR(
      FromRocks(status, absl::StrCat("opening ", options_.data_dir)));
  db_.reset(raw);
  events_ = handles_[1];
  streams_ = handles_[2];
  event_ids_ = handles_[3];
  meta_ = handles_[4];
  merkle_ = handles_[5];
  checkpoints_ = handles_[6];
  return absl::OkStatus();
}

absl::Status EventStore::Impl::Open() {
  RETURN_IF_ERROR(OpenDb());
  std::string format;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), meta_, kFormatKey, &format);
  if (status.IsNotFound() && options_.mode == Mode::kPrimary &&
      IsEmpty(events_)) {
    // A new store, or one whose creation stopped before this marker.
    rocksdb::WriteOptions sync;
    sync.sync = true;
    RETURN_IF_ERROR(FromRocks(db_->Put(sync, meta_, kFormatKey, kFormatValue),
                              "writing the format marker"));
  } else if (status.IsNotFound()) {
    return absl::FailedPreconditionError(
        absl::StrCat(options_.data_dir, " holds no Keeper format marker"));
  } else {
    RETURN_IF_ERROR(FromRocks(status, "reading the format marker"));
    if (format != kFormatValue) {
      return absl::FailedPreconditionError(
          absl::StrCat(options_.data_dir, " holds format '", format,
                       "', expected '", kFormatValue, "'"));
    }
  }
  RETURN_IF_ERROR(LoadHead());
  if (options_.mode == Mode::kPrimary) {
    RETURN_IF_ERROR(CompleteMerkleTree());
    RETURN_IF_ERROR(WarmMerkleCache());
    ASSIGN_OR_RETURN(MerkleFrontier frontier,
                     MerkleFrontier::Load(GetHead().position, NodeReader()));
    pipeline_ = std::make_unique<CommitPipeline>(
        this, db_.get(), options_, GetHead(), head_time_, std::move(frontier));
  }
  return absl::OkStatus();
}

bool EventStore::Impl::IsEmpty(rocksdb::ColumnFamilyHandle* family) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), family));
  it->SeekToFirst();
  return !it->Valid() && it->status().ok();
}

absl::Status EventStore::Impl::LoadHead() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), events_));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "finding the head"));
  Head head{0, GenesisHash()};
  if (it->Valid()) {
    const auto position = DecodeU64(it->key().ToStringView());
    if (!position.has_value()) {
      return absl::DataLossError("corrupt events key at the head");
    }
    ASSIGN_OR_RETURN(EventEnvelope last,
                     ParseStoredEvent(*position, it->value().ToStringView()));
    head = {last.position(), last.hash()};
    head_time_ = absl::FromUnixSeconds(last.recorded_time().seconds()) +
                 absl::Nanoseconds(last.recorded_time().nanos());
  }
  absl::MutexLock lock(&head_mu_);
  head_ = head;
  return absl::OkStatus();
}

absl::Status EventStore::Impl::Refresh() {
  if (options_.mode != Mode::kSecondary) return absl::OkStatus();
  RETURN_IF_ERROR(FromRocks(db_->TryCatchUpWithPrimary(), "catching up"));
  return LoadHead();
}

void EventStore::Impl::AdvanceHead(const Head& head) {
  absl::MutexLock lock(&head_mu_);
  head_ = head;
}

// --- EventStore: forwards to Impl ---

absl::StatusOr<std::unique_ptr<EventStore>> EventStore::Open(
    const Options& options) {
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("data_dir must not be empty");
  }
  if (options.mode == Mode::kPrimary && options.create_if_missing) {
    std::error_code error;
    std::filesystem::create_directories(options.data_dir, error);
    if (error) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create ", options.data_dir, ": ", error.message()));
    }
  }
  auto impl = std::make_unique<Impl>(options);
  RETURN_IF_ERROR(impl->Open());
  return std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
}

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventStore::~EventStore() = default;

absl::StatusOr<AppendResult> EventStore::Append(
    std::vector<StreamWrite> writes) {
  return impl_->Append(std::move(writes));
}
absl::StatusOr<AppendResult> EventStore::Impl::Append(
    std::vector<StreamWrite> writes) {
  if (pipeline_ == nullptr) {
    return absl::FailedPreconditionError("a secondary store cannot append");
  }
  return pipeline_->Append(std::move(writes));
}
Head EventStore::GetHead() const { return impl_->GetHead(); }
absl::StatusOr<uint64_t> EventStore::StreamVersion(
    const std::string& stream_id) const {
  return impl_->StreamVersion(stream_id);
}
absl::StatusOr<std::vector<EventEnvelope>> EventStore::ReadStream(
    const ReadStreamOptions& options) const {
  return impl_->ReadStream(options);
}
absl::StatusOr<std::vector<EventEnvelope>> EventStore::ReadAll(
    uint64_t from_position, size_t max_count) const {
  std::vector<EventEnvelope> events;
  absl::Status status =
      impl_->Scan(from_position, 0, [&](const EventEnvelope& event) {
        if (events.size() >= max_count) return absl::CancelledError();
        events.push_back(event);
        return absl::OkStatus();
      });
  if (!status.ok() && !absl::IsCancelled(status)) return status;
  return events;
}
absl::Status EventStore::Scan(uint64_t from, uint64_t to,
                              const EventVisitor& visitor) const {
  return impl_->Scan(from, to, visitor);
}

absl::Status EventStore::ScanStored(uint64_t from, uint64_t to,
                                    const StoredEventVisitor& visitor) const {
  return impl_->ScanStored(from, to, visitor);
}
absl::StatusOr<std::vector<EventEnvelope>> EventStore::ReadTimeRange(
    absl::Time begin, absl::Time end, size_t max_count) const {
  return impl_->ReadTimeRange(begin, end, max_count);
}
absl::StatusOr<EventEnvelope> EventStore::ReadEvent(
    const std::string& event_id) const {
  return impl_->ReadEvent(event_id);
}
absl::StatusOr<EventEnvelope> EventStore::ReadPosition(
    uint64_t position) const {
  return impl_->ReadPosition(position);
}
uint64_t EventStore::WaitForHead(uint64_t after, absl::Duration timeout) const {
  return impl_->WaitForHead(after, timeout);
}
absl::StatusOr<std::unique_ptr<Subscription>> EventStore::Subscribe(
    uint64_t from_position, EventVisitor handler) {
  return impl_->Subscribe(from_position, std::move(handler));
}
absl::StatusOr<std::string> EventStore::MerkleRoot(uint64_t tree_size) const {
  return impl_->MerkleRoot(tree_size);
}
absl::StatusOr<std::vector<std::string>> EventStore::InclusionProof(
    uint64_t position, uint64_t tree_size) const {
  return impl_->InclusionProof(position, tree_size);
}
absl::StatusOr<std::vector<std::string>> EventStore::ConsistencyProof(
    uint64_t first_size, uint64_t second_size) const {
  return impl_->ConsistencyProof(first_size, second_size);
}
absl::Status EventStore::PutCheckpoint(const StoredCheckpoint& checkpoint) {
  return impl_->PutCheckpoint(checkpoint);
}
absl::StatusOr<std::optional<StoredCheckpoint>> EventStore::LatestCheckpoint()
    const {
  return impl_->LatestCheckpoint();
}
absl::Status EventStore::ScanCheckpoints(
    const std::function<absl::Status(const StoredCheckpoint&)>& visitor) const {
  return impl_->ScanCheckpoints(visitor);
}
absl::StatusOr<StoredCheckpoint> EventStore::CheckpointAt(
    uint64_t tree_size) const {
  return impl_->CheckpointAt(tree_size);
}
absl::Status EventStore::Import(std::vector<EventEnvelope> events) {
  if (impl_->pipeline() == nullptr) {
    return absl::FailedPreconditionError("a secondary store cannot import");
  }
  return impl_->pipeline()->Import(std::move(events));
}
absl::StatusOr<BackupResult> EventStore::CreateBackup(
    const std::string& backup_dir) {
  return impl_->CreateBackup(backup_dir);
}
MemoryStats EventStore::GetMemoryStats() const {
  return impl_->GetMemoryStats();
}
absl::Status EventStore::Refresh() { return impl_->Refresh(); }
const std::string& EventStore::data_dir() const {
  return impl_->options().data_dir;
}

std::optional<v1::VersionConflict> ConflictFromStatus(
    const absl::Status& status) {
  if (!absl::IsAborted(status)) return std::nullopt;
  const auto payload = status.GetPayload(kVersionConflictTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  v1::VersionConflict conflict;
  if (!conflict.ParseFromString(std::string(*payload))) return std::nullopt;
  return conflict;
}

}  // namespace keeper::eventstore
