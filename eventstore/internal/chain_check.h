// Recomputing a store's hash chain and Merkle tree on every core. Internal
// to the store; chain_verifier.h is the interface.
//
// The log is cut into chunks of consecutive positions. Worker threads each
// take the next chunk, read it with their own iterator, and check every
// event against its stored bytes alone: it parses, it names its position,
// its canonical encoding hashes to its stored hash, its prev_hash is the
// hash of the event before it in the chunk, and times do not go backwards
// within the chunk. They also hash the chunk's Merkle leaves and, for a
// chunk that is a perfect subtree, its root. The calling thread takes the
// chunks in log order and checks what crosses them: the first event of
// each links to the last of the one before, in time too. So the result,
// down to the first bad position and its problem, is what one thread
// reading the log in order would find.
//
// Thread safety: CheckChain may be called from several threads at once.
#ifndef KEEPER_EVENTSTORE_INTERNAL_CHAIN_CHECK_H_
#define KEEPER_EVENTSTORE_INTERNAL_CHAIN_CHECK_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/event_store.h"

namespace keeper::eventstore {

struct ChainCheckOptions {
  // Ascending tree sizes whose roots are wanted.
  std::vector<uint64_t> sizes;
  // As VerifyChainOptions::progress.
  std::function<void(uint64_t checked)> progress;
  // As VerifyChainOptions.
  int threads = 0;
  uint64_t chunk_events = 0;
};

// Checks positions 1 to the head as of the call. Fills `roots` with the
// root at each of options.sizes, empty for those the chain did not reach.
// A broken chain is in the report; errors are failures to read at all.
absl::StatusOr<ChainReport> CheckChain(const EventStore& store,
                                       const ChainCheckOptions& options,
                                       std::vector<std::string>* roots);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_INTERNAL_CHAIN_CHECK_H_
