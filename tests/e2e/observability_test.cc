// keeperd's metrics, scraped over HTTP after known traffic, and its logs:
// every stderr line a JSON object, floods rate-limited.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "keeper/v1/events_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/keeperd_process.h"

namespace keeper {
namespace {

using testing::KeeperdProcess;

constexpr char kMalformedMethod[] = "/keeper.v1.RegisterService/CheckRegister";

std::vector<nlohmann::json> LogLines(const KeeperdProcess& server) {
  std::ifstream file(server.stderr_path());
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(file, line);) {
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << line;
    if (parsed.is_discarded()) continue;
    EXPECT_TRUE(parsed.contains("ts") && parsed.contains("level") &&
                parsed.contains("msg"))
        << line;
    lines.push_back(std::move(parsed));
  }
  return lines;
}

int MetricsPort(const KeeperdProcess& server) {
  for (const nlohmann::json& line : LogLines(server)) {
    if (line["msg"] == "keeperd started") {
      const std::string address = line["metrics"];
      return std::stoi(address.substr(address.rfind(':') + 1));
    }
  }
  return 0;
}

// GET /metrics over a plain socket: the test needs no HTTP client library.
std::string Scrape(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
            0);
  const std::string request =
      "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n";
  EXPECT_EQ(write(fd, request.data(), request.size()),
            static_cast<ssize_t>(request.size()));
  std::string response;
  char buffer[8192];
  for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) {
    response.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return response;
}

// The value of the sample written exactly as `series`, -1 if absent.
double Sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return -1;
}

grpc::Status Refusal(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::EventsService::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("x-keeper-purpose", "metrics test");
  auto reader = stub->Subscribe(&context, v1::SubscribeRequest());
  v1::EventEnvelope ignored;
  while (reader->Read(&ignored)) {
  }
  return reader->Finish();
}

grpc::Status Malformed(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  // Field 1 as a length-delimited value running past the end.
  grpc::Slice garbage(std::string("\x0a\x7f\x01", 3));
  grpc::ByteBuffer request(&garbage, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, kMalformedMethod, grpc::StubOptions(), &request,
                 &response, [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = s;
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  return status;
}

TEST(ObservabilityTest, ScrapedCountsMatchTheTraffic) {
  KeeperdProcess server;
  const int port = MetricsPort(server);
  ASSERT_NE(port, 0) << server.Output();
  constexpr int kRefusals = 7;
  auto housing = server.Channel("housing-officer");
  for (int i = 0; i < kRefusals; ++i) {
    ASSERT_EQ(Refusal(housing).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  const std::string text = Scrape(port);
  ASSERT_NE(text.find("200 OK"), std::string::npos) << text;
  EXPECT_EQ(Sample(text,
                   "keeper_rpcs_total{code=\"PERMISSION_DENIED\",method=\"/"
                   "keeper.v1.EventsService/Subscribe\"}"),
            kRefusals)
      << text;
  EXPECT_EQ(Sample(text,
                   "keeper_rpc_duration_seconds_count{method=\"/"
                   "keeper.v1.EventsService/Subscribe\"}"),
            kRefusals);
  // Each refusal is one access record, one append, one event.
  EXPECT_EQ(Sample(text,
                   "keeper_access_refusals_total{reason=\"PERMISSION_"
                   "DENIED\"}"),
            kRefusals);
  EXPECT_EQ(Sample(text, "keeper_access_events_total{outcome=\"refused\"}"),
            kRefusals);
  EXPECT_EQ(Sample(text, "keeper_appends_total"), kRefusals);
  EXPECT_EQ(Sample(text, "keeper_events_total"), kRefusals);
  EXPECT_EQ(Sample(text, "keeper_commit_group_events_sum"), kRefusals);
  EXPECT_GE(Sample(text, "keeper_wal_sync_seconds_count"), 1);
  EXPECT_EQ(Sample(text, "keeper_head_position"), kRefusals);
  EXPECT_GE(Sample(text,
                   "keeper_projection_lag_events{projection=\"access_"
                   "trail\"}"),
            0)
      << text;
  EXPECT_GE(Sample(text, "keeper_checkpoint_age_seconds"), 0);
  // Every group commit is measured once the projections have applied it.
  std::string fresh = text;
  for (int i = 0;
       i < 100 && Sample(fresh,
                         "keeper_projection_freshness_"
                         "seconds_count") < Sample(fresh,
                                                   "keeper_commit_group_events_"
                                                   "count");
       ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    fresh = Scrape(port);
  }
  EXPECT_EQ(Sample(fresh, "keeper_projection_freshness_seconds_count"),
            Sample(fresh, "keeper_commit_group_events_count"))
      << fresh;
  EXPECT_GT(Sample(fresh, "keeper_projection_freshness_seconds_sum"), 0);
  EXPECT_GT(Sample(text,
                   "keeper_rocksdb_memory_bytes{kind=\"block_cache_"
                   "capacity\"}"),
            0);
  EXPECT_GT(Sample(text, "keeper_disk_free_bytes"), 0);
}

TEST(ObservabilityTest, EveryLogLineIsJsonAndFloodsAreRateLimited) {
  KeeperdProcess server;
  auto channel = server.Channel("police-officer");
  // A refusal and a flood of requests whose bytes are not a message.
  ASSERT_EQ(Refusal(server.Channel("housing-officer")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  constexpr int kFlood = 100;
  for (int i = 0; i < kFlood; ++i) {
    ASSERT_FALSE(Malformed(channel).ok());
  }
  // After the window, the next line says how many were held back.
  std::this_thread::sleep_for(
      std::chrono::milliseconds(absl::ToInt64Milliseconds(kLogWindow) + 200));
  ASSERT_FALSE(Malformed(channel).ok());
  server.Stop();

  int refusals = 0, malformed_refusals = 0, malformed = 0, suppressed = 0;
  bool started = false, stopped = false;
  for (const nlohmann::json& line : LogLines(server)) {
    started |= line["msg"] == "keeperd started";
    stopped |= line["msg"] == "keeperd stopped";
    if (line["msg"] == "access refused") {
      // A body that does not parse is refused and recorded too.
      (line["method"] == kMalformedMethod ? malformed_refusals : refusals)++;
    }
    if (line["msg"] == "rpc failed" && line["method"] == kMalformedMethod) {
      ++malformed;
      EXPECT_EQ(line["level"], "warning") << line;
      if (line.contains("suppressed"))
        suppressed += line["suppressed"].get<int>();
    }
  }
  EXPECT_TRUE(started && stopped) << server.Output();
  EXPECT_EQ(refusals, 1);
  EXPECT_EQ(malformed_refusals, kLogBurst + 1);
  EXPECT_EQ(malformed, kLogBurst + 1) << server.Output();
  EXPECT_EQ(suppressed, kFlood - kLogBurst);
}

}  // namespace
}  // namespace keeper
