// Measurement helpers shared by the `keeper bench` subcommands.
#ifndef KEEPER_TOOLS_BENCH_UTIL_H_
#define KEEPER_TOOLS_BENCH_UTIL_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace keeper::tools {

// Throughput and latency of one measured run.
struct Run {
  int64_t operations = 0;
  double seconds = 0;
  double per_second = 0;
  double p50_us = 0;
  double p99_us = 0;

  nlohmann::json ToJson() const;
  // "label: 12345 ops/s, p50 1.2 ms, p99 3.4 ms"
  std::string Line(const std::string& label) const;
};

// Merges per-thread latencies (microseconds) into a Run.
Run Summarize(const std::vector<std::vector<double>>& latencies_us,
              absl::Duration elapsed);

// The p-th percentile (0..100) of `values`, which it sorts.
double Percentile(std::vector<double>& values, double p);

int64_t CurrentRssKb();
// The resident set of process `pid` ("self" for this one), from /proc; 0 if
// it cannot be read.
int64_t RssKbOf(const std::string& pid);
int64_t PeakRssKb();

// Samples this process's resident set every `interval` on its own thread,
// from construction to destruction, keeping the largest sample since the
// last Reset. Thread-safe.
class RssSampler {
 public:
  explicit RssSampler(absl::Duration interval = absl::Milliseconds(50));
  ~RssSampler();
  RssSampler(const RssSampler&) = delete;
  RssSampler& operator=(const RssSampler&) = delete;

  int64_t PeakKb() const;  // including a sample taken now
  void Reset();

 private:
  const absl::Duration interval_;
  std::atomic<int64_t> peak_kb_{0};
  absl::Notification stop_;
  std::thread thread_;
};

// The bytes of every file under `dir`, recursively; 0 if it does not exist.
uint64_t DirectoryBytes(const std::string& dir);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_UTIL_H_
