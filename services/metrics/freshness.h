// How long after its commit an event becomes readable in the projections:
// the commit thread reports each group's head and time, the projection
// follower each position it has applied, and the lag of every group it
// covers comes out.
//
// Thread safety: all methods are thread-safe.
#ifndef KEEPER_SERVICES_METRICS_FRESHNESS_H_
#define KEEPER_SERVICES_METRICS_FRESHNESS_H_

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace keeper::services {

class Freshness {
 public:
  // At most this many commits wait for the projections; older ones are
  // forgotten (not measured) so that stopped projections cost no memory.
  static constexpr size_t kMaxWaiting = 65536;

  // A group commit made events up to `head` durable at `at`. Heads must
  // not decrease.
  void Committed(uint64_t head, absl::Time at);

  // Every projection has applied `position` at `at`: the lag of each
  // commit it covers, oldest first.
  std::vector<absl::Duration> Applied(uint64_t position, absl::Time at);

 private:
  absl::Mutex mu_;
  std::deque<std::pair<uint64_t, absl::Time>> waiting_ ABSL_GUARDED_BY(mu_);
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_METRICS_FRESHNESS_H_
