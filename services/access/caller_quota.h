// The access policy's rate limit per caller: a fixed window of
// `interval_seconds` per certificate subject, counting calls.
//
// Refusals over quota are not recorded one by one (that would let a caller
// flood the log): each caller's are counted, and once its window has
// passed the count is handed back by TakeDue to be recorded as one
// summary event.
//
// Thread-safe.
#ifndef KEEPER_SERVICES_ACCESS_CALLER_QUOTA_H_
#define KEEPER_SERVICES_ACCESS_CALLER_QUOTA_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "keeper/v1/access.pb.h"

namespace keeper::services {

class CallerQuota {
 public:
  explicit CallerQuota(v1::CallerQuota quota) : quota_(std::move(quota)) {}

  // Counts a call by `subject` to `method` at `now`. OK within quota;
  // otherwise RESOURCE_EXHAUSTED with ErrorInfo QUOTA_EXCEEDED and the
  // time left in the window (retry_delay_ms), the refusal counted.
  absl::Status Admit(const std::string& subject, const std::string& method,
                     absl::Time now);

  // The summaries of windows that ended before `now` with refusals, each
  // handed back once.
  std::vector<v1::QuotaExceededSummary> TakeDue(absl::Time now);

 private:
  struct Window {
    int64_t index = 0;  // start / interval
    uint32_t calls = 0;
    uint32_t refused = 0;
    absl::flat_hash_set<std::string> methods;
  };
  v1::QuotaExceededSummary SummaryOf(const std::string& subject,
                                     const Window& window) const;

  const v1::CallerQuota quota_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Window> windows_ ABSL_GUARDED_BY(mutex_);
  std::vector<v1::QuotaExceededSummary> pending_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_CALLER_QUOTA_H_
