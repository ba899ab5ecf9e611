#include "tools/client.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/files.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/grpc/caller.h"
#include "tools/cli.h"

ABSL_FLAG(std::string, server, "localhost:50051", "keeperd's address");
ABSL_FLAG(std::string, tls_dir, "",
          "where ca.pem and the client certificates are; default "
          "<data_dir>/tls");
ABSL_FLAG(std::string, as, "social-worker",
          "the client certificate to present: <tls_dir>/<as>.pem and .key");
ABSL_FLAG(std::string, purpose, "",
          "why the data is read (required for reads)");
ABSL_FLAG(std::string, on_behalf_of, "", "the person the call is made for");

namespace keeper::tools {

absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectFromFlags() {
  std::string dir = absl::GetFlag(FLAGS_tls_dir);
  if (dir.empty()) dir = TlsDir(absl::GetFlag(FLAGS_data_dir));
  const std::string who = absl::GetFlag(FLAGS_as);
  grpc::SslCredentialsOptions ssl;
  for (auto [path, out] :
       {std::pair{dir + "/ca.pem", &ssl.pem_root_certs},
        std::pair{dir + "/" + who + ".pem", &ssl.pem_cert_chain},
        std::pair{dir + "/" + who + ".key", &ssl.pem_private_key}}) {
    absl::StatusOr<std::string> text = ReadFileToString(path);
    if (!text.ok()) return text.status();
    *out = *std::move(text);
  }
  return grpc::CreateChannel(absl::GetFlag(FLAGS_server),
                             grpc::SslCredentials(ssl));
}

void AddCallMetadata(grpc::ClientContext& context) {
  if (const std::string purpose = absl::GetFlag(FLAGS_purpose);
      !purpose.empty()) {
    context.AddMetadata(services::kPurposeHeader, purpose);
  }
  if (const std::string person = absl::GetFlag(FLAGS_on_behalf_of);
      !person.empty()) {
    context.AddMetadata(services::kOnBehalfOfHeader, person);
  }
}

}  // namespace keeper::tools
