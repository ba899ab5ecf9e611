#include "domain/case_state_cache.h"

#include <utility>

namespace keeper::domain {

std::shared_ptr<const CaseState> CaseStateCache::Find(
    const std::string& case_id) const {
  absl::MutexLock lock(&mu_);
  auto it = states_.find(case_id);
  return it == states_.end() ? nullptr : it->second;
}

void CaseStateCache::Keep(const std::string& case_id,
                          std::shared_ptr<const CaseState> state) {
  if (capacity_ == 0) return;
  absl::MutexLock lock(&mu_);
  auto [it, added] = states_.try_emplace(case_id, state);
  if (!added) {
    if (it->second->version < state->version) it->second = std::move(state);
    return;
  }
  // The map's order is arbitrary: dropping its first entry drops any one.
  if (states_.size() > capacity_) {
    auto victim = states_.begin();
    if (victim == it) ++victim;
    states_.erase(victim);
  }
}

}  // namespace keeper::domain
