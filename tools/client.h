// Connecting the `keeper` client subcommands to keeperd.
#ifndef KEEPER_TOOLS_CLIENT_H_
#define KEEPER_TOOLS_CLIENT_H_

#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(std::string, tls_dir);
ABSL_DECLARE_FLAG(std::string, as);
ABSL_DECLARE_FLAG(std::string, purpose);
ABSL_DECLARE_FLAG(std::string, on_behalf_of);

namespace keeper::tools {

// A mutual-TLS channel to --server, presenting <tls_dir>/<as>.pem and .key
// and trusting <tls_dir>/ca.pem.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectFromFlags();

// Adds --purpose and --on_behalf_of as call metadata.
void AddCallMetadata(grpc::ClientContext& context);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_CLIENT_H_
