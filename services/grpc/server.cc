#include "services/grpc/server.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/files.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "grpcpp/server_builder.h"
#include "services/grpc/reflection_v1.h"
#include "services/grpc/revocation.h"

namespace keeper::services {

namespace {

// gRPC's default health service is built without protobuf descriptors, so
// its interface (grpc/health/v1/health.proto) is described here.
constexpr char kHealthProto[] = R"pb(
  name: "grpc/health/v1/health.proto"
  package: "grpc.health.v1"
  syntax: "proto3"
  message_type { name: "HealthCheckRequest" }
  message_type { name: "HealthCheckResponse" }
  service {
    name: "Health"
    method {
      name: "Check"
      input_type: ".grpc.health.v1.HealthCheckRequest"
      output_type: ".grpc.health.v1.HealthCheckResponse"
    }
    method {
      name: "Watch"
      input_type: ".grpc.health.v1.HealthCheckRequest"
      output_type: ".grpc.health.v1.HealthCheckResponse"
      server_streaming: true
    }
  }
)pb";

const google::protobuf::ServiceDescriptor* HealthService() {
  static const google::protobuf::ServiceDescriptor* const service = [] {
    static google::protobuf::DescriptorPool pool;
    google::protobuf::FileDescriptorProto file;
    if (!google::protobuf::TextFormat::ParseFromString(kHealthProto, &file)) {
      return static_cast<const google::protobuf::ServiceDescriptor*>(nullptr);
    }
    const google::protobuf::FileDescriptor* built = pool.BuildFile(file);
    return built == nullptr ? nullptr : built->service(0);
  }();
  return service;
}

}  // namespace

absl::StatusOr<std::vector<const google::protobuf::ServiceDescriptor*>>
BuiltInServices() {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const google::protobuf::ServiceDescriptor* reflection =
      pool->FindServiceByName("grpc.reflection.v1alpha.ServerReflection");
  const google::protobuf::ServiceDescriptor* reflection_v1 =
      pool->FindServiceByName("grpc.reflection.v1.ServerReflection");
  if (HealthService() == nullptr || reflection == nullptr ||
      reflection_v1 == nullptr) {
    return absl::InternalError("no descriptor of health or reflection");
  }
  return std::vector{HealthService(), reflection, reflection_v1};
}

std::vector<std::string> MethodNames(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  std::vector<std::string> names;
  for (const google::protobuf::ServiceDescriptor* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      names.push_back(absl::StrCat("/", service->full_name(), "/",
                                   service->method(i)->name()));
    }
  }
  return names;
}

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

namespace {

// Whether another socket holds `address` (HOST:PORT or [HOST]:PORT). gRPC
// only logs why a listener failed, so the server asks the kernel itself.
bool AddressInUse(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = address.substr(0, colon);
  const std::string port = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints,
                  &found) != 0) {
    return false;
  }
  bool in_use = false;
  for (addrinfo* a = found; a != nullptr && !in_use; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    in_use = bind(fd, a->ai_addr, a->ai_addrlen) != 0 && errno == EADDRINUSE;
    close(fd);
  }
  freeaddrinfo(found);
  return in_use;
}

// Mutual TLS; with a CRL directory, through gRPC's TLS credentials, whose
// verifier hook checks revocation.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  if (options.crl_dir.empty()) {
    grpc::SslServerCredentialsOptions ssl(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = options.tls.ca_pem;
    ssl.pem_key_cert_pairs.push_back(
        {options.tls.server_key, options.tls.server_pem});
    return grpc::SslServerCredentials(ssl);
  }
  absl::StatusOr<std::unique_ptr<RevocationChecker>> checker =
      RevocationChecker::Create(options.crl_dir, options.tls.ca_pem,
                                options.tls.server_pem);
  if (!checker.ok()) return checker.status();
  auto certificates =
      std::make_shared<grpc::experimental::StaticDataCertificateProvider>(
          options.tls.ca_pem,
          std::vector<grpc::experimental::IdentityKeyCertPair>{
              {options.tls.server_key, options.tls.server_pem}});
  grpc::experimental::TlsServerCredentialsOptions tls(certificates);
  tls.watch_root_certs();
  tls.watch_identity_key_cert_pairs();
  tls.set_cert_request_type(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.set_certificate_verifier(RevocationVerifier(*std::move(checker)));
  return grpc::experimental::TlsServerCredentials(tls);
}

}  // namespace

absl::StatusOr<std::unique_ptr<KeeperServer>> KeeperServer::Start(
    const ServerOptions& options, const std::vector<ServedService>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      Credentials(options);
  if (!credentials.ok()) return credentials.status();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, *credentials, &port);
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.max_connection_age)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(
                                 options.max_connection_grace)));
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  // gRPC sets SO_REUSEPORT by default, which lets a second server share the
  // port and take half the calls: one address, one keeperd.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  for (const ServedService& served : services) {
    builder.RegisterService(served.service);
  }
  auto reflection_v1 = std::make_unique<ReflectionV1>();
  builder.RegisterService(reflection_v1.get());
  if (options.interceptors) {
    builder.experimental().SetInterceptorCreators(options.interceptors());
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    if (AddressInUse(options.listen_address)) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot listen on ", options.listen_address,
                       ": the address is in use (is another keeperd running "
                       "there?); stop it or choose another --listen"));
    }
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address));
  }
  reflection_v1->Attach(server->InProcessChannel(grpc::ChannelArguments()));
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  const bool writable = options.writes_refused.ok();
  health->SetServingStatus("", writable);
  for (const ServedService& served : services) {
    health->SetServingStatus(served.name, writable || !served.writes);
  }
  return std::unique_ptr<KeeperServer>(
      new KeeperServer(std::move(reflection_v1), std::move(server), port));
}

void KeeperServer::Shutdown(absl::Duration grace) {
  // Ends health Watch streams too, which would otherwise hold the shutdown.
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
}

}  // namespace keeper::services
