#include "services/access/caller_quota.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "google/protobuf/util/time_util.h"

namespace keeper::services {
namespace {

// Bounds the summary's list, whatever a caller tries.
constexpr size_t kMaxSummaryMethods = 16;

}  // namespace

absl::Status CallerQuota::Admit(const std::string& subject,
                                const std::string& method, absl::Time now) {
  if (quota_.calls() == 0 || quota_.interval_seconds() == 0) {
    return absl::OkStatus();
  }
  const int64_t interval = quota_.interval_seconds();
  const int64_t seconds = absl::ToUnixSeconds(now);
  const int64_t index = seconds / interval;
  absl::MutexLock lock(&mutex_);
  Window& window = windows_[subject];
  if (window.index != index) {
    // A past window's refusals wait for TakeDue.
    if (window.refused > 0) pending_.push_back(SummaryOf(subject, window));
    window = Window{index, 0, 0, {}};
  }
  if (window.calls < quota_.calls()) {
    ++window.calls;
    return absl::OkStatus();
  }
  ++window.refused;
  if (window.methods.size() < kMaxSummaryMethods) window.methods.insert(method);
  const absl::Duration left =
      absl::FromUnixSeconds((index + 1) * interval) - now;
  return WithReason(
      absl::ResourceExhaustedError(absl::StrCat(
          "over quota: at most ", quota_.calls(), " calls in ", interval,
          " s per certificate; retry in ", absl::FormatDuration(left))),
      kReasonQuotaExceeded,
      {{kRetryDelayMsKey,
        absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(left)))},
       {"limit", absl::StrCat(quota_.calls())},
       {"interval_seconds", absl::StrCat(interval)}});
}

v1::QuotaExceededSummary CallerQuota::SummaryOf(const std::string& subject,
                                                const Window& window) const {
  v1::QuotaExceededSummary summary;
  summary.set_subject(subject);
  summary.set_refused(window.refused);
  summary.set_interval_seconds(quota_.interval_seconds());
  *summary.mutable_interval_start() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(
          window.index * quota_.interval_seconds());
  std::vector<std::string> methods(window.methods.begin(),
                                   window.methods.end());
  std::sort(methods.begin(), methods.end());
  for (const std::string& method : methods) summary.add_methods(method);
  return summary;
}

std::vector<v1::QuotaExceededSummary> CallerQuota::TakeDue(absl::Time now) {
  std::vector<v1::QuotaExceededSummary> due;
  if (quota_.interval_seconds() == 0) return due;
  const int64_t index = absl::ToUnixSeconds(now) / quota_.interval_seconds();
  absl::MutexLock lock(&mutex_);
  due.swap(pending_);
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (it->second.index < index) {
      if (it->second.refused > 0)
        due.push_back(SummaryOf(it->first, it->second));
      windows_.erase(it++);
    } else {
      ++it;
    }
  }
  return due;
}

}  // namespace keeper::services
