// Client calls shared by the `keeper bench` subcommands that drive keeperd
// through gRPC (bench grpc, crash and soak).
#ifndef KEEPER_TOOLS_BENCH_CLIENT_H_
#define KEEPER_TOOLS_BENCH_CLIENT_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "keeper/v1/conference_commands.pb.h"
#include "tools/bench_util.h"

namespace keeper::tools {

// The purpose metadata a read needs, and a 30 s deadline.
void AddMetadata(grpc::ClientContext& context);

// Opens `case_id` in fife, with a new idempotency key.
v1::OpenCase OpenCaseCommand(const std::string& case_id);

struct Outcome {
  Run run;
  // At a fixed rate: latency counted from when each call was due, which
  // also counts any delay of the client's own in sending it.
  std::optional<Run> from_schedule;
  int64_t errors = 0;
  std::string first_error;
};

// One call's state, alive until its answer has been handled.
template <typename Request, typename Response>
struct Call {
  grpc::ClientContext context;
  Request request;
  Response response;
};

// Opens one connection per client as `who` (ConnectAs), and waits until
// each is up and has answered once, so that handshakes are not measured.
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> Connect(
    const std::string& who, int clients);

// Starts call `n` of client `client` and calls `done` with its status when
// it is answered (on a gRPC thread).
using Done = std::function<void(const grpc::Status&)>;
using StartCall = std::function<void(int client, int64_t n, Done done)>;

// Sends call i at start + i / rate, whether or not earlier calls have been
// answered, spreading them over `clients` connections; returns when all
// are answered.
Outcome FixedRate(int rate, int clients, absl::Duration duration,
                  const StartCall& start_call);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_CLIENT_H_
