#include "services/grpc/server.h"

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

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
  const google::protobuf::ServiceDescriptor* reflection =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "grpc.reflection.v1alpha.ServerReflection");
  if (HealthService() == nullptr || reflection == nullptr) {
    return absl::InternalError("no descriptor of health or reflection");
  }
  return std::vector{HealthService(), reflection};
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
