// Backups of a running keeperd, restores, and export/import round trips,
// through the real binaries.
#include <sys/stat.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "eventstore/event_store.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "keeper/v1/events_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/keeperd_process.h"
#include "tests/tools/run_keeper.h"

namespace keeper {
namespace {

using testing::KeeperdProcess;
using testing::ReadText;
using tools::testing::Keeper;

// One refused call: keeperd appends an AccessRefused event and syncs it
// before it answers, so each answer acknowledges one event.
bool Refusal(grpc::Channel& channel) {
  auto stub = v1::EventsService::NewStub(
      std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  grpc::ClientContext context;
  context.AddMetadata("x-keeper-purpose", "load");
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto reader = stub->Subscribe(&context, v1::SubscribeRequest());
  v1::EventEnvelope ignored;
  while (reader->Read(&ignored)) {
  }
  return reader->Finish().error_code() == grpc::StatusCode::PERMISSION_DENIED;
}

std::vector<eventstore::EventEnvelope> AllEvents(const std::string& data_dir) {
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.mode = eventstore::EventStore::Mode::kSecondary;
  auto store = eventstore::EventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return {};
  std::vector<eventstore::EventEnvelope> events;
  EXPECT_TRUE((*store)
                  ->Scan(1, 0,
                         [&](const eventstore::EventEnvelope& event) {
                           events.push_back(event);
                           return absl::OkStatus();
                         })
                  .ok());
  return events;
}

TEST(BackupTest, BackupUnderWriteLoadRestoresEveryAcknowledgedEvent) {
  KeeperdProcess server;
  struct stat socket_stat {};
  ASSERT_EQ(stat((server.data_dir() + "/admin.sock").c_str(), &socket_stat), 0);
  EXPECT_EQ(socket_stat.st_mode & 0777, 0600u);

  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&] {
      auto channel = server.Channel("housing-officer");
      while (!stop) {
        if (Refusal(*channel)) ++acknowledged;
      }
    });
  }
  while (acknowledged < 50) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  TempDir backups("keeper-backups");
  const int before_first = acknowledged;
  const auto first =
      Keeper(absl::StrCat("--data_dir=", server.data_dir(),
                          " --json backup --to ", backups.path()));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  while (acknowledged < before_first + 50) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The second backup is incremental and is the one restored.
  const int before_second = acknowledged;
  const auto second =
      Keeper(absl::StrCat("--data_dir=", server.data_dir(),
                          " --json backup --to ", backups.path()));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  stop = true;
  for (std::thread& writer : writers) writer.join();
  const nlohmann::json taken = nlohmann::json::parse(second.out);
  EXPECT_EQ(taken["backup_id"], 2);
  EXPECT_GE(taken["head_position"].get<int>(), before_second);

  TempDir restored_parent("keeper-restored");
  const std::string restored = restored_parent.Sub("data");
  const auto restore = Keeper(absl::StrCat("--data_dir=", restored,
                                           " restore --from ", backups.path()));
  ASSERT_EQ(restore.exit_code, 0) << restore.out;
  const auto verify =
      Keeper(absl::StrCat("--data_dir=", restored, " --json verify"));
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_TRUE(nlohmann::json::parse(verify.out)["intact"].get<bool>());
  // The signing key travels with the backup.
  EXPECT_EQ(ReadText(KeysDir(restored) + "/checkpoint.vkey"),
            ReadText(KeysDir(server.data_dir()) + "/checkpoint.vkey"));

  server.Stop();
  const auto original = AllEvents(server.data_dir());
  const auto copy = AllEvents(restored);
  ASSERT_GE(copy.size(), static_cast<size_t>(before_second));
  ASSERT_LE(copy.size(), original.size());
  for (size_t i = 0; i < copy.size(); ++i) {
    ASSERT_EQ(copy[i].SerializeAsString(), original[i].SerializeAsString())
        << "position " << i + 1;
  }
}

TEST(BackupTest, ExportThenImportGivesTheSameHeadHashAndTreeRoot) {
  TempDir dir("keeper-import");
  const std::string source = dir.Sub("source");
  ASSERT_EQ(Keeper(absl::StrCat("--data_dir=", source,
                                " demo --children 10 --seed 3"))
                .exit_code,
            0);
  ASSERT_EQ(Keeper(absl::StrCat("--data_dir=", source, " export > ",
                                dir.Sub("export.jsonl")))
                .exit_code,
            0);
  const auto imported =
      Keeper(absl::StrCat("--data_dir=", dir.Sub("copy"), " --json import",
                          " --from ", dir.Sub("export.jsonl")));
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  const auto verified =
      Keeper(absl::StrCat("--data_dir=", source, " --json verify"));
  ASSERT_EQ(verified.exit_code, 0) << verified.out;
  const auto a = nlohmann::json::parse(imported.out);
  const auto b = nlohmann::json::parse(verified.out);
  EXPECT_GT(a["events"].get<int>(), 100);
  EXPECT_EQ(a["events"], b["events"]);
  EXPECT_EQ(a["head_hash"], b["head_hash"]);
  EXPECT_EQ(a["tree_root"], b["tree_root"]);
  EXPECT_EQ(
      Keeper(absl::StrCat("--data_dir=", dir.Sub("copy"), " verify")).exit_code,
      0);
}

TEST(BackupTest, ImportNamesThePositionWhereTheExportDiffers) {
  TempDir dir("keeper-import");
  const std::string source = dir.Sub("source");
  ASSERT_EQ(
      Keeper(absl::StrCat("--data_dir=", source, " demo --children 2 --seed 4"))
          .exit_code,
      0);
  // Rewrite one recorded purpose in the fifth event.
  ASSERT_EQ(Keeper(absl::StrCat("--data_dir=", source, " export | sed '5s/",
                                "\"purpose\":\"[^\"]*\"/\"purpose\":\"x\"/' > ",
                                dir.Sub("export.jsonl")))
                .exit_code,
            0);
  const std::string command =
      absl::StrCat(KEEPER_BINARY, " --data_dir=", dir.Sub("copy"),
                   " import --from ", dir.Sub("export.jsonl"), " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) {
    out.append(buffer, n);
  }
  EXPECT_NE(pclose(pipe), 0);
  EXPECT_NE(out.find("position 5: the event's content does not hash"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace keeper
