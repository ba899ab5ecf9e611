// keeperd's gRPC server: mutual TLS, the Keeper services, health checking
// and reflection.
#ifndef KEEPER_SERVICES_GRPC_SERVER_H_
#define KEEPER_SERVICES_GRPC_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "grpcpp/support/server_interceptor.h"

namespace keeper::services {

struct TlsFiles {
  std::string ca_pem;      // clients' certificates must chain to this CA
  std::string server_pem;  // the server's certificate chain
  std::string server_key;  // its private key
};

// Reads ca.pem, server.pem and server.key from `dir`.
absl::StatusOr<TlsFiles> LoadTlsFiles(const std::string& dir);

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";
  TlsFiles tls;
  // Larger requests are refused with RESOURCE_EXHAUSTED before any handler.
  int max_message_bytes = 4 << 20;
  // Interceptors for every call (metrics and logging), made when the
  // server starts.
  std::function<std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>()>
      interceptors;
};

// Listens with mutual TLS: a client without a certificate from the CA is
// refused during the handshake. The services must outlive the server.
class KeeperServer {
 public:
  static absl::StatusOr<std::unique_ptr<KeeperServer>> Start(
      const ServerOptions& options,
      const std::vector<grpc::Service*>& services);

  int port() const { return port_; }
  void Wait() { server_->Wait(); }
  void Shutdown();

 private:
  KeeperServer(std::unique_ptr<grpc::Server> server, int port)
      : server_(std::move(server)), port_(port) {}
  std::unique_ptr<grpc::Server> server_;
  int port_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_SERVER_H_
