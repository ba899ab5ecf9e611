// keeperd's gRPC server: mutual TLS, the Keeper services, health checking
// and reflection.
#ifndef KEEPER_SERVICES_GRPC_SERVER_H_
#define KEEPER_SERVICES_GRPC_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/server.h"
#include "grpcpp/support/server_interceptor.h"

namespace keeper::services {

struct TlsFiles {
  std::string ca_pem;      // clients' certificates must chain to this CA
  std::string server_pem;  // the server's certificate chain
  std::string server_key;  // its private key
};

// The services every KeeperServer serves besides those it is given: health
// checking and reflection (v1alpha and v1).
absl::StatusOr<std::vector<const google::protobuf::ServiceDescriptor*>>
BuiltInServices();

// "/<service>/<method>" for every method of `services`.
std::vector<std::string> MethodNames(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services);

// Reads ca.pem, server.pem and server.key from `dir`.
absl::StatusOr<TlsFiles> LoadTlsFiles(const std::string& dir);

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";
  TlsFiles tls;
  // If set, client certificates are checked against the CRLs in this
  // directory at every handshake (see revocation.h).
  std::string crl_dir;
  // Connections are closed after this age (calls in flight get
  // `max_connection_grace` more), so that a revoked caller's old channel
  // must handshake again; clients reconnect by themselves.
  absl::Duration max_connection_age = absl::Minutes(15);
  absl::Duration max_connection_grace = absl::Seconds(30);
  // Larger requests are refused with RESOURCE_EXHAUSTED before any handler.
  int max_message_bytes = 4 << 20;
  // Interceptors for every call (metrics and logging), made when the
  // server starts.
  std::function<std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>()>
      interceptors;
  // Why writes are refused (start-up integrity failed); OK to accept them.
  // While not OK, health reports the writing services and the server as a
  // whole ("") NOT_SERVING, and the reading services SERVING.
  absl::Status writes_refused;
};

// A service to register, with the name health checking knows it by.
struct ServedService {
  grpc::Service* service;
  std::string name;     // e.g. "keeper.v1.CaseService"
  bool writes = false;  // its calls append the caller's changes
};

// Listens with mutual TLS: a client without a certificate from the CA is
// refused during the handshake. The services must outlive the server. The
// port is bound exclusively (no SO_REUSEPORT): a second server on the same
// address fails with FAILED_PRECONDITION saying the address is in use.
class KeeperServer {
 public:
  static absl::StatusOr<std::unique_ptr<KeeperServer>> Start(
      const ServerOptions& options, const std::vector<ServedService>& services);

  int port() const { return port_; }
  void Wait() { server_->Wait(); }
  // Reports NOT_SERVING, stops accepting calls, and waits up to `grace` for
  // calls in flight before cancelling them. Long-lived streams should be
  // ended by their services first, or they take the whole grace period.
  void Shutdown(absl::Duration grace);

 private:
  KeeperServer(std::unique_ptr<grpc::Service> reflection_v1,
               std::unique_ptr<grpc::Server> server, int port)
      : reflection_v1_(std::move(reflection_v1)),
        server_(std::move(server)),
        port_(port) {}
  std::unique_ptr<grpc::Service> reflection_v1_;  // outlives server_
  std::unique_ptr<grpc::Server> server_;
  int port_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_SERVER_H_
