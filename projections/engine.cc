#include "projections/engine.h"

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "absl/container/btree_map.h"
#include "absl/strings/str_cat.h"
#include "common/rocks_status.h"
#include "common/status_macros.h"
#include "eventstore/keys.h"
#include "eventstore/stored_event.h"
#include "rocksdb/db.h"
#include "rocksdb/sst_file_writer.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace keeper::projections {
namespace {

using eventstore::DecodeU64;
using eventstore::EncodeU64;

constexpr char kCheckpointsCf[] = "checkpoints";

absl::Status ScanIterator(
    rocksdb::Iterator* it, const std::string& begin, const std::string& end,
    const std::function<bool(const std::string&, const std::string&)>&
        visitor) {
  for (it->Seek(begin); it->Valid(); it->Next()) {
    const std::string key = it->key().ToString();
    if (!end.empty() && key >= end) break;
    if (!visitor(key, it->value().ToString())) break;
  }
  return FromRocks(it->status(), "scanning projection state");
}

// The state changes of the run of events being applied, per projection:
// written to RocksDB as one batch, and read back by later events of the same
// run. A sorted map costs far less per write than RocksDB's indexed batch.
using Overlay = absl::btree_map<std::string, std::optional<std::string>>;

// About what an overlay entry costs in memory besides its key and value.
constexpr size_t kEntryOverhead = 96;

// Events handed to the projections at a time in a bulk run.
constexpr size_t kChunkEvents = 512;

// Reads see the overlay, then the database. Writes go to the overlay and,
// unless `batch` is null (a bulk run, written out from the overlay), to
// `batch`; `bytes` grows by what each write costs in memory.
class BatchStateWriter final : public StateWriter {
 public:
  BatchStateWriter(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                   rocksdb::WriteBatch* batch, Overlay* overlay, size_t* bytes)
      : db_(db),
        family_(family),
        batch_(batch),
        overlay_(overlay),
        bytes_(bytes) {}

  absl::StatusOr<std::optional<std::string>> Get(
      const std::string& key) override {
    if (auto it = overlay_->find(key); it != overlay_->end()) {
      return it->second;
    }
    std::string value;
    const rocksdb::Status status =
        db_->Get(rocksdb::ReadOptions(), family_, key, &value);
    if (status.IsNotFound()) return std::nullopt;
    RETURN_IF_ERROR(FromRocks(status, "reading projection state"));
    return value;
  }
  void Put(const std::string& key, const std::string& value) override {
    if (batch_ != nullptr)
      batch_->Put(family_, key, value).PermitUncheckedError();
    *bytes_ += key.size() + value.size() + kEntryOverhead;
    (*overlay_)[key] = value;
  }
  void Delete(const std::string& key) override {
    if (batch_ != nullptr) batch_->Delete(family_, key).PermitUncheckedError();
    *bytes_ += key.size() + kEntryOverhead;
    (*overlay_)[key] = std::nullopt;
  }
  absl::Status ScanPrefix(
      const std::string& prefix,
      const std::function<bool(const std::string&, const std::string&)>&
          visitor) override {
    // Merge the stored keys with this run's changes, which win.
    const std::string end = PrefixEnd(prefix);
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), family_));
    it->Seek(prefix);
    auto next = overlay_->lower_bound(prefix);
    auto in_range = [&](const std::string& key) {
      return end.empty() || key < end;
    };
    for (;;) {
      const bool stored = it->Valid() && in_range(it->key().ToString());
      const bool changed = next != overlay_->end() && in_range(next->first);
      if (!stored && !changed) break;
      if (changed && (!stored || next->first <= it->key().ToString())) {
        if (stored && next->first == it->key().ToString()) it->Next();
        if (next->second.has_value() && !visitor(next->first, *next->second)) {
          break;
        }
        ++next;
      } else {
        if (!visitor(it->key().ToString(), it->value().ToString())) break;
        it->Next();
      }
    }
    return FromRocks(it->status(), "scanning projection state");
  }

 private:
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* family_;
  rocksdb::WriteBatch* batch_;
  Overlay* overlay_;
  size_t* bytes_;
};

