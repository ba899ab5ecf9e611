// Reading keeperd's Prometheus metrics (GET /metrics), so that a benchmark
// can report a figure only the server can measure.
#ifndef KEEPER_TOOLS_BENCH_METRICS_H_
#define KEEPER_TOOLS_BENCH_METRICS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace keeper::tools {

// A histogram's cumulative bucket counts by upper bound (+Inf included).
using Buckets = std::map<double, double>;

// The text of the metrics at `address` (HOST:PORT); UNAVAILABLE when
// nothing answers there.
absl::StatusOr<std::string> ReadMetrics(const std::string& address);

// The value of one series, named as the text format names it (e.g.
// `keeper_rocksdb_memory_bytes{kind="block_cache"}`); NOT_FOUND when it is
// not among the metrics.
absl::StatusOr<double> ReadSample(const std::string& address,
                                  const std::string& series);

// The buckets of histogram `name` (without labels) at `address`
// (HOST:PORT). UNAVAILABLE when nothing answers there, NOT_FOUND when the
// histogram is not among the metrics.
absl::StatusOr<Buckets> ReadHistogram(const std::string& address,
                                      const std::string& name);

// The upper bound of the bucket holding quantile `q` of what was observed
// between `before` and `after`; nullopt when nothing was.
std::optional<double> QuantileBound(const Buckets& before, const Buckets& after,
                                    double q);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_METRICS_H_
