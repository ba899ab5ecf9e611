#include "services/grpc/server.h"

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace keeper::services {

absl::StatusOr<TlsFiles> LoadTlsFiles(const std::string& dir) {
  TlsFiles files;
  for (auto [name, out] : {std::pair{"ca.pem", &files.ca_pem},
                           std::pair{"server.pem", &files.server_pem},
                           std::pair{"server.key", &files.server_key}}) {
    absl::StatusOr<std::string> text = ReadFileToString(dir + "/" + name);
    if (!text.ok()) return text.status();
    *out = *std::move(text);
  }
  return files;
}

absl::StatusOr<std::unique_ptr<KeeperServer>> KeeperServer::Start(
    const ServerOptions& options, const std::vector<grpc::Service*>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::SslServerCredentialsOptions ssl(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = options.tls.ca_pem;
  ssl.pem_key_cert_pairs.push_back(
      {options.tls.server_key, options.tls.server_pem});

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address,
                           grpc::SslServerCredentials(ssl), &port);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  for (grpc::Service* service : services) builder.RegisterService(service);
  if (options.interceptors) {
    builder.experimental().SetInterceptorCreators(options.interceptors());
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address));
  }
  return std::unique_ptr<KeeperServer>(
      new KeeperServer(std::move(server), port));
}

void KeeperServer::Shutdown() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

}  // namespace keeper::services
