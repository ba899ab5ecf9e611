// Keeper's append-only event log on RocksDB.
//
// The store knows nothing of the domain: it records EventEnvelopes in streams,
// assigns gap-free global positions and per-stream versions, chains every
// event to the one before it by SHA-256, and never updates or deletes an
// event. The on-disk layout is documented in FORMAT.md beside this file.
//
// Thread safety: every method may be called from any thread at once.
// Appends from many threads are group-committed: one WAL sync serves every
// append that arrived while the previous sync was in flight.
//
// Failure: every fallible call returns a status. A value that cannot be
// parsed is reported as DATA_LOSS naming its position; nothing crashes.
#ifndef KEEPER_EVENTSTORE_EVENT_STORE_H_
#define KEEPER_EVENTSTORE_EVENT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/storage_budget.h"
#include "keeper/v1/eventstore.pb.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace keeper::eventstore {

using v1::EventEnvelope;

// What a writer believes a stream's version to be. Versions start at 1; a
// stream that does not exist has version 0.
struct ExpectedVersion {
  enum class Kind { kAny, kNoStream, kStreamExists, kExact };
  Kind kind = Kind::kAny;
  uint64_t version = 0;  // only for kExact

  static ExpectedVersion Any() { return {Kind::kAny, 0}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  static ExpectedVersion StreamExists() { return {Kind::kStreamExists, 0}; }
  static ExpectedVersion Exact(uint64_t v) { return {Kind::kExact, v}; }
};

// Events for one stream within an append. In each event the client sets
// event_id, event_type, payload, actor, purpose, correlation_id and
// causation_id; the store assigns everything else and ignores what was there.
struct StreamWrite {
  std::string stream_id;
  ExpectedVersion expected;
  std::vector<EventEnvelope> events;
};

struct AppendResult {
  // The committed envelopes, complete with positions and hashes, in request
  // order (streams in order, then events in order).
  std::vector<EventEnvelope> events;
  // True when every event id was already committed with identical content:
  // the original events are returned and nothing was written.
  bool deduplicated = false;
};

struct Head {
  uint64_t position = 0;  // 0 for an empty store
  std::string hash;       // 32 zero bytes for an empty store
};

enum class Direction { kForward, kBackward };

struct ReadStreamOptions {
  std::string stream_id;
  // Forward: the first version returned (default 1). Backward: the highest
  // version returned, 0 meaning the stream's current version.
  uint64_t from_version = 0;
  Direction direction = Direction::kForward;
  size_t max_count = 1000;
};

// Called with each event in order; a non-OK status stops the scan and is
// returned by the scanning call.
using EventVisitor = std::function<absl::Status(const EventEnvelope&)>;
// An event as stored (a serialised EventEnvelope), valid during the call.
using StoredEventVisitor =
    std::function<absl::Status(uint64_t position, std::string_view stored)>;

class Subscription;

// A signed checkpoint as stored: the tree size it covers and its signed note.
struct StoredCheckpoint {
  uint64_t tree_size = 0;
  std::string note;
};

// One group commit, as reported to Options::on_commit.
struct CommitInfo {
  size_t appends = 0;         // appends acknowledged by this write
  size_t events = 0;          // events it made durable
  absl::Duration write_time;  // the WAL write and its sync
  uint64_t head = 0;          // the last durable position after this write
  bool ok = true;
};

// The head when a backup began and the backup that holds it.
struct BackupResult {
  uint32_t backup_id = 0;
  Head head;  // every event acknowledged before the backup began is in it
  uint64_t size_bytes = 0;  // of this backup, counting files shared with others
};

// RocksDB's memory, from its properties.
struct MemoryStats {
  uint64_t memtable_bytes = 0;     // every column family's memtables
  uint64_t block_cache_bytes = 0;  // in use in the shared block cache
  uint64_t block_cache_capacity = 0;
  uint64_t merkle_cache_bytes = 0;  // fixed when the store opens
  uint64_t merkle_nodes_held = 0;   // in that cache now
};

class EventStore {
 public:
  enum class Mode {
    kPrimary,    // the one writer; takes RocksDB's lock on the directory
    kSecondary,  // a read-only follower of a running primary (other process)
  };