// Writes `entries` (sorted, unique) to a new table file at `path`.
absl::Status WriteTableFile(rocksdb::DB* db,
                            rocksdb::ColumnFamilyHandle* family,
                            const std::string& path, const Overlay& entries) {
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), db->GetOptions(family),
                                family);
  RETURN_IF_ERROR(FromRocks(writer.Open(path), "creating a table file"));
  for (const auto& [key, value] : entries) {
    RETURN_IF_ERROR(FromRocks(
        value.has_value() ? writer.Put(key, *value) : writer.Delete(key),
        "writing a table file"));
  }
  return FromRocks(writer.Finish(), "finishing a table file");
}

}  // namespace

std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) {
    prefix.pop_back();
  }
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

ProjectionEngine::ProjectionEngine(const Options& options,
                                   const eventstore::EventStore& store)
    : options_(options), store_(store) {}

absl::StatusOr<std::unique_ptr<ProjectionEngine>> ProjectionEngine::Open(
    const Options& options, const eventstore::EventStore& store,
    std::vector<std::unique_ptr<Projection>> projections) {
  if (options.dir.empty()) {
    return absl::InvalidArgumentError("the projections dir must be set");
  }
  std::unique_ptr<ProjectionEngine> engine(
      new ProjectionEngine(options, store));
  RETURN_IF_ERROR(engine->OpenDb(std::move(projections)));
  return engine;
}

absl::Status ProjectionEngine::OpenDb(
    std::vector<std::unique_ptr<Projection>> projections) {
  std::error_code error;
  std::filesystem::create_directories(options_.dir, error);
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.write_buffer_manager = options_.budget.write_buffers;
  rocksdb::ColumnFamilyOptions cf_options;
  if (const size_t size = options_.budget.memtable_size(); size > 0) {
    cf_options.write_buffer_size = size;
  }
  if (options_.budget.block_cache != nullptr) {
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = options_.budget.block_cache;
    // As in the event store: index and filter blocks within the budget.
    table.cache_index_and_filter_blocks = true;
    table.pin_l0_filter_and_index_blocks_in_cache = true;
    cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors{
      {rocksdb::kDefaultColumnFamilyName, cf_options},
      {kCheckpointsCf, cf_options}};
  for (const auto& projection : projections) {
    if (projection->name() == kCheckpointsCf ||
        projection->name() == rocksdb::kDefaultColumnFamilyName) {
      return absl::InvalidArgumentError(
          absl::StrCat("reserved projection name ", projection->name()));
    }
    descriptors.emplace_back(projection->name(), cf_options);
  }
  // Column families of projections that no longer exist stay untouched.
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, options_.dir, &existing)
          .ok()) {
    for (const std::string& name : existing) {
      bool known = false;
      for (const auto& d : descriptors) known = known || d.name == name;
      if (!known) descriptors.emplace_back(name, cf_options);
    }
  }
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(FromRocks(
      rocksdb::DB::Open(db_options, options_.dir, descriptors, &handles_, &raw),
      absl::StrCat("opening ", options_.dir)));
  db_.reset(raw);
  checkpoints_ = handles_[1];
  uint64_t applied = UINT64_MAX;
  for (size_t i = 0; i < projections.size(); ++i) {
    Slot slot{std::move(projections[i]), handles_[i + 2], 0};
    std::string value;
    const rocksdb::Status status = db_->Get(
        rocksdb::ReadOptions(), checkpoints_, slot.projection->name(), &value);
    if (!status.IsNotFound()) {
      RETURN_IF_ERROR(FromRocks(status, "reading a checkpoint"));
      slot.checkpoint = DecodeU64(value).value_or(0);
    }
    applied = std::min(applied, slot.checkpoint);
    slots_.push_back(std::move(slot));
  }
  absl::MutexLock lock(&mu_);
  applied_ = slots_.empty() ? 0 : applied;
  return absl::OkStatus();
}

