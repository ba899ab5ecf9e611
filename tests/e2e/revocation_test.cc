// Revoked client certificates, end to end: keeperd reads the CRL directory
// at every handshake and ends old connections within a bounded age.
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "health.grpc.pb.h"
#include "tests/e2e/keeperd_process.h"

namespace keeper {
namespace {

using testing::KeeperdProcess;
using testing::ReadText;

grpc::Status Check(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, grpc::health::v1::HealthCheckRequest(),
                     &response);
}

std::string Shell(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[256];
  while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) {
    output += buffer;
  }
  if (pipe != nullptr) {
    EXPECT_EQ(pclose(pipe), 0) << command;
  }
  return output;
}

TEST(RevocationTest, RevokedCertificateIsRefusedAndOthersKeepWorking) {
  KeeperdProcess server(/*start=*/true, {"--max_connection_age=2s"});
  const std::string tls = TlsDir(server.data_dir());
  // Opened before the revocation; its handshake read the (empty) CRL.
  const auto old_channel = server.Channel("police-officer");
  ASSERT_TRUE(Check(old_channel).ok()) << server.Output();

  Shell(std::string(KEEPER_SOURCE_DIR) + "/tools/dev_certs.sh revoke " + tls +
        " police-officer");

  // The replaced CRL applies to the next handshake, without a restart.
  EXPECT_EQ(Check(server.Channel("police-officer")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(Check(server.Channel("social-worker")).ok());
  EXPECT_TRUE(Check(server.Channel("teacher")).ok());

  // The old connection ends at its maximum age and cannot handshake again.
  grpc::Status old_status;
  for (int i = 0; i < 50 && old_status.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    old_status = Check(old_channel);
  }
  EXPECT_EQ(old_status.error_code(), grpc::StatusCode::UNAVAILABLE);
  // A channel that is not revoked reconnects after its connection ages out.
  const auto social = server.Channel("social-worker");
  ASSERT_TRUE(Check(social).ok());
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE(Check(social).ok());

  // The refusal is logged with whose certificate it was.
  const std::string serial =
      Shell("openssl x509 -noout -serial -in " + tls + "/police-officer.pem");
  ASSERT_EQ(serial.rfind("serial=", 0), 0u);
  const std::string log = ReadText(server.stderr_path());
  EXPECT_NE(log.find("client certificate refused"), std::string::npos) << log;
  EXPECT_NE(log.find("CN=pat.police"), std::string::npos) << log;
  EXPECT_NE(log.find("\"serial\":\"" + serial.substr(7, serial.size() - 8)),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("certificate revoked"), std::string::npos) << log;
}

TEST(RevocationTest, KeeperdWillNotStartWithoutACrlFromTheCa) {
  KeeperdProcess server(/*start=*/false);
  TempDir empty("no-crl");
  std::string output;
  EXPECT_EQ(testing::RunKeeperdToExit(
                {"--data_dir=" + server.data_dir(), "--listen=127.0.0.1:0",
                 "--metrics_listen=", "--crl_dir=" + empty.path()},
                &output),
            1);
  EXPECT_NE(output.find("unable to get certificate CRL"), std::string::npos)
      << output;
}

}  // namespace
}  // namespace keeper
