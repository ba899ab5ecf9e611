#include "tools/bench_util.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/str_format.h"

namespace keeper::tools {

nlohmann::json Run::ToJson() const {
  return {{"operations", operations},
          {"seconds", seconds},
          {"per_second", per_second},
          {"p50_us", p50_us},
          {"p99_us", p99_us}};
}

std::string Run::Line(const std::string& label) const {
  return absl::StrFormat("%-24s %10.0f ops/s  p50 %8.3f ms  p99 %8.3f ms",
                         label + ":", per_second, p50_us / 1000, p99_us / 1000);
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const size_t index = std::min(values.size() - 1,
                                static_cast<size_t>(p / 100.0 * values.size()));
  std::nth_element(values.begin(), values.begin() + index, values.end());
  return values[index];
}

Run Summarize(const std::vector<std::vector<double>>& latencies_us,
              absl::Duration elapsed) {
  std::vector<double> all;
  for (const auto& per_thread : latencies_us) {
    all.insert(all.end(), per_thread.begin(), per_thread.end());
  }
  Run run;
  run.operations = static_cast<int64_t>(all.size());
  run.seconds = absl::ToDoubleSeconds(elapsed);
  run.per_second = run.seconds > 0 ? run.operations / run.seconds : 0;
  run.p50_us = Percentile(all, 50);
  run.p99_us = Percentile(all, 99);
  return run;
}

int64_t CurrentRssKb() { return RssKbOf("self"); }

int64_t RssKbOf(const std::string& pid) {
  std::ifstream statm("/proc/" + pid + "/statm");
  int64_t pages_total = 0;
  int64_t pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

RssSampler::RssSampler(std::string pid, absl::Duration period)
    : pid_(std::move(pid)), period_(period) {
  Sample();
  thread_ = std::thread([this] {
    while (!stop_.WaitForNotificationWithTimeout(period_)) Sample();
  });
}

RssSampler::~RssSampler() {
  stop_.Notify();
  thread_.join();
}

void RssSampler::Sample() {
  const int64_t now = RssKbOf(pid_);
  absl::MutexLock lock(&mu_);
  samples_.push_back(now);
}

std::vector<int64_t> RssSampler::TakeSamples() {
  Sample();
  absl::MutexLock lock(&mu_);
  return std::exchange(samples_, {});
}

int64_t RssSampler::TakePeakKb() {
  const std::vector<int64_t> samples = TakeSamples();
  return *std::max_element(samples.begin(), samples.end());
}

int64_t PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t bytes = 0;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator();
       it.increment(error)) {
    std::error_code gone;  // a file removed meanwhile counts for nothing
    if (!it->is_regular_file(gone)) continue;
    const uintmax_t size = it->file_size(gone);
    if (!gone) bytes += size;
  }
  return bytes;
}

}  // namespace keeper::tools
