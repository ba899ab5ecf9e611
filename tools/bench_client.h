// Client calls shared by the `keeper bench` subcommands that drive keeperd
// through gRPC (bench grpc, crash and soak).
#ifndef KEEPER_TOOLS_BENCH_CLIENT_H_
#define KEEPER_TOOLS_BENCH_CLIENT_H_

#include <string>

#include "grpcpp/client_context.h"
#include "keeper/v1/conference_commands.pb.h"

namespace keeper::tools {

// The purpose metadata a read needs, and a 30 s deadline.
void AddMetadata(grpc::ClientContext& context);

// Opens `case_id` in fife, with a new idempotency key.
v1::OpenCase OpenCaseCommand(const std::string& case_id);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BENCH_CLIENT_H_
