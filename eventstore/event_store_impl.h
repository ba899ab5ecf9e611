// Internals of EventStore shared by its source files. Not a public header.
#ifndef KEEPER_EVENTSTORE_EVENT_STORE_IMPL_H_
#define KEEPER_EVENTSTORE_EVENT_STORE_IMPL_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "eventstore/event_store.h"
#include "rocksdb/db.h"

namespace keeper::eventstore {

// The status payload key of a v1.VersionConflict.
inline constexpr char kVersionConflictTypeUrl[] =
    "type.googleapis.com/keeper.v1.VersionConflict";

// Maps a RocksDB status to the most specific absl code; `context` leads the
// message.
absl::Status FromRocks(const rocksdb::Status& status,
                       absl::string_view context);

// Parses the stored value of the event at `position`, DATA_LOSS if corrupt.
absl::StatusOr<EventEnvelope> ParseStoredEvent(uint64_t position,
                                               std::string_view value);

// One caller's append, queued for the committer.
struct PendingAppend {
  std::vector<StreamWrite> writes;
  absl::StatusOr<AppendResult> result;
  absl::Notification done;
};

class EventStore::Impl {
 public:
  explicit Impl(const Options& options) : options_(options) {}
  ~Impl();

  absl::Status Open();

  // Appending (committer.cc).
  absl::StatusOr<AppendResult> Append(std::vector<StreamWrite> writes);

  // Reading (reads.cc).
  Head GetHead() const;
  absl::StatusOr<uint64_t> StreamVersion(const std::string& stream_id) const;
  absl::StatusOr<std::vector<EventEnvelope>> ReadStream(
      const ReadStreamOptions& options) const;
  absl::Status Scan(uint64_t from, uint64_t to,
                    const EventVisitor& visitor) const;
  absl::StatusOr<std::vector<EventEnvelope>> ReadTimeRange(
      absl::Time begin, absl::Time end, size_t max_count) const;
  absl::StatusOr<EventEnvelope> ReadEvent(const std::string& event_id) const;
  absl::StatusOr<EventEnvelope> ReadPosition(uint64_t position) const;
  absl::Status Refresh();

  // Waiting and subscribing (subscription.cc).
  uint64_t WaitForHead(uint64_t after, absl::Duration timeout) const;
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      uint64_t from_position, EventVisitor handler);
  // Blocks until the head passes `after` or `*cancelled` or closing.
  // Returns the head position.
  uint64_t AwaitHeadOrCancel(uint64_t after,
                             const std::atomic<bool>* cancelled) const;
  void CancelWaiter(std::atomic<bool>* cancelled) const;

  const Options& options() const { return options_; }

 private:
  friend class Committer;

  absl::Status OpenDb();
  absl::Status LoadHead();
  bool IsEmpty(rocksdb::ColumnFamilyHandle* family) const;
  void CommitLoop();
  void CommitGroup(std::vector<PendingAppend*>& group);
  // Publishes a new head after a successful group write.
  void AdvanceHead(const Head& head);

  const Options options_;
  std::string secondary_dir_;  // removed on close
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* event_ids_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;

  // The committed head; waiters block on it.
  mutable absl::Mutex head_mu_;
  Head head_ ABSL_GUARDED_BY(head_mu_);
  bool closing_ ABSL_GUARDED_BY(head_mu_) = false;

  // Appends waiting for the committer thread.
  absl::Mutex queue_mu_;
  std::vector<PendingAppend*> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;

  // Owned by the committer thread once it runs.
  absl::Time last_recorded_time_ = absl::InfinitePast();
  // Committed versions of recently written streams, so that most appends
  // skip an index seek.
  static constexpr size_t kStreamVersionCacheLimit = 1 << 16;
  absl::flat_hash_map<std::string, uint64_t> stream_version_cache_;
  std::thread committer_;
};

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_EVENT_STORE_IMPL_H_
