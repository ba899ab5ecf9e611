#include "tools/client.h"

#include <cstdlib>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/data_dir.h"
#include "common/files.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/access/caller.h"
#include "tools/cli.h"
#include "tools/table.h"

ABSL_FLAG(std::string, server, keeper::tools::DefaultServer(),
          "keeperd's address; default $KEEPER_LISTEN, else localhost:50051");
ABSL_FLAG(std::string, tls_dir, "",
          "where ca.pem and the client certificates are; default "
          "<data_dir>/tls");
ABSL_FLAG(std::string, as, "",
          "required: the client certificate to present, <tls_dir>/<as>.pem "
          "and .key");
ABSL_FLAG(std::string, purpose, "",
          "why the data is read (required for reads)");
ABSL_FLAG(std::string, on_behalf_of, "", "the person the call is made for");

namespace keeper::tools {

std::string DefaultServer() {
  const char* env = std::getenv("KEEPER_LISTEN");
  return env != nullptr && *env != '\0' ? env : "localhost:50051";
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectFromFlags() {
  // Every call is recorded under the caller's identity, so it is never
  // assumed.
  const std::string who = absl::GetFlag(FLAGS_as);
  if (who.empty()) {
    return absl::InvalidArgumentError(
        "give --as NAME: the certificate to call as (<tls_dir>/NAME.pem); "
        "there is no default identity");
  }
  // keeperd would refuse (and record) the read; say so before calling.
  if (absl::GetFlag(FLAGS_purpose).empty()) {
    return absl::InvalidArgumentError(
        "every read through keeperd says why: add --purpose \"...\" (e.g. "
        "--purpose \"section 47 enquiry\")");
  }
  return ConnectAs(who);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectAs(const std::string& who,
                                                         bool own_connection) {
  std::string dir = absl::GetFlag(FLAGS_tls_dir);
  if (dir.empty()) dir = TlsDir(absl::GetFlag(FLAGS_data_dir));
  grpc::SslCredentialsOptions ssl;
  for (auto [path, out] :
       {std::pair{dir + "/ca.pem", &ssl.pem_root_certs},
        std::pair{dir + "/" + who + ".pem", &ssl.pem_cert_chain},
        std::pair{dir + "/" + who + ".key", &ssl.pem_private_key}}) {
    absl::StatusOr<std::string> text = ReadFileToString(path);
    if (!text.ok()) {
      return absl::NotFoundError(absl::StrCat(
          text.status().message(),
          ": make development certificates with tools/dev_certs.sh ", dir,
          " (keeper demo makes them too), or give --tls_dir"));
    }
    *out = *std::move(text);
  }
  grpc::ChannelArguments args;
  if (own_connection) args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(absl::GetFlag(FLAGS_server),
                                   grpc::SslCredentials(ssl), args);
}

void AddCallMetadata(grpc::ClientContext& context, absl::Duration deadline) {
  if (deadline > absl::ZeroDuration()) {
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  }
  if (const std::string purpose = absl::GetFlag(FLAGS_purpose);
      !purpose.empty()) {
    context.AddMetadata(services::kPurposeHeader, purpose);
  }
  if (const std::string person = absl::GetFlag(FLAGS_on_behalf_of);
      !person.empty()) {
    context.AddMetadata(services::kOnBehalfOfHeader, person);
  }
}

int FailRpc(const grpc::Status& status) {
  const Format format = OutputFormat();
  return PrintError(format,
                    absl::StatusCodeToString(
                        static_cast<absl::StatusCode>(status.error_code())),
                    format == Format::kText
                        ? absl::StrCat(status.error_message(), " (code ",
                                       status.error_code(), ")")
                        : status.error_message(),
                    1);
}

std::string ToJsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  if (!google::protobuf::util::MessageToJsonString(message, &line, options)
           .ok()) {
    line = message.ShortDebugString();
  }
  return line;
}

}  // namespace keeper::tools
