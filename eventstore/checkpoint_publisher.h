// Signs checkpoints of the log's Merkle tree and keeps every one in the
// store. A background thread signs one at most every `interval` while the
// log grows; PublishNow signs on demand.
//
// It never signs two inconsistent checkpoints: before signing size n it
// recomputes, from the stored tree, the root at the size of the latest
// checkpoint and refuses (DATA_LOSS) unless it equals that checkpoint's
// signed root. Sizes never go backwards.
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

  mutable absl::Mutex mu_;
  StoredCheckpoint latest_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_CHECKPOINT_PUBLISHER_H_
