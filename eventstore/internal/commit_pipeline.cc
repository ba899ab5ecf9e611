#include "eventstore/internal/commit_pipeline.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"

namespace keeper::eventstore {
namespace {

// Soft bound on cached stream versions: memory must not grow with the
// number of streams in the log. Small, because the cache is dropped whole
// when full, and a larger one (64K streams, ~9 MB with their ids) made
// keeperd's RSS a sawtooth of that height; a miss is one read of the
// stream index, which is in the block cache for a stream written lately.
constexpr size_t kStreamVersionCacheLimit = 1 << 12;

}  // namespace

CommitPipeline::CommitPipeline(EventStore::Impl* store, rocksdb::DB* db,
                               const EventStore::Options& options,
                               const Head& head, absl::Time last_recorded_time,
                               MerkleFrontier frontier)
    : store_(store),
      db_(db),
      sync_(options.sync),
      env_(options.env != nullptr ? options.env : rocksdb::Env::Default()),
      data_dir_(options.data_dir),
      min_free_disk_bytes_(options.min_free_disk_bytes),
      retry_backoff_(options.write_retry_backoff) {
  state_.head = head;
  state_.time = last_recorded_time;
  state_.frontier = std::move(frontier);
  stager_ = std::thread([this] { StageLoop(); });
  writer_ = std::thread([this] { WriteLoop(); });
}

CommitPipeline::~CommitPipeline() {
  {
    absl::MutexLock lock(&queue_mu_);
    stopping_ = true;
  }
  stager_.join();
  writer_.join();
}

absl::StatusOr<AppendResult> CommitPipeline::Append(
    std::vector<StreamWrite> writes) {
  RETURN_IF_ERROR(ValidateAppend(writes));
  PendingAppend pending;
  pending.writes = std::move(writes);
  return Enqueue(pending);
}

absl::Status CommitPipeline::Import(std::vector<EventEnvelope> events) {
  if (events.empty()) return absl::OkStatus();
  PendingAppend pending;
  pending.imported = std::move(events);
  pending.import = true;
  return Enqueue(pending).status();
}

absl::StatusOr<AppendResult> CommitPipeline::Enqueue(PendingAppend& pending) {
  {
    absl::MutexLock lock(&queue_mu_);
    if (stopping_) return absl::UnavailableError("the event store is closing");
    queue_.push_back(&pending);
  }
  pending.done.WaitForNotification();
  return std::move(pending.result);
}

void CommitPipeline::StageLoop() {
  for (;;) {
    // Wait for the writer to take the previous group before taking the
    // queue: appends arriving meanwhile join this group instead of making a
    // small group of their own, which would cost a sync of its own.
    {
      absl::MutexLock lock(&slot_mu_);
      slot_mu_.Await(absl::Condition(
          +[](CommitPipeline* p)
               ABSL_NO_THREAD_SAFETY_ANALYSIS { return p->slot_ == nullptr; },
          this));
    }
    std::vector<PendingAppend*> group;
    {
      absl::MutexLock lock(&queue_mu_);
      queue_mu_.Await(absl::Condition(
          +[](CommitPipeline* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return !p->queue_.empty() || p->stopping_;
          },
          this));
      if (queue_.empty()) break;  // stopping, and everything is staged
      group.swap(queue_);
    }
    CatchUpWithWriter();

    auto staged = std::make_unique<Staged>();
    staged->seq = next_seq_++;
    staged->generation = generation_;
    StagedGroup record;
    Stager stager(*store_, &state_, &staged->batch, &record);
    for (PendingAppend* pending : group) {
      if (pending->import) {
        absl::Status staged_import = stager.StageImported(pending->imported);
        if (staged_import.ok()) {
          pending->result = AppendResult();
        } else {
          pending->result = staged_import;
        }
      } else {
        pending->result = stager.Stage(pending->writes);
      }
    }
    staged->appends = std::move(group);
    staged->head = state_.head;
    in_flight_.emplace_back(staged->seq, std::move(record));

    absl::MutexLock lock(&slot_mu_);
    slot_ = std::move(staged);  // only this thread fills the slot
  }
  absl::MutexLock lock(&slot_mu_);
  staging_done_ = true;
}

void CommitPipeline::CatchUpWithWriter() {
  absl::MutexLock lock(&slot_mu_);
  if (failed_generation_ == generation_) {
    // Everything staged in this generation stood on the failed write. Wait
    // until the writer has answered all of it, then restart from the head.
    const uint64_t last_staged = next_seq_ - 1;
    auto all_finished = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      return finished_seq_ >= last_staged;
    };
    slot_mu_.Await(absl::Condition(&all_finished));
    ++generation_;
    state_.head = store_->GetHead();
    ReloadFrontier();
    state_.stream_versions.clear();
    state_.in_flight_events.clear();
    in_flight_.clear();
    return;
  }
  if (!state_.broken.ok()) ReloadFrontier();  // nothing is in flight
  while (!in_flight_.empty() && in_flight_.front().first <= finished_seq_) {
    for (const std::string& id : in_flight_.front().second.event_ids) {
      state_.in_flight_events.erase(id);
    }
    in_flight_.pop_front();
  }
  if (state_.stream_versions.size() > kStreamVersionCacheLimit) {
    state_.stream_versions.clear();
    for (const auto& [seq, record] : in_flight_) {
      for (const auto& [stream, version] : record.stream_versions) {
        state_.stream_versions[stream] = version;
      }
    }
  }
}