ProjectionEngine::~ProjectionEngine() {
  stop_ = true;
  if (follower_.joinable()) follower_.join();
  if (db_ != nullptr) {
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
    db_->Close().PermitUncheckedError();
  }
}

absl::Status ProjectionEngine::ApplyRange(
    uint64_t from, uint64_t to, bool bulk,
    const std::function<void(uint64_t position)>& progress) {
  rocksdb::WriteBatch batch;
  std::vector<Overlay> overlays(slots_.size());
  std::vector<uint64_t> checkpoints;
  {
    absl::MutexLock lock(&mu_);
    for (const Slot& slot : slots_) checkpoints.push_back(slot.checkpoint);
  }
  size_t in_batch = 0;
  std::vector<size_t> bytes(slots_.size());  // each overlay's, in memory
  uint64_t last = 0;

  // State and checkpoints in one batch. No sync: the WAL keeps them
  // together, and after a machine crash the projection replays from
  // whatever checkpoint survived.
  auto write_batch = [&]() -> absl::Status {
    for (size_t i = 0; i < slots_.size(); ++i) {
      batch
          .Put(checkpoints_, slots_[i].projection->name(),
               EncodeU64(checkpoints[i]))
          .PermitUncheckedError();
    }
    RETURN_IF_ERROR(FromRocks(db_->Write(rocksdb::WriteOptions(), &batch),
                              "writing projection state"));
    batch.Clear();
    return absl::OkStatus();
  };
  // One sorted file per changed column family, checkpoints included,
  // ingested in one atomic step: all of them or none survive a crash.
  auto ingest = [&]() -> absl::Status {
    const std::string dir = options_.dir + "/ingest";
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    Overlay marks;
    for (size_t i = 0; i < slots_.size(); ++i) {
      marks[slots_[i].projection->name()] = EncodeU64(checkpoints[i]);
    }
    std::vector<rocksdb::IngestExternalFileArg> args;
    auto add = [&](rocksdb::ColumnFamilyHandle* family, const std::string& name,
                   const Overlay& entries) -> absl::Status {
      if (entries.empty()) return absl::OkStatus();
      const std::string path = absl::StrCat(dir, "/", name, ".sst");
      RETURN_IF_ERROR(WriteTableFile(db_.get(), family, path, entries));
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = family;
      arg.external_files = {path};
      arg.options.move_files = true;
      args.push_back(std::move(arg));
      return absl::OkStatus();
    };
    for (size_t i = 0; i < slots_.size(); ++i) {
      RETURN_IF_ERROR(
          add(slots_[i].family, slots_[i].projection->name(), overlays[i]));
    }
    RETURN_IF_ERROR(add(checkpoints_, kCheckpointsCf, marks));
    return FromRocks(db_->IngestExternalFiles(args),
                     "ingesting projection state");
  };

  auto flush = [&]() -> absl::Status {
    if (in_batch == 0) return absl::OkStatus();
    RETURN_IF_ERROR(bulk ? ingest() : write_batch());
    for (Overlay& overlay : overlays) overlay.clear();
    in_batch = 0;
    std::fill(bytes.begin(), bytes.end(), 0);
    {
      absl::MutexLock lock(&mu_);
      uint64_t applied = UINT64_MAX;
      for (size_t i = 0; i < slots_.size(); ++i) {
        slots_[i].checkpoint = checkpoints[i];
        applied = std::min(applied, checkpoints[i]);
      }
      applied_ = slots_.empty() ? last : applied;
    }
    if (progress) progress(last);
    return absl::OkStatus();
  };

  auto apply = [&](size_t i, const eventstore::EventEnvelope& event) {
    if (checkpoints[i] >= event.position()) return absl::OkStatus();
    BatchStateWriter writer(db_.get(), slots_[i].family,
                            bulk ? nullptr : &batch, &overlays[i], &bytes[i]);
    absl::Status applied = slots_[i].projection->Apply(event, writer);
    if (!applied.ok()) {
      return absl::Status(
          applied.code(),
          absl::StrCat("projection ", slots_[i].projection->name(),
                       " at position ", event.position(), ": ",
                       applied.message()));
    }
    checkpoints[i] = event.position();
    return absl::OkStatus();
  };
  auto total_bytes = [&] {
    size_t total = 0;
    for (size_t b : bytes) total += b;
    return total;
  };

  if (!bulk) {
    RETURN_IF_ERROR(store_.Scan(
        from, to, [&](const eventstore::EventEnvelope& event) -> absl::Status {
          for (size_t i = 0; i < slots_.size(); ++i) {
            RETURN_IF_ERROR(apply(i, event));
          }
          last = event.position();
          if (++in_batch >= options_.events_per_write) return flush();
          return absl::OkStatus();
        }));
    return flush();
  }

  // In bulk, the projections share out a chunk of events between this
  // thread and one more: each projection folds the chunk in log order, on
  // its own state, so they need nothing of each other.
  std::vector<eventstore::EventEnvelope> chunk(
      std::max<size_t>(1, std::min(kChunkEvents, options_.events_per_write)));
  size_t filled = 0;
  auto apply_chunk = [&]() -> absl::Status {
    std::vector<absl::Status> failures(slots_.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i; (i = next.fetch_add(1)) < slots_.size();) {
        for (size_t e = 0; e < filled && failures[i].ok(); ++e) {
          failures[i] = apply(i, chunk[e]);
        }
      }
    };
    std::thread helper(work);
    work();
    helper.join();
    // The failure at the earliest event, where a serial run would stop.
    size_t first = slots_.size();
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (!failures[i].ok() &&
          (first == slots_.size() || checkpoints[i] < checkpoints[first])) {
        first = i;
      }
    }
    if (first < slots_.size()) return failures[first];
    last = chunk[filled - 1].position();
    in_batch += filled;
    filled = 0;
    return total_bytes() >= options_.bulk_bytes ? flush() : absl::OkStatus();
  };
  // Each event is parsed straight into its place in the chunk, not copied
  // there.
  RETURN_IF_ERROR(store_.ScanStored(
      from, to, [&](uint64_t position, std::string_view stored) {
        RETURN_IF_ERROR(
            eventstore::ParseStoredEventInto(position, stored, &chunk[filled]));
        ++filled;
        return filled == chunk.size() ? apply_chunk() : absl::OkStatus();
      }));
  if (filled > 0) RETURN_IF_ERROR(apply_chunk());
  return flush();
}

