// `keeper bench ...`: benchmarks that print their figures and their ratio to
// a baseline measured in the same run. Benchmarks, not tests.
#ifndef KEEPER_TOOLS_BENCH_COMMANDS_H_
#define KEEPER_TOOLS_BENCH_COMMANDS_H_

#include "tools/cli.h"

namespace keeper::tools {

// Appends into --data_dir; the raw baseline writes into a temp directory.
int RunBenchAppend(const Args& args);

// Rebuilds every projection from a generated store of --rebuild_events
// events, against a raw scan of the `events` column family.
int RunBenchRebuild(const Args& args);

// Verifies a generated store of --verify_events (chain and tree) against
// plain SHA-256 of the same bytes, and times proofs from a stored tree of
// --proof_events leaves.
int RunBenchVerify(const Args& args);

// Drives a running keeperd (--server, --tls_dir) from --clients concurrent
// clients for --seconds: durable commands/s, audited register checks/s,
// and the latency of checks at a fixed rate.
int RunBenchGrpc(const Args& args);

// Starts its own keeperd on a new data directory, SIGKILLs it --kills times
// under --clients' commands, then prints kills, acknowledged, lost and
// duplicated; exits 1 unless nothing was lost or duplicated, positions have
// no gaps, `keeper verify` passes and the projections equal a rebuild.
int RunBenchCrash(const Args& args);

// Starts its own keeperd and sends it --rate calls a second for --minutes,
// printing its RSS and the p99 latency every minute, and whether the RSS
// stayed flat (within 10%) after the first minute.
int RunBenchSoak(const Args& args);

// Builds a store of --events demo histories and register enquiries under
// keeperd's default memory budget, rebuilds its projections, starts keeperd
// on it, and prints disk use, RSS, the rebuild's and keeperd's start time,
// and proof latency in process and through gRPC, each against its aim.
int RunBenchScale(const Args& args);

// Renders the console's register page over --console_children children,
// a page of a --console_trail-record access trail, and a year's timescale
// dashboard, against the projection reads they render.
int RunBenchConsole(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_COMMANDS_H_
