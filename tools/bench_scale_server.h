// The figures of `keeper bench scale` that a real keeperd serves: how soon
// it serves a built data directory, projections caught up, and proof
// latency through gRPC over mutual TLS.
#ifndef KEEPER_TOOLS_BENCH_SCALE_SERVER_H_
#define KEEPER_TOOLS_BENCH_SCALE_SERVER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "tools/bench_util.h"

namespace keeper::tools {

struct ServedFigures {
  // From just before keeperd is started until its health check answers
  // SERVING and its metrics show every projection at the head.
  double start_seconds = 0;
  int64_t rss_kb = 0;  // keeperd's, once serving
  Run inclusion;       // GetInclusionProof, one call after another
  Run consistency;     // GetConsistencyProof
  // The health check, as many calls the same way: what a call costs
  // through gRPC and TLS on this machine with no work behind it.
  Run health;
};

// Starts `binary` (empty: the keeperd beside this program) on `data_dir`,
// which must hold `head` events and projections caught up with them, and
// development certificates in its tls/. Once it serves, times `proofs`
// calls of each proof RPC at random positions of the tree of `head`
// (checking that each answers for that tree, whose root is `root`) and as
// many health checks, then stops it. UNAVAILABLE if it does not start or catch
// up within a minute; the failed call's status otherwise.
absl::StatusOr<ServedFigures> MeasureKeeperd(const std::string& binary,
                                             const std::string& data_dir,
                                             uint64_t head,
                                             const std::string& root,
                                             int64_t proofs);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_SCALE_SERVER_H_