bool ProjectionEngine::IsBacklog(uint64_t from, uint64_t to) const {
  return options_.bulk_bytes > 0 && to >= from &&
         to - from + 1 > options_.events_per_write;
}

absl::Status ProjectionEngine::CatchUp(
    const std::function<void(uint64_t position)>& progress) {
  absl::MutexLock apply(&apply_mu_);
  const uint64_t from = applied() + 1;
  const uint64_t to = store_.GetHead().position;
  return ApplyRange(from, to, IsBacklog(from, to), progress);
}

absl::Status ProjectionEngine::Start() {
  {
    absl::MutexLock lock(&mu_);
    if (following_) return absl::FailedPreconditionError("already following");
    following_ = true;
  }
  follower_ = std::thread([this] { Follow(); });
  return absl::OkStatus();
}

void ProjectionEngine::Follow() {
  uint64_t position = applied();
  while (!stop_) {
    // A bounded wait so that the destructor is noticed; commits wake it at
    // once, so this is not a poll.
    const uint64_t head = store_.WaitForHead(position, absl::Milliseconds(200));
    if (head <= position) continue;
    absl::Status status;
    {
      absl::MutexLock apply(&apply_mu_);
      const uint64_t from = applied() + 1;
      status = ApplyRange(from, head, IsBacklog(from, head),
                          options_.on_applied);
    }
    if (!status.ok()) {
      absl::MutexLock lock(&mu_);
      follower_status_ = status;
      return;
    }
    position = applied();
  }
}

