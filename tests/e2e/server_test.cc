// keeperd end to end over real sockets: mutual TLS, health checking, the
// access policy, refusals recorded, and the event feed.
#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "eventstore/event_store.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "keeper/v1/access.pb.h"
#include "keeper/v1/events_service.grpc.pb.h"
#include "tests/e2e/keeperd_process.h"

namespace keeper {
namespace {

using testing::KeeperdProcess;

grpc::Status HealthCheck(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  // An empty HealthCheckRequest asks about the whole server.
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::GenericStub stub(channel);
  grpc::Status status;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response, [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = s;
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  return status;
}

void SetReadMetadata(grpc::ClientContext& context) {
  context.AddMetadata("x-keeper-purpose", "child protection enquiry");
  context.AddMetadata("x-keeper-on-behalf-of", "duty social worker");
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
}

// Counts AccessGranted and AccessRefused events in the stopped server's
// store.
std::pair<int, int> CountAccessEvents(const std::string& data_dir) {
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.mode = eventstore::EventStore::Mode::kSecondary;
  auto store = eventstore::EventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  int granted = 0, refused = 0;
  EXPECT_TRUE((*store)
                  ->Scan(1, 0,
                         [&](const eventstore::EventEnvelope& event) {
                           granted += event.event_type() == "AccessGranted";
                           refused += event.event_type() == "AccessRefused";
                           return absl::OkStatus();
                         })
                  .ok());
  return {granted, refused};
}

TEST(ServerTest, MutualTlsAdmitsOnlyCertificatesFromTheCa) {
  KeeperdProcess server;
  EXPECT_TRUE(HealthCheck(server.Channel("social-worker")).ok());
  // No client certificate: the handshake fails.
  EXPECT_EQ(HealthCheck(server.Channel("")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // A certificate from another CA: refused too.
  TempDir other("other-ca");
  ASSERT_EQ(std::system((std::string(KEEPER_SOURCE_DIR) +
                         "/tools/dev_certs.sh " + other.path())
                            .c_str()),
            0);
  EXPECT_EQ(
      HealthCheck(server.Channel("social-worker", other.path())).error_code(),
      grpc::StatusCode::UNAVAILABLE);
}

TEST(ServerTest, RefusalsAreRecordedAndFeedDeliversThem) {
  KeeperdProcess server;
  {
    // Housing may not follow the feed.
    auto stub = v1::EventsService::NewStub(server.Channel("housing-officer"));
    grpc::ClientContext context;
    SetReadMetadata(context);
    v1::SubscribeRequest request;
    auto reader = stub->Subscribe(&context, request);
    v1::EventEnvelope event;
    EXPECT_FALSE(reader->Read(&event));
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_NE(status.error_message().find("housing_officer"),
              std::string::npos);
  }
  {
    // A read with no purpose is refused.
    auto stub = v1::EventsService::NewStub(server.Channel("social-worker"));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    auto reader = stub->Subscribe(&context, v1::SubscribeRequest());
    v1::EventEnvelope event;
    EXPECT_FALSE(reader->Read(&event));
    EXPECT_EQ(reader->Finish().error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    // The social worker's feed carries both refusals, in order.
    auto stub = v1::EventsService::NewStub(server.Channel("social-worker"));
    grpc::ClientContext context;
    SetReadMetadata(context);
    auto reader = stub->Subscribe(&context, v1::SubscribeRequest());
    v1::EventEnvelope first, second;
    ASSERT_TRUE(reader->Read(&first));
    ASSERT_TRUE(reader->Read(&second));
    EXPECT_EQ(first.position(), 1u);
    EXPECT_EQ(first.event_type(), "AccessRefused");
    EXPECT_EQ(first.actor().role(), "housing_officer");
    v1::AccessRecord record;
    ASSERT_TRUE(second.payload().UnpackTo(&record));
    EXPECT_EQ(record.status_code(), grpc::StatusCode::INVALID_ARGUMENT);
    context.TryCancel();
    v1::EventEnvelope ignored;
    while (reader->Read(&ignored)) {
    }
    reader->Finish();
  }
  server.Stop();
  const auto [granted, refused] = CountAccessEvents(server.data_dir());
  EXPECT_EQ(refused, 2);
  EXPECT_EQ(granted, 1);  // the one run of events the feed delivered
}

TEST(ServerTest, KeeperTailFollowsTheFeed) {
  KeeperdProcess server;
  {
    // One refusal to have something in the log.
    auto stub = v1::EventsService::NewStub(server.Channel("housing-officer"));
    grpc::ClientContext context;
    SetReadMetadata(context);
    auto reader = stub->Subscribe(&context, v1::SubscribeRequest());
    v1::EventEnvelope event;
    EXPECT_FALSE(reader->Read(&event));
    reader->Finish().IgnoreError();
  }
  const std::string command =
      absl::StrCat(KEEPER_BINARY, " --data_dir=", server.data_dir(),
                   " --server=localhost:", server.port(),
                   " --as=inspector --purpose=inspection tail --count=1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[8192] = {0};
  ASSERT_NE(fgets(line, sizeof(line), pipe), nullptr);
  EXPECT_EQ(pclose(pipe), 0);
  EXPECT_NE(std::string(line).find("\"event_type\":\"AccessRefused\""),
            std::string::npos)
      << line;
}

}  // namespace
}  // namespace keeper
