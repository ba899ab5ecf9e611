// Case states recently folded by CaseCommands, so that a command on a case
// reads and folds only the events appended since its state was kept, not
// the whole stream again.
//
// A kept state is the fold of its stream up to its version, nothing more:
// it is never used as it is. Whoever takes one reads the stream from the
// state's version + 1 and folds what is there before deciding (see
// CaseCommands), so a state kept before another writer's append is brought
// up to date, and the append still expects the version it was decided on.
//
// Thread safety: every method may be called from any thread at once.
// Memory: at most `capacity` states; past it, an arbitrary one is dropped.
#ifndef KEEPER_DOMAIN_CASE_STATE_CACHE_H_
#define KEEPER_DOMAIN_CASE_STATE_CACHE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "domain/case_state.h"

namespace keeper::domain {

class CaseStateCache {
 public:
  // A capacity of 0 keeps nothing.
  explicit CaseStateCache(size_t capacity) : capacity_(capacity) {}

  // The state kept for the case, or null.
  std::shared_ptr<const CaseState> Find(const std::string& case_id) const;

  // Keeps `state` for the case unless one of a later version is kept.
  void Keep(const std::string& case_id, std::shared_ptr<const CaseState> state);

 private:
  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const CaseState>> states_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_CASE_STATE_CACHE_H_
