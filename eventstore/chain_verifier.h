// Recomputes the hash chain of a whole store, as `keeper verify` does.
#ifndef KEEPER_EVENTSTORE_CHAIN_VERIFIER_H_
#define KEEPER_EVENTSTORE_CHAIN_VERIFIER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "eventstore/signed_note.h"

namespace keeper::eventstore {

struct ChainReport {
  uint64_t events = 0;    // events checked
  uint64_t bytes = 0;     // stored bytes of the events checked
  std::string head_hash;  // hash of the last good event
  // 0 when the chain is intact; otherwise the first position whose stored
  // event is missing, unreadable, or does not hash to what is recorded.
  uint64_t first_bad_position = 0;
  std::string problem;  // what is wrong at first_bad_position
  // The Merkle root over the events checked, recomputed from their hashes
  // alone, and over the first `root_at_size` of them if asked for (empty
  // when the chain broke before that size).
  std::string tree_root;
  std::string root_at_size;
  bool intact() const { return first_bad_position == 0; }
};

struct VerifyChainOptions {
  // Also report the tree's root at this size (a saved checkpoint's).
  uint64_t root_at_size = 0;
  // Called every 65536 events or so with the number checked so far, on
  // the calling thread.
  std::function<void(uint64_t checked)> progress;
  // Threads that read, parse and hash; 0 for one a core.
  int threads = 0;
  // Events a thread takes at a time; 0 for the default. Tests make it small
  // so that a small log spans many.
  uint64_t chunk_events = 0;
};

// Checks every event from position 1 to the head: positions are gap-free,
// each prev_hash is the previous event's hash, each hash is recomputed from
// the canonical encoding, and recorded times never go backwards. The work is
// shared out over `threads`; the result is the same as reading in order. A
// broken chain is reported in the ChainReport, not as an error; the error is
// kept for failures to read at all.
absl::StatusOr<ChainReport> VerifyChain(const EventStore& store,
                                        const VerifyChainOptions& options = {});

// A store checked against a checkpoint saved earlier (its signature already
// checked by the caller).
struct CheckpointReport {
  ChainReport chain;
  // True when the chain is intact and the log's first checkpoint.size events
  // have exactly the checkpoint's root, recomputed from the events alone,
  // and the store's own tree agrees.
  bool consistent = false;
  std::string problem;  // why not
};

// Recomputes the chain and the tree from the events and compares them with
// `checkpoint`: events removed since, history rewritten (even with the
// chain and the tree recomputed), or another history of the same size all
// show as a root that differs, or a log too short.
absl::StatusOr<CheckpointReport> VerifyAgainstCheckpoint(
    const EventStore& store, const Checkpoint& checkpoint,
    const std::function<void(uint64_t checked)>& progress = nullptr);

// A store checked against every checkpoint it keeps.
struct KeptCheckpointsReport {
  ChainReport chain;
  uint64_t checkpoints = 0;  // kept checkpoints compared with the log
  // The smallest kept checkpoint the log contradicts (or that does not
  // verify), and how; 0 and empty when the log holds what each one signed.
  uint64_t bad_checkpoint_size = 0;
  std::string problem;
  bool consistent() const { return problem.empty(); }
};

// Recomputes the chain and the tree from the events once, and compares the
// root at each kept checkpoint's size with the root it signed, after
// checking its signature with `verifier`. A broken chain is reported in
// `chain` as by VerifyChain; checkpoints past the break are contradicted.
absl::StatusOr<KeptCheckpointsReport> VerifyKeptCheckpoints(
    const EventStore& store, const NoteVerifier& verifier,
    const std::function<void(uint64_t checked)>& progress = nullptr);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_CHAIN_VERIFIER_H_