absl::Status ProjectionEngine::WaitFor(uint64_t position,
                                       absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto reached = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return applied_ >= position || !follower_status_.ok();
  };
  if (!mu_.AwaitWithTimeout(absl::Condition(&reached), timeout)) {
    return absl::DeadlineExceededError(absl::StrCat(
        "projections reached position ", applied_, ", not ", position));
  }
  return follower_status_;
}

absl::Status ProjectionEngine::Reset(const std::string& name) {
  {
    absl::MutexLock lock(&mu_);
    if (following_) {
      return absl::FailedPreconditionError(
          "cannot reset a projection while following the log");
    }
  }
  absl::MutexLock apply(&apply_mu_);
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    if (slot.projection->name() != name) continue;
    // Dropping and recreating the column family discards the state in O(1).
    RETURN_IF_ERROR(FromRocks(db_->DropColumnFamily(slot.family),
                              "dropping projection state"));
    rocksdb::ColumnFamilyHandle* fresh = nullptr;
    RETURN_IF_ERROR(FromRocks(
        db_->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), name, &fresh),
        "recreating projection state"));
    for (auto*& handle : handles_) {
      if (handle == slot.family) {
        db_->DestroyColumnFamilyHandle(handle);
        handle = fresh;
      }
    }
    slot.family = fresh;
    RETURN_IF_ERROR(
        FromRocks(db_->Delete(rocksdb::WriteOptions(), checkpoints_, name),
                  "clearing a checkpoint"));
    absl::MutexLock lock(&mu_);
    slot.checkpoint = 0;
    applied_ = 0;
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("no projection named ", name));
}

uint64_t ProjectionEngine::applied() const {
  absl::MutexLock lock(&mu_);
  return applied_;
}

absl::StatusOr<uint64_t> ProjectionEngine::checkpoint(
    const std::string& name) const {
  ASSIGN_OR_RETURN(const Slot* slot, Find(name));
  absl::MutexLock lock(&mu_);
  return slot->checkpoint;
}

std::vector<std::string> ProjectionEngine::names() const {
  std::vector<std::string> out;
  for (const Slot& slot : slots_) out.push_back(slot.projection->name());
  return out;
}

absl::StatusOr<const ProjectionEngine::Slot*> ProjectionEngine::Find(
    const std::string& name) const {
  for (const Slot& slot : slots_) {
    if (slot.projection->name() == name) return &slot;
  }
  return absl::NotFoundError(absl::StrCat("no projection named ", name));
}

absl::StatusOr<std::optional<std::string>> ProjectionEngine::Get(
    const std::string& name, const std::string& key) const {
  ASSIGN_OR_RETURN(const Slot* slot, Find(name));
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), slot->family, key, &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(status, "reading projection state"));
  return value;
}

absl::Status ProjectionEngine::ScanPrefix(
    const std::string& name, const std::string& prefix,
    const std::function<bool(const std::string&, const std::string&)>& visitor)
    const {
  return ScanRange(name, prefix, PrefixEnd(prefix), visitor);
}

absl::Status ProjectionEngine::ScanRange(
    const std::string& name, const std::string& begin, const std::string& end,
    const std::function<bool(const std::string&, const std::string&)>& visitor)
    const {
  ASSIGN_OR_RETURN(const Slot* slot, Find(name));
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), slot->family));
  return ScanIterator(it.get(), begin, end, visitor);
}

}  // namespace keeper::projections
