// The PostgreSQL baseline of `keeper bench grpc`: durable inserts of
// events into a private PostgreSQL 15, at the same concurrency as the
// durable commands they are compared with.
//
// Not thread-safe: one call at a time.
#ifndef KEEPER_TOOLS_BENCH_POSTGRES_H_
#define KEEPER_TOOLS_BENCH_POSTGRES_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/bench_client.h"

ABSL_DECLARE_FLAG(std::string, postgres_bin);

namespace keeper::tools {

// Starts PostgreSQL from --postgres_bin in a temporary directory on a
// loopback port (as `nobody` when run as root, since PostgreSQL refuses
// root), with synchronous_commit=on and fsync=on, makes an events table
// with a unique (stream_id, version) and a unique event id, and has
// `clients` connections each insert one event of `event_bytes` bytes
// into a new stream per transaction, closed loop, for `duration`; then
// stops it and removes the directory. nullopt when PostgreSQL is not
// installed there; an error when it is but cannot be started.
absl::StatusOr<std::optional<Outcome>> BenchPostgres(int clients,
                                                     absl::Duration duration,
                                                     size_t event_bytes);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_POSTGRES_H_