  struct Options {
    std::string data_dir;
    Mode mode = Mode::kPrimary;
    // Create an empty store when data_dir holds none (primary only).
    bool create_if_missing = true;
    // Sync the WAL before acknowledging an append. Only tests and
    // benchmarks that measure the cost of syncing turn this off.
    bool sync = true;
    // RocksDB block cache, shared by every column family, when `budget`
    // brings none.
    size_t block_cache_bytes = 64 << 20;
    // Merkle tree nodes held in memory for proofs, the higher levels first;
    // filled as appends commit, from the top of the tree when the store
    // opens, and by proofs. 8 MiB (209k nodes) holds the levels from 7 up
    // of a tree of 10 million leaves: a proof then looks up about 7 nodes
    // in RocksDB, in one batch, not 24. At 1M events in-process inclusion
    // proofs had a p99 of 0.050 ms with it, 0.039 ms with 16 MiB, whose
    // extra 8 MiB brought a rebuild's peak RSS to within 1 MB of 256 MB.
    size_t merkle_cache_bytes = 8 << 20;
    // Memory shared with the process's other databases (the projections).
    StorageBudget budget{};
    // Appends are refused with RESOURCE_EXHAUSTED while the data directory's
    // file system has less free space than this, so that the disk never
    // fills under RocksDB (flushes and compactions need room too). 0 turns
    // the check off.
    uint64_t min_free_disk_bytes = 0;
    // After a failed write, appends fail fast with its status for this long
    // before the next one tries to resume writing.
    absl::Duration write_retry_backoff = absl::Seconds(1);
    // The RocksDB environment; null for the default. Not owned; must
    // outlive the store. Tests use it to inject I/O failures.
    rocksdb::Env* env = nullptr;
    // Called on the commit thread after every group write, before its
    // events are readable; must be quick and must not call into the store.
    // Metrics observe commits through it.
    std::function<void(const CommitInfo&)> on_commit;
  };

  // Opens (or creates) a store. Fails with FAILED_PRECONDITION when the
  // directory holds a store of another format, and with the RocksDB error
  // (UNAVAILABLE for a held lock) otherwise.
  static absl::StatusOr<std::unique_ptr<EventStore>> Open(
      const Options& options);

  // Waits for in-flight appends, stops subscriptions and closes the DB.
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends events to one or more streams atomically: all are committed or
  // none. Returns once the WAL write holding them is synced.
  //
  // Errors (nothing is written for any of them):
  //   INVALID_ARGUMENT  malformed ids, empty type, a stream or event id twice
  //   ABORTED           an expected version does not hold; the status
  //                     carries a v1.VersionConflict payload (see
  //                     ConflictFromStatus)
  //   ALREADY_EXISTS    an event id was committed before with other content
  //   FAILED_PRECONDITION  the store is a secondary
  //   RESOURCE_EXHAUSTED  the disk is full, or its free space is below
  //                     min_free_disk_bytes
  //   UNAVAILABLE       an I/O error; after one that is not a full disk,
  //                     RocksDB accepts writes again only once reopened
  // Both carry a google.rpc.ErrorInfo (StorageFaultFromStatus in
  // common/rocks_status.h). Once space returns, appends resume by
  // themselves after write_retry_backoff.
  absl::StatusOr<AppendResult> Append(std::vector<StreamWrite> writes);

  // The last committed event's position and hash.
  Head GetHead() const;

  // A stream's current version; 0 when it does not exist.
  absl::StatusOr<uint64_t> StreamVersion(const std::string& stream_id) const;

  absl::StatusOr<std::vector<EventEnvelope>> ReadStream(
      const ReadStreamOptions& options) const;

  // Up to max_count events from `from_position` (inclusive) forwards.
  absl::StatusOr<std::vector<EventEnvelope>> ReadAll(uint64_t from_position,
                                                     size_t max_count) const;

  // Visits the events at positions [from, to] in order; `to` = 0 means the
  // head at the time of the call. The envelope passed to `visitor` is reused
  // for the next event: copy what must outlive the call.
  absl::Status Scan(uint64_t from, uint64_t to,
                    const EventVisitor& visitor) const;
  // As Scan, with each event's stored bytes unparsed: for readers that
  // parse on other threads. Checks the positions, not the bytes.
  absl::Status ScanStored(uint64_t from, uint64_t to,
                          const StoredEventVisitor& visitor) const;

