// keeper demo: writes realistic, deterministic case histories through the
// domain's commands, then brings every projection up to date, so that each
// read model has real data to show.
#ifndef KEEPER_TOOLS_DEMO_COMMAND_H_
#define KEEPER_TOOLS_DEMO_COMMAND_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "tools/cli.h"

namespace keeper::tools {

struct DemoResult {
  uint64_t commands = 0;
  uint64_t enquiries = 0;
  uint64_t events = 0;  // the store's head afterwards
};

// Writes `children` children's histories into a new store under
// `data_dir` (FAILED_PRECONDITION if it already holds events) and catches
// the projections up. The same seed writes the same events, apart from the
// time the store records and the hash chain over it. With `authority`,
// every story is in that authority (PlanDemo).
absl::StatusOr<DemoResult> WriteDemo(const std::string& data_dir, int children,
                                     uint64_t seed,
                                     const domain::PolicyRegistry& policies,
                                     const std::string& authority = "");

// Writes the demo into --data_dir, then makes development certificates in
// its tls/ so that keeperd starts on it as it is.
int RunDemo(const Args& args);

// tools/dev_certs.sh, the one place that makes development certificates:
// the installed copy (<prefix>/share/keeper) if there is one, else the
// source tree's.
std::string DevCertsScript();
// Runs it for `dir`; it keeps the certificates already there.
absl::Status MakeDevCertificates(const std::string& dir);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_DEMO_COMMAND_H_
