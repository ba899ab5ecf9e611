// Signs checkpoints of the log's Merkle tree and keeps every one in the
// store. A background thread signs one at most every `interval` while the
// log grows; PublishNow signs on demand.
//
// It never signs two inconsistent checkpoints: before signing size n it
// recomputes, from the stored tree, the root at the size of the latest
// checkpoint and refuses (DATA_LOSS) unless it equals that checkpoint's
// signed root. Sizes never go backwards.
//
// At start it checks the log against the latest kept checkpoint (see
// CheckLatestCheckpoint). A log that contradicts it is reported by
// integrity() and the publisher signs nothing more: the server carries on
// for reads and verification while refusing writes.
//
// Thread safety: every method may be called from any thread. The store
// must outlive the publisher.
#ifndef KEEPER_EVENTSTORE_CHECKPOINT_PUBLISHER_H_
#define KEEPER_EVENTSTORE_CHECKPOINT_PUBLISHER_H_

#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/event_store.h"
#include "eventstore/signing_key.h"

namespace keeper::eventstore {

class CheckpointPublisher {
 public:
  struct Options {
    // How long the log may grow before a new checkpoint is signed.
    absl::Duration interval = absl::Seconds(1);
    bool background = true;  // false: only PublishNow signs
  };

  // Checks the latest kept checkpoint against the store before starting.
  static absl::StatusOr<std::unique_ptr<CheckpointPublisher>> Start(
      EventStore& store, SigningIdentity identity, const Options& options);
  ~CheckpointPublisher();

  // The latest checkpoint, first signing one for the current head if the
  // latest kept one is older.
  absl::StatusOr<StoredCheckpoint> PublishNow();
  // The latest kept checkpoint, without signing.
  absl::StatusOr<StoredCheckpoint> Latest() const;

  // OK, or DATA_LOSS saying how the log contradicts its latest kept
  // checkpoint (found at start). Fixed for the publisher's life.
  const absl::Status& integrity() const { return integrity_; }

  const NoteVerifier& verifier() const { return identity_.verifier; }

 private:
  CheckpointPublisher(EventStore& store, SigningIdentity identity,
                      const Options& options);
  void Loop();
  absl::StatusOr<StoredCheckpoint> SignLocked(uint64_t size)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  EventStore& store_;
  const SigningIdentity identity_;
  const Options options_;
  absl::Status integrity_;  // set in Start, before any other thread runs

  mutable absl::Mutex mu_;
  StoredCheckpoint latest_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// Whether the log still holds what its latest kept checkpoint signed: the
// checkpoint's size is within the head and the stored tree's root at that
// size is the signed root. OK when no checkpoint is kept; DATA_LOSS naming
// the checkpoint and what is wrong otherwise. O(log n) reads: cheap enough
// for every start, unlike recomputing the log (VerifyAgainstCheckpoint).
absl::Status CheckLatestCheckpoint(const EventStore& store,
                                   const NoteVerifier& verifier);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_CHECKPOINT_PUBLISHER_H_
