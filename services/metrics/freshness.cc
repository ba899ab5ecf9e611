#include "services/metrics/freshness.h"

namespace keeper::services {

void Freshness::Committed(uint64_t head, absl::Time at) {
  absl::MutexLock lock(&mu_);
  if (waiting_.size() == kMaxWaiting) waiting_.pop_front();
  waiting_.emplace_back(head, at);
}

std::vector<absl::Duration> Freshness::Applied(uint64_t position,
                                               absl::Time at) {
  std::vector<absl::Duration> lags;
  absl::MutexLock lock(&mu_);
  while (!waiting_.empty() && waiting_.front().first <= position) {
    lags.push_back(at - waiting_.front().second);
    waiting_.pop_front();
  }
  return lags;
}

}  // namespace keeper::services
