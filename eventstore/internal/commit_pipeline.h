// Group commit, pipelined. Internal to the store.
//
// Callers queue their appends. A staging thread takes everything queued as
// one group, checks each append against the log plus every group staged
// before it, and builds one WriteBatch. A writing thread writes each group's
// batch with one WAL sync, publishes the new head and answers the callers.
// While one group syncs, the next is staged and more callers queue up, so one
// sync serves many appends and throughput grows with the number of writers.
//
// If a write fails, the groups staged on top of it are failed too (their
// versions and positions assumed it), and staging starts again from the
// committed head. A failed write leaves RocksDB in a background error that
// stops all writes; the writer fails groups fast with the failure's status
// until a backoff passes, then asks RocksDB to resume (DB::Resume) before
// the next write, so writes come back without a restart once the disk does.
#ifndef KEEPER_EVENTSTORE_INTERNAL_COMMIT_PIPELINE_H_
#define KEEPER_EVENTSTORE_INTERNAL_COMMIT_PIPELINE_H_

#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/internal/event_store_impl.h"
#include "eventstore/internal/stager.h"

namespace keeper::eventstore {

class CommitPipeline {
 public:
  // Starts both threads. `store` must outlive the pipeline.
  CommitPipeline(EventStore::Impl* store, rocksdb::DB* db,
                 const EventStore::Options& options, const Head& head,
                 absl::Time last_recorded_time, MerkleFrontier frontier);
  // Commits everything already queued, then stops.
  ~CommitPipeline();

  // Thread-safe. Blocks until the append is durable or has failed.
  absl::StatusOr<AppendResult> Append(std::vector<StreamWrite> writes);
  // As Append, for EventStore::Import.
  absl::Status Import(std::vector<EventEnvelope> events);

 private:
  struct Staged {
    uint64_t seq = 0;
    uint64_t generation = 0;
    rocksdb::WriteBatch batch;
    std::vector<PendingAppend*> appends;
    Head head;
  };

  absl::StatusOr<AppendResult> Enqueue(PendingAppend& pending);
  void StageLoop();
  void WriteLoop();
  // Stager: forgets in-flight records of durable groups, or after a failed
  // write waits for the writer and restarts from the committed head.
  void CatchUpWithWriter();
  // Stager: the tree's right edge at state_.head, read from the store.
  void ReloadFrontier();
  // Writer: OK when a group may be written now. Fails while an earlier
  // write's fault stands (resuming after the backoff) and while free disk
  // space is below the reserve.
  absl::Status CheckWritable();

  EventStore::Impl* const store_;
  rocksdb::DB* const db_;
  const bool sync_;
  rocksdb::Env* const env_;
  const std::string data_dir_;
  const uint64_t min_free_disk_bytes_;
  const absl::Duration retry_backoff_;

  // Owned by the writing thread: the last failed write's status, and when
  // to try resuming.
  absl::Status fault_;
  absl::Time retry_at_ = absl::InfinitePast();

  absl::Mutex queue_mu_;
  std::vector<PendingAppend*> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;

  absl::Mutex slot_mu_;
  std::unique_ptr<Staged> slot_ ABSL_GUARDED_BY(slot_mu_);
  bool staging_done_ ABSL_GUARDED_BY(slot_mu_) = false;
  uint64_t finished_seq_ ABSL_GUARDED_BY(slot_mu_) = 0;
  uint64_t failed_generation_ ABSL_GUARDED_BY(slot_mu_) = 0;
  absl::Status failed_status_ ABSL_GUARDED_BY(slot_mu_);

  // Owned by the staging thread.
  StagedState state_;
  std::deque<std::pair<uint64_t, StagedGroup>> in_flight_;
  uint64_t next_seq_ = 1;
  uint64_t generation_ = 1;

  std::thread stager_;
  std::thread writer_;
};

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_INTERNAL_COMMIT_PIPELINE_H_
