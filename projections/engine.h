// Feeds projections from the event store and keeps their state.
//
// The projections live in their own RocksDB database (by default
// `<data_dir>/projections`), one column family per projection plus
// `checkpoints` (projection name -> u64be position of the last event
// applied). Each write carries a run of events' state changes and the new
// checkpoints together, so a crash loses or repeats nothing: on open, each
// projection resumes after its checkpoint. Following the log, a write is one
// WriteBatch; catching up on a backlog (CatchUp, a rebuild, the follower's
// first run), a write is a set of sorted files (one or two per column family)
// ingested into the database atomically: it skips the memtable and its log.
//
// Catching up in bulk, the engine uses a helper thread besides the caller
// (of CatchUp, or the follower thread after Start): the helper applies one
// chunk of events while the caller parses the next, and the sorted files
// are written on both. Each projection's Apply still runs on one thread at
// a time, in log order.
//
// Thread safety: all methods are thread-safe. One run of applying goes at a
// time (CatchUp callers and the follower take turns).
#ifndef KEEPER_PROJECTIONS_ENGINE_H_
#define KEEPER_PROJECTIONS_ENGINE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/storage_budget.h"
#include "eventstore/event_store.h"
#include "projections/projection.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace keeper::projections {

// The smallest key greater than every key that starts with `prefix`; empty
// (no bound) when there is none.
std::string PrefixEnd(std::string prefix);

class ProjectionEngine {
 public:
  struct Options {
    std::string dir;  // the projections database
    // At most this many events per write (per chunk handed to the
    // projections, in bulk); larger runs amortise the write.
    size_t events_per_write = 2048;
    // Memory shared with the event store: its block cache and memtables.
    // Catching up on more than events_per_write events, the state changes
    // of up to about budget.bulk_write_bytes are written at a time as
    // ingested files.
    StorageBudget budget{};
    // Called on the follower thread after each write, with the position
    // every projection has then applied; must be quick.
    std::function<void(uint64_t position)> on_applied{};
  };

  // Opens (or creates) the database with a column family per projection.
  // Applies nothing yet. `store` must outlive the engine.
  static absl::StatusOr<std::unique_ptr<ProjectionEngine>> Open(
      const Options& options, const eventstore::EventStore& store,
      std::vector<std::unique_ptr<Projection>> projections);

  // Stops following and closes the database.
  ~ProjectionEngine();
  ProjectionEngine(const ProjectionEngine&) = delete;
  ProjectionEngine& operator=(const ProjectionEngine&) = delete;

  // Applies every event up to the store's head now, then returns. `progress`
  // (if set) is called with the position reached after each write.
  absl::Status CatchUp(
      const std::function<void(uint64_t position)>& progress = nullptr);

  // Follows the log on a background thread until destruction: catches up,
  // then applies events as they commit. A primary store only.
  absl::Status Start();

  // Blocks until every projection has applied `position`. DEADLINE_EXCEEDED
  // after `timeout`; the follower's error if it stopped on one.
  absl::Status WaitFor(uint64_t position, absl::Duration timeout) const;

  // Drops a projection's state and checkpoint, so that the next CatchUp
  // rebuilds it from position 1. Not while following (FAILED_PRECONDITION).
  absl::Status Reset(const std::string& name);

  // The position of the last event every projection has applied.
  uint64_t applied() const;
  absl::StatusOr<uint64_t> checkpoint(const std::string& name) const;
  std::vector<std::string> names() const;

  // Reads a projection's state. NOT_FOUND for an unknown projection;
  // nullopt for a missing key.
  absl::StatusOr<std::optional<std::string>> Get(const std::string& name,
                                                 const std::string& key) const;
  // Visits the keys with `prefix` in order until `visitor` returns false.
  absl::Status ScanPrefix(
      const std::string& name, const std::string& prefix,
      const std::function<bool(const std::string& key,
                               const std::string& value)>& visitor) const;
  // Visits keys in [begin, end) in order until `visitor` returns false.
  absl::Status ScanRange(
      const std::string& name, const std::string& begin, const std::string& end,
      const std::function<bool(const std::string& key,
                               const std::string& value)>& visitor) const;

 private:
  struct Slot {
    std::unique_ptr<Projection> projection;
    rocksdb::ColumnFamilyHandle* family = nullptr;
    uint64_t checkpoint = 0;  // guarded by mu_ for readers
  };

  ProjectionEngine(const Options& options, const eventstore::EventStore& store);
  absl::Status OpenDb(std::vector<std::unique_ptr<Projection>> projections);
  // Applies [from, to] and writes state and checkpoints every run of events:
  // as ingested files when `bulk`, else as WriteBatches.
  absl::Status ApplyRange(
      uint64_t from, uint64_t to, bool bulk,
      const std::function<void(uint64_t position)>& progress);
  // Whether [from, to] is long enough to be applied in bulk.
  bool IsBacklog(uint64_t from, uint64_t to) const;
  void Follow();
  absl::StatusOr<const Slot*> Find(const std::string& name) const;

  const Options options_;
  const eventstore::EventStore& store_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* checkpoints_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<Slot> slots_;

  // Serialises ApplyRange between CatchUp callers and the follower.
  absl::Mutex apply_mu_;

  mutable absl::Mutex mu_;
  uint64_t applied_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status follower_status_ ABSL_GUARDED_BY(mu_);
  bool following_ ABSL_GUARDED_BY(mu_) = false;

  std::atomic<bool> stop_{false};
  std::thread follower_;
};

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_ENGINE_H_
