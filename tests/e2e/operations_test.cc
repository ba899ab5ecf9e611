// Running keeperd for real: one server per address, the start-up check of
// the log against its signed checkpoints, health by service, --version, and
// a prompt, clean stop.
#include <sys/wait.h>

#include <cstdio>
#include <thread>

#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "eventstore/signing_key.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "health.grpc.pb.h"
#include "keeper/v1/case_service.grpc.pb.h"
#include "keeper/v1/events_service.grpc.pb.h"
#include "tests/e2e/keeperd_process.h"
#include "tests/eventstore/test_events.h"

namespace keeper {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using testing::KeeperdProcess;
using testing::RunKeeperdToExit;

// The status health reports for `service`; NOT_FOUND (as a grpc::Status)
// for a service it does not know.
grpc::Status Health(KeeperdProcess& server, const std::string& service,
                    HealthCheckResponse::ServingStatus* status) {
  auto stub = grpc::health::v1::Health::NewStub(server.Channel("inspector"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status result = stub->Check(&context, request, &response);
  *status = response.status();
  return result;
}

HealthCheckResponse::ServingStatus HealthOf(KeeperdProcess& server,
                                            const std::string& service) {
  HealthCheckResponse::ServingStatus status = HealthCheckResponse::UNKNOWN;
  const grpc::Status result = Health(server, service, &status);
  EXPECT_TRUE(result.ok()) << service << ": " << result.error_message();
  return status;
}

constexpr const char* kServices[] = {
    "keeper.v1.EventsService",       "keeper.v1.AuditService",
    "keeper.v1.CaseService",         "keeper.v1.RegisterService",
    "keeper.v1.ReviewService",       "keeper.v1.ProofService",
    "keeper.v1.NotificationService", "keeper.v1.TimescalesService",
    "keeper.v1.ReturnsService",      "keeper.v1.SubjectAccessService",
    "keeper.v1.ReportService",       "keeper.v1.RetentionService",
    "keeper.v1.RectificationService"};
// Those whose calls append the caller's changes.
bool Writes(const std::string& service) {
  return service == "keeper.v1.CaseService" ||
         service == "keeper.v1.NotificationService" ||
         service == "keeper.v1.RetentionService" ||
         service == "keeper.v1.RectificationService";
}

grpc::Status OpenAnyCase(KeeperdProcess& server) {
  auto stub = v1::CaseService::NewStub(server.Channel("social-worker"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::OpenCase request;
  v1::CommandResult result;
  return stub->OpenCase(&context, request, &result);
}

grpc::Status GetCase(KeeperdProcess& server, const std::string& case_id) {
  auto stub = v1::CaseService::NewStub(server.Channel("social-worker"));
  grpc::ClientContext context;
  context.AddMetadata("x-keeper-purpose", "case review");
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::GetCaseRequest request;
  request.set_case_id(case_id);
  v1::CaseView view;
  return stub->GetCase(&context, request, &view);
}

// Runs `keeper` with `args` and returns its exit code and standard output.
std::pair<int, std::string> Keeper(const std::string& args) {
  const std::string command = std::string(KEEPER_BINARY) + " " + args;
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  for (size_t n; pipe && (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) {
    out.append(buffer, n);
  }
  const int status = pipe ? pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(OperationsTest, ASecondKeeperdOnTheSameAddressRefusesToStart) {
  KeeperdProcess first;
  TempDir other("keeperd-second");
  std::string output;
  const int code = RunKeeperdToExit(
      {"--data_dir=" + other.path(), "--tls_dir=" + TlsDir(first.data_dir()),
       "--listen=127.0.0.1:" + std::to_string(first.port())},
      &output);
  EXPECT_NE(code, 0) << output;
  EXPECT_NE(output.find("address is in use"), std::string::npos) << output;
  // The first is unharmed.
  EXPECT_EQ(HealthOf(first, ""), HealthCheckResponse::SERVING);
}

TEST(OperationsTest, ASecondKeeperdOnTheSameDataDirectorySaysWhy) {
  KeeperdProcess first;
  std::string output;
  const int code = RunKeeperdToExit(
      {"--data_dir=" + first.data_dir(), "--listen=127.0.0.1:0"}, &output);
  EXPECT_NE(code, 0) << output;
  EXPECT_NE(output.find("is another keeperd serving"), std::string::npos)
      << output;
}

TEST(OperationsTest, HealthReportsEveryServiceByName) {
  KeeperdProcess server;
  EXPECT_EQ(HealthOf(server, ""), HealthCheckResponse::SERVING);
  for (const char* service : kServices) {
    EXPECT_EQ(HealthOf(server, service), HealthCheckResponse::SERVING)
        << service;
  }
  HealthCheckResponse::ServingStatus status;
  EXPECT_EQ(Health(server, "keeper.v1.NoSuchService", &status).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST(OperationsTest, SigtermEndsAnOpenFeedAndExitsPromptly) {
  KeeperdProcess server;
  auto channel = server.Channel("social-worker");
  auto stub = v1::EventsService::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("x-keeper-purpose", "following the feed");
  auto reader = stub->Subscribe(&context, v1::SubscribeRequest());
  grpc::Status ended;
  std::thread follower([&] {
    v1::EventEnvelope event;
    while (reader->Read(&event)) {
    }
    ended = reader->Finish();
  });
  // The feed is open once the call reached the server; the health check on
  // the same connection shows the connection is up.
  EXPECT_EQ(HealthOf(server, ""), HealthCheckResponse::SERVING);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const auto took = server.Stop();  // expects exit code 0
  follower.join();
  // A correctness bound, not a benchmark: an idle server has nothing to
  // wait for, where it used to wait out a 5 s grace for the feed. The
  // margin below those 5 s is for a sanitizer build's exit (LeakSanitizer
  // scans the whole heap then).
  EXPECT_LT(took, std::chrono::milliseconds(4500));
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE)
      << ended.error_message();
  EXPECT_EQ(ended.error_message(), "server shutting down");
  const std::string log = server.Output();
  EXPECT_NE(log.find("keeperd: stopped"), std::string::npos) << log;
}

TEST(OperationsTest, VersionNamesTheReleaseAndCommit) {
  std::string output;
  EXPECT_EQ(RunKeeperdToExit({"--version"}, &output), 0) << output;
  EXPECT_EQ(output.rfind("keeperd ", 0), 0u) << output;
  EXPECT_NE(output.find("(commit "), std::string::npos) << output;
}

// A store with events and signed checkpoints whose newest events were then
// deleted behind its back.
class TruncatedStoreTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kEvents = 10;

  void SetUp() override {
    const std::string events = EventsDir(server_.data_dir());
    {
      auto store = eventstore::testing::OpenStore(events);
      ASSERT_NE(store, nullptr);
      // keeperd's default origin, so that keeperd opens the same key.
      auto identity = eventstore::LoadOrCreateSigningKey(
          KeysDir(server_.data_dir()), "keeper.local/register");
      ASSERT_TRUE(identity.ok()) << identity.status();
      eventstore::CheckpointPublisher::Options manual;
      manual.background = false;
      auto publisher =
          eventstore::CheckpointPublisher::Start(*store, *identity, manual);
      ASSERT_TRUE(publisher.ok()) << publisher.status();
      for (uint64_t i = 1; i <= kEvents; ++i) {
        ASSERT_TRUE(store
                        ->Append(eventstore::testing::OneWrite(
                            "case-" + std::to_string(i % 3),
                            eventstore::ExpectedVersion::Any(),
                            {eventstore::testing::MakeEvent()}))
                        .ok());
        if (i == 5 || i == kEvents) {
          ASSERT_TRUE((*publisher)->PublishNow().ok());
        }
      }
    }
    for (uint64_t position = kEvents - 2; position <= kEvents; ++position) {
      eventstore::testing::WriteRaw(events, eventstore::kEventsCf,
                                    eventstore::EncodeU64(position),
                                    std::nullopt);
    }
  }

  KeeperdProcess server_{/*start=*/false};
};

TEST_F(TruncatedStoreTest, KeeperdServesReadsButRefusesWrites) {
  server_.Start();
  const std::string log = server_.Output();
  EXPECT_NE(log.find("integrity check FAILED"), std::string::npos) << log;
  EXPECT_NE(log.find("events were removed"), std::string::npos) << log;

  const grpc::Status write = OpenAnyCase(server_);
  EXPECT_EQ(write.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << write.error_message();
  EXPECT_NE(write.error_message().find("writes are refused"), std::string::npos)
      << write.error_message();
  EXPECT_NE(write.error_message().find("events were removed"),
            std::string::npos)
      << write.error_message();

  // Reads still work (and are still recorded).
  EXPECT_EQ(GetCase(server_, "fife-2026-0001").error_code(),
            grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(HealthOf(server_, ""), HealthCheckResponse::NOT_SERVING);
  for (const char* service : kServices) {
    EXPECT_EQ(HealthOf(server_, service), Writes(service)
                                              ? HealthCheckResponse::NOT_SERVING
                                              : HealthCheckResponse::SERVING)
        << service;
  }

  // keeper verify, with keeperd running, names the checkpoint the log
  // contradicts.
  const auto [code, out] =
      Keeper("--data_dir " + server_.data_dir() + " verify");
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("checkpoint of size 10"), std::string::npos) << out;
}

}  // namespace
}  // namespace keeper
