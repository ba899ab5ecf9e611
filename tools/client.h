// Connecting the `keeper` client subcommands to keeperd.
#ifndef KEEPER_TOOLS_CLIENT_H_
#define KEEPER_TOOLS_CLIENT_H_

#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(std::string, tls_dir);
ABSL_DECLARE_FLAG(std::string, as);
ABSL_DECLARE_FLAG(std::string, purpose);
ABSL_DECLARE_FLAG(std::string, on_behalf_of);

namespace keeper::tools {

// The default --server: $KEEPER_LISTEN (as tools/run.sh starts keeperd
// with), else localhost:50051.
std::string DefaultServer();

// A mutual-TLS channel to --server, presenting <tls_dir>/<as>.pem and .key
// and trusting <tls_dir>/ca.pem, for the client subcommands. Each of them
// reads, so each needs --purpose: INVALID_ARGUMENT saying "add --purpose"
// without it. NOT_FOUND naming tools/dev_certs.sh for a missing certificate.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectFromFlags();

// The same as the certificate `who`. With `own_connection`, the channel
// opens its own connection instead of sharing one with identical channels,
// as separate client systems would.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectAs(
    const std::string& who, bool own_connection = false);

// Adds --purpose and --on_behalf_of as call metadata, and a deadline for
// unary calls (`deadline` > 0).
void AddCallMetadata(grpc::ClientContext& context,
                     absl::Duration deadline = absl::ZeroDuration());

// Prints a failed call's code and message to stderr; returns exit code 1.
int FailRpc(const grpc::Status& status);

// protobuf's JSON mapping with the .proto field names, on one line.
std::string ToJsonLine(const google::protobuf::Message& message);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_CLIENT_H_
