// Measurement helpers shared by the `keeper bench` subcommands.
#ifndef KEEPER_TOOLS_BENCH_UTIL_H_
#define KEEPER_TOOLS_BENCH_UTIL_H_

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
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

// Samples the resident set of process `pid` ("self" for this one) every
// `period` on its own
// thread, from construction until destruction, so that a minute's figure
// is not one sample at a random point of a memtable's fill and flush.
// Thread-safe.
class RssSampler {
 public:
  RssSampler(std::string pid, absl::Duration period);
  ~RssSampler();  // stops and joins the sampling thread
  RssSampler(const RssSampler&) = delete;
  RssSampler& operator=(const RssSampler&) = delete;

  // The samples (KiB) since the last call or construction, and one taken
  // now, oldest first.
  std::vector<int64_t> TakeSamples();
  // The largest of TakeSamples().
  int64_t TakePeakKb();

 private:
  void Sample();

  const std::string pid_;
  const absl::Duration period_;
  absl::Mutex mu_;
  std::vector<int64_t> samples_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

// The bytes of every file under `dir`, recursively; 0 if it does not exist.
uint64_t DirectoryBytes(const std::string& dir);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_UTIL_H_