  // Up to max_count events whose recorded time is in [begin, end).
  absl::StatusOr<std::vector<EventEnvelope>> ReadTimeRange(
      absl::Time begin, absl::Time end, size_t max_count) const;

  // The event with this id, NOT_FOUND when there is none.
  absl::StatusOr<EventEnvelope> ReadEvent(const std::string& event_id) const;
  absl::StatusOr<EventEnvelope> ReadPosition(uint64_t position) const;

  // Blocks until the head passes `after`, `timeout` elapses or the store
  // closes, without polling. Returns the head position then.
  uint64_t WaitForHead(uint64_t after, absl::Duration timeout) const;

  // Delivers every event from `from_position` on, exactly once and in order,
  // first catching up from the log and then as events commit. The handler
  // runs on the subscription's own thread; a non-OK return ends the
  // subscription with that status. Primary stores only.
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      uint64_t from_position, EventVisitor handler);

  // The Merkle tree over the event hashes (RFC 9162; FORMAT.md). Leaf i is
  // the event at position i + 1; a tree size is a position. Sizes beyond
  // the committed head are OUT_OF_RANGE. Each call reads O(log n) nodes.
  absl::StatusOr<std::string> MerkleRoot(uint64_t tree_size) const;
  // The audit path of the event at `position` in the tree of `tree_size`.
  absl::StatusOr<std::vector<std::string>> InclusionProof(
      uint64_t position, uint64_t tree_size) const;
  // The proof that the tree of `first_size` is a prefix of `second_size`'s.
  absl::StatusOr<std::vector<std::string>> ConsistencyProof(
      uint64_t first_size, uint64_t second_size) const;

  // Keeps a signed checkpoint. Checkpoints are kept forever, never replaced:
  // ALREADY_EXISTS if a different note is stored for that size, and
  // FAILED_PRECONDITION for a size beyond the head or on a secondary.
  absl::Status PutCheckpoint(const StoredCheckpoint& checkpoint);
  // The checkpoint of the largest tree size, nullopt when none is stored.
  absl::StatusOr<std::optional<StoredCheckpoint>> LatestCheckpoint() const;
  // The checkpoint signed for exactly `tree_size`; NOT_FOUND if none.
  absl::StatusOr<StoredCheckpoint> CheckpointAt(uint64_t tree_size) const;
  // Visits every kept checkpoint, smallest tree size first; a non-OK
  // status from `visitor` stops the scan and is returned.
  absl::Status ScanCheckpoints(
      const std::function<absl::Status(const StoredCheckpoint&)>& visitor)
      const;

  // Appends events exactly as another store recorded them (keeper export
  // output), in position order, continuing this store's head. Each must
  // chain to the one before and hash to its recorded hash, so the result
  // has the same head hash and Merkle tree as the source. Nothing is
  // written on error, which names the first position that does not fit:
  //   FAILED_PRECONDITION  a position, stream version or event id that does
  //                        not continue this store
  //   DATA_LOSS            an event whose content or chain does not match
  //                        its recorded hashes
  absl::Status Import(std::vector<EventEnvelope> events);

  // Backs up every column family, consistently, into `backup_dir` with
  // RocksDB's BackupEngine while appends go on. Backups into the same
  // directory share unchanged files, so each one copies only what is new.
  // Primary only.
  absl::StatusOr<BackupResult> CreateBackup(const std::string& backup_dir);

  // Restores the latest backup in `backup_dir` into `data_dir`, which must
  // not hold a store yet.
  static absl::StatusOr<BackupResult> RestoreBackup(
      const std::string& backup_dir, const std::string& data_dir);

  MemoryStats GetMemoryStats() const;

  // For secondaries: catch up with the primary's latest writes.
  absl::Status Refresh();

  const std::string& data_dir() const;

  class Impl;

 private:
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A running subscription. Destroying it stops delivery and joins its thread.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // Stops delivery; returns the status the subscription ended with (OK when
  // cancelled). Safe to call more than once.
  virtual absl::Status Cancel() = 0;
  // The position of the last event delivered.
  virtual uint64_t position() const = 0;
};

// The v1.VersionConflict carried by an ABORTED append, if any.
std::optional<v1::VersionConflict> ConflictFromStatus(
    const absl::Status& status);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_EVENT_STORE_H_