void CommitPipeline::ReloadFrontier() {
  absl::StatusOr<MerkleFrontier> frontier =
      MerkleFrontier::Load(state_.head.position, store_->NodeReader());
  state_.broken = frontier.status();
  if (frontier.ok()) state_.frontier = *std::move(frontier);
}

absl::Status CommitPipeline::CheckWritable() {
  uint64_t free_bytes = 0;
  const rocksdb::Status space = env_->GetFreeSpace(data_dir_, &free_bytes);
  if (!space.ok()) {
    return FromRocks(space,
                     absl::StrCat("reading the free space of ", data_dir_));
  }
  // Below the reserve RocksDB could not even flush: refuse the write before
  // the disk is really full, and never resume into a full disk (a recovery
  // flush that fails leaves RocksDB's error unrecoverable until reopened).
  if (free_bytes <= min_free_disk_bytes_) {
    const std::string cause = absl::StrCat(
        free_bytes, " bytes free, the reserve is ", min_free_disk_bytes_);
    return StorageFault(kDiskFullReason,
                        absl::StrCat("appending: the disk is full: ", cause,
                                     " under ", data_dir_),
                        cause);
  }
  if (!fault_.ok()) {
    // Until RocksDB resumes, every write fails with its background error;
    // fail fast instead of hammering a sick disk.
    if (absl::Now() < retry_at_) return fault_;
    // Busy while RocksDB's own recovery runs; OK when it is done.
    if (!db_->Resume().ok()) {
      retry_at_ = absl::Now() + retry_backoff_;
      return fault_;
    }
    fault_ = absl::OkStatus();
  }
  return absl::OkStatus();
}

void CommitPipeline::WriteLoop() {
  for (;;) {
    std::unique_ptr<Staged> staged;
    bool poisoned = false;
    absl::Status poison;
    {
      absl::MutexLock lock(&slot_mu_);
      slot_mu_.Await(absl::Condition(
          +[](CommitPipeline* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return p->slot_ != nullptr || p->staging_done_;
          },
          this));
      if (slot_ == nullptr) return;  // staging is done and all is written
      staged = std::move(slot_);
      poisoned = staged->generation == failed_generation_;
      if (poisoned) poison = failed_status_;
    }

    absl::Status written;
    const absl::Time write_start = absl::Now();
    if (poisoned) {
      // The same cause, so that callers see why (a full disk, say).
      written = poison;
    } else if (staged->batch.Count() > 0) {
      written = CheckWritable();
      if (written.ok()) {
        rocksdb::WriteOptions options;
        options.sync = sync_;
        written = FromRocks(db_->Write(options, &staged->batch), "appending");
        if (!written.ok()) {
          fault_ = written;
          retry_at_ = absl::Now() + retry_backoff_;
        }
      }
    }
    const uint64_t before = store_->GetHead().position;
    // Told before the head moves, so that a watcher of commits hears of
    // each before anyone can read its events.
    if (store_->options().on_commit && staged->batch.Count() > 0) {
      CommitInfo info;
      info.ok = written.ok();
      info.write_time = absl::Now() - write_start;
      info.head = before;
      if (written.ok()) {
        info.head = staged->head.position;
        info.events = staged->head.position - before;
        for (const PendingAppend* pending : staged->appends) {
          if (pending->result.ok() && !pending->result->deduplicated) {
            ++info.appends;
          }
        }
      }
      store_->options().on_commit(info);
    }
    if (written.ok()) {
      // Before the head moves, so that no proof of these events misses
      // them: a few microseconds a group.
      store_->HoldMerkleNodes(staged->batch);
      store_->AdvanceHead(staged->head);
    } else {
      // Nothing of the group is durable, and deduplicated answers may point
      // at its events: every caller gets the error and may retry.
      for (PendingAppend* pending : staged->appends) {
        if (pending->result.ok()) pending->result = written;
      }
    }
    {
      absl::MutexLock lock(&slot_mu_);
      if (!written.ok()) {
        failed_generation_ = staged->generation;
        failed_status_ = written;
      }
      finished_seq_ = staged->seq;
    }
    for (PendingAppend* pending : staged->appends) pending->done.Notify();
  }
}

}  // namespace keeper::eventstore
