// Reading histograms and gauges from keeperd's Prometheus metrics (GET
// /metrics), so that a benchmark can report a figure only the server can
// measure.
#ifndef KEEPER_TOOLS_BENCH_METRICS_H_
#define KEEPER_TOOLS_BENCH_METRICS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace keeper::tools {

// A histogram's cumulative bucket counts by upper bound (+Inf included).
using Buckets = std::map<double, double>;

// The buckets of histogram `name` (without labels) at `address`
// (HOST:PORT). UNAVAILABLE when nothing answers there, NOT_FOUND when the
// histogram is not among the metrics.
absl::StatusOr<Buckets> ReadHistogram(const std::string& address,
                                      const std::string& name);

// Every sample of `name` at `address`, by its labels as written
// (`{projection="register"}`, or empty for none). UNAVAILABLE when nothing
// answers there, NOT_FOUND when there is no sample of `name`.
absl::StatusOr<std::map<std::string, double>> ReadSamples(
    const std::string& address, const std::string& name);

// The upper bound of the bucket holding quantile `q` of what was observed
// between `before` and `after`; nullopt when nothing was.
std::optional<double> QuantileBound(const Buckets& before, const Buckets& after,
                                    double q);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_METRICS_H_
