#include "projections/engine.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <span>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/rocks_status.h"
#include "common/status_macros.h"
#include "eventstore/keys.h"
#include "eventstore/stored_event.h"
#include "projections/overlay.h"
#include "projections/stored_reads.h"
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

// Events handed to the projections at a time in a bulk run.
constexpr size_t kChunkEvents = 2048;
// A column family's ingested changes are written as two files, one per
// thread, from this many on.
constexpr size_t kSplitChanges = 50000;

// Runs work(0) .. work(n - 1) on this thread and one more, each once.
void OnTwoThreads(size_t n, const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  auto take = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) work(i);
  };
  std::thread helper(take);
  take();
  helper.join();
}

// Reads see the run's overlay, then what the run read before, then the
// database. Writes go to the overlay and, unless `batch` is null (a bulk
// run, written out from the overlay), to `batch`.
class BatchStateWriter final : public StateWriter {
 public:
  BatchStateWriter(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                   rocksdb::WriteBatch* batch, Overlay* overlay,
                   StoredReads* reads)
      : db_(db),
        family_(family),
        batch_(batch),
        overlay_(overlay),
        reads_(reads) {}

  absl::StatusOr<std::optional<std::string>> Get(
      const std::string& key) override {
    if (const Overlay::Change* change = overlay_->Find(key)) {
      if (change->deleted) return std::nullopt;
      return std::string(change->value);
    }
    if (const std::optional<std::string>* read = reads_->Find(key)) {
      return *read;
    }
    std::string value;
    const rocksdb::Status status =
        db_->Get(rocksdb::ReadOptions(), family_, key, &value);
    if (status.IsNotFound()) {
      reads_->Remember(key, std::nullopt);
      return std::nullopt;
    }
    RETURN_IF_ERROR(FromRocks(status, "reading projection state"));
    reads_->Remember(key, value);
    return value;
  }
  void Put(const std::string& key, const std::string& value) override {
    if (batch_ != nullptr)
      batch_->Put(family_, key, value).PermitUncheckedError();
    overlay_->Put(key, value);
  }
  void Delete(const std::string& key) override {
    if (batch_ != nullptr) batch_->Delete(family_, key).PermitUncheckedError();
    overlay_->Delete(key);
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
    const std::vector<Overlay::Change> changes = overlay_->WithPrefix(prefix);
    auto next = changes.begin();
    auto in_range = [&](std::string_view key) {
      return end.empty() || key < end;
    };
    for (;;) {
      const bool stored = it->Valid() && in_range(it->key().ToStringView());
      const bool changed = next != changes.end();
      if (!stored && !changed) break;
      if (changed && (!stored || next->key <= it->key().ToStringView())) {
        if (stored && next->key == it->key().ToStringView()) it->Next();
        if (!next->deleted &&
            !visitor(std::string(next->key), std::string(next->value))) {
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
  StoredReads* reads_;
};

// Writes `changes` (sorted, unique) to a new table file at `path`.
absl::Status WriteTableFile(rocksdb::DB* db,
                            rocksdb::ColumnFamilyHandle* family,
                            const std::string& path,
                            std::span<const Overlay::Change> changes) {
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), db->GetOptions(family),
                                family);
  RETURN_IF_ERROR(FromRocks(writer.Open(path), "creating a table file"));
  for (const Overlay::Change& change : changes) {
    RETURN_IF_ERROR(FromRocks(change.deleted
                                  ? writer.Delete(change.key)
                                  : writer.Put(change.key, change.value),
                              "writing a table file"));
  }
  return FromRocks(writer.Finish(), "finishing a table file");
}

// A column family's options within `budget`.
rocksdb::ColumnFamilyOptions FamilyOptions(const StorageBudget& budget) {
  rocksdb::ColumnFamilyOptions options;
  if (const size_t size = budget.memtable_size(); size > 0) {
    options.write_buffer_size = size;
  }
  rocksdb::BlockBasedTableOptions table;
  if (budget.block_cache != nullptr) {
    table.block_cache = budget.block_cache;
    // As in the event store: index and filter blocks within the budget.
    table.cache_index_and_filter_blocks = true;
    table.pin_l0_filter_and_index_blocks_in_cache = true;
  }
  // No table filters: a run keeps what it read (StoredReads), so few
  // lookups reach the tables, and at 10M events the filters' blocks took
  // a rebuild's memory from 200 to 400 MB for no gain in time. The
  // memtables keep theirs, for the keys just written.
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.02;
  return options;
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
  const rocksdb::ColumnFamilyOptions cf_options =
      FamilyOptions(options_.budget);
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
  std::vector<StoredReads> reads(slots_.size());
  std::vector<uint64_t> checkpoints;
  {
    absl::MutexLock lock(&mu_);
    for (const Slot& slot : slots_) checkpoints.push_back(slot.checkpoint);
  }
  size_t in_batch = 0;
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
  // written on two threads and ingested in one atomic step: all of them or
  // none survive a crash.
  auto ingest = [&]() -> absl::Status {
    const std::string dir = options_.dir + "/ingest";
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    Overlay marks;
    for (size_t i = 0; i < slots_.size(); ++i) {
      marks.Put(slots_[i].projection->name(), EncodeU64(checkpoints[i]));
    }
    struct File {
      rocksdb::ColumnFamilyHandle* family;
      std::string name;
      std::span<const Overlay::Change> changes;
      absl::Status written;
    };
    // Each column family's changes, sorted in place, in pieces of
    // consecutive keys that are written on both threads: the largest
    // dominates.
    std::vector<std::span<const Overlay::Change>> sorted(slots_.size() + 1);
    OnTwoThreads(sorted.size(), [&](size_t i) {
      sorted[i] = i < slots_.size() ? overlays[i].Sort() : marks.Sort();
    });
    std::vector<File> files;
    for (size_t i = 0; i < sorted.size(); ++i) {
      const std::span<const Overlay::Change> changes = sorted[i];
      rocksdb::ColumnFamilyHandle* family =
          i < slots_.size() ? slots_[i].family : checkpoints_;
      const std::string name =
          i < slots_.size() ? slots_[i].projection->name() : kCheckpointsCf;
      const size_t pieces = changes.size() >= kSplitChanges ? 2 : 1;
      for (size_t p = 0; p < pieces && !changes.empty(); ++p) {
        files.push_back({family,
                         absl::StrCat(name, "-", p),
                         changes.subspan(changes.size() * p / pieces,
                                         changes.size() * (p + 1) / pieces -
                                             changes.size() * p / pieces),
                         {}});
      }
    }
    auto path = [&](const File& file) {
      return absl::StrCat(dir, "/", file.name, ".sst");
    };
    OnTwoThreads(files.size(), [&](size_t f) {
      files[f].written = WriteTableFile(db_.get(), files[f].family,
                                        path(files[f]), files[f].changes);
    });
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (const File& file : files) {
      RETURN_IF_ERROR(file.written);
      if (!args.empty() && args.back().column_family == file.family) {
        args.back().external_files.push_back(path(file));
        continue;
      }
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = file.family;
      arg.external_files = {path(file)};
      arg.options.move_files = true;
      args.push_back(std::move(arg));
    }
    return FromRocks(db_->IngestExternalFiles(args),
                     "ingesting projection state");
  };

  auto flush = [&]() -> absl::Status {
    if (in_batch == 0) return absl::OkStatus();
    RETURN_IF_ERROR(bulk ? ingest() : write_batch());
    for (Overlay& overlay : overlays) overlay.Clear();
    for (StoredReads& read : reads) read.Clear();
    in_batch = 0;
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
                            bulk ? nullptr : &batch, &overlays[i], &reads[i]);
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

  // In bulk, each projection folds a chunk of events in log order on its
  // own state, so projections need nothing of each other: a helper thread
  // applies one chunk while this thread parses the next, then this thread
  // joins in. Both take one projection at a time, the costliest in the
  // last chunk first, so that neither is left with the long tail while
  // the other waits.
  const size_t chunk_size =
      std::max<size_t>(1, std::min(kChunkEvents, options_.events_per_write));
  struct Chunk {
    std::vector<eventstore::EventEnvelope> events;
    size_t filled = 0;
  };
  Chunk chunks[2];
  for (Chunk& chunk : chunks) chunk.events.resize(chunk_size);
  Chunk* parsing = &chunks[0];
  Chunk* applying = nullptr;  // by `helper`, when joinable
  std::vector<absl::Status> failures(slots_.size());
  std::vector<absl::Duration> costs(slots_.size());
  std::vector<size_t> order(slots_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::atomic<size_t> next{0};
  auto take = [&] {
    for (size_t n; (n = next.fetch_add(1)) < order.size();) {
      const size_t i = order[n];
      const absl::Time began = absl::Now();
      for (size_t e = 0; e < applying->filled && failures[i].ok(); ++e) {
        failures[i] = apply(i, applying->events[e]);
      }
      costs[i] = absl::Now() - began;
    }
  };
  struct Joiner {
    std::thread thread;
    ~Joiner() {
      if (thread.joinable()) thread.join();
    }
  } helper;
  // Waits for the chunk being applied; its first failure, else flushes when
  // the overlays have grown large.
  auto finish = [&]() -> absl::Status {
    if (applying == nullptr) return absl::OkStatus();
    take();
    helper.thread.join();
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return costs[a] > costs[b]; });
    Chunk* done = std::exchange(applying, nullptr);
    // The failure at the earliest event, where a serial run would stop.
    size_t first = slots_.size();
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (!failures[i].ok() &&
          (first == slots_.size() || checkpoints[i] < checkpoints[first])) {
        first = i;
      }
    }
    if (first < slots_.size()) return failures[first];
    last = done->events[done->filled - 1].position();
    in_batch += done->filled;
    done->filled = 0;
    size_t bytes = 0;
    for (const Overlay& overlay : overlays) bytes += overlay.bytes();
    for (const StoredReads& read : reads) bytes += read.bytes();
    return bytes >= options_.budget.bulk_write_bytes ? flush()
                                                     : absl::OkStatus();
  };
  auto start = [&]() -> absl::Status {
    RETURN_IF_ERROR(finish());
    applying = parsing;
    parsing = parsing == &chunks[0] ? &chunks[1] : &chunks[0];
    next = 0;
    helper.thread = std::thread(take);
    return absl::OkStatus();
  };
  // Each event is parsed straight into its place in the chunk, not copied
  // there.
  const absl::Status scanned = store_.ScanStored(
      from, to, [&](uint64_t position, std::string_view stored) {
        RETURN_IF_ERROR(eventstore::ParseStoredEventInto(
            position, stored, &parsing->events[parsing->filled]));
        ++parsing->filled;
        return parsing->filled == chunk_size ? start() : absl::OkStatus();
      });
  // A chunk still applying holds earlier events than a failed scan's.
  RETURN_IF_ERROR(finish());
  RETURN_IF_ERROR(scanned);
  if (parsing->filled > 0) {
    RETURN_IF_ERROR(start());
    RETURN_IF_ERROR(finish());
  }
  return flush();
}

bool ProjectionEngine::IsBacklog(uint64_t from, uint64_t to) const {
  return options_.budget.bulk_write_bytes > 0 && to >= from &&
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
      status =
          ApplyRange(from, head, IsBacklog(from, head), options_.on_applied);
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
    // With the options it was opened with: RocksDB's defaults would give
    // the rebuilt state a cache and memtables of its own, outside the
    // budget, and no filter.
    rocksdb::ColumnFamilyHandle* fresh = nullptr;
    RETURN_IF_ERROR(FromRocks(
        db_->CreateColumnFamily(FamilyOptions(options_.budget), name, &fresh),
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
