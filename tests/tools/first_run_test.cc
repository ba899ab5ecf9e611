// What a newcomer meets: keeper demo leaves a directory keeperd starts on,
// errors name the next step, and the environment tools/run.sh uses sets
// the client's defaults.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/eventstore/test_events.h"
#include "tests/tools/run_keeper.h"

namespace keeper::tools {
namespace {

using testing::Keeper;
using testing::Output;

bool Contains(const Output& output, const std::string& text) {
  return output.out.find(text) != std::string::npos;
}

TEST(FirstRunTest, AMissingStoreSaysHowToMakeOne) {
  TempDir dir("keeper-first-run");
  const std::string none = dir.Sub("none");
  const Output output = Keeper("--data_dir " + none + " stats 2>&1");
  EXPECT_EQ(output.exit_code, 1);
  EXPECT_TRUE(Contains(output, absl::StrCat("no Keeper store at ", none,
                                            ": start keeperd, or run keeper "
                                            "demo")))
      << output.out;
  EXPECT_FALSE(Contains(output, "CURRENT")) << output.out;  // RocksDB's words
}

TEST(FirstRunTest, AReadWithoutAPurposeSaysAddPurpose) {
  const Output output =
      Keeper("--as social-worker register check --case_id fife-1 2>&1");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_TRUE(Contains(output, "add --purpose")) << output.out;
  EXPECT_TRUE(
      Contains(Keeper("--as social-worker tail 2>&1"), "add --purpose"));
}

TEST(FirstRunTest, AMissingCertificateNamesTheScriptThatMakesThem) {
  TempDir dir("keeper-first-run");
  const Output output = Keeper("--data_dir " + dir.path() +
                               " --as social-worker --purpose review register "
                               "check --case_id fife-1 2>&1");
  EXPECT_EQ(output.exit_code, 1);
  EXPECT_TRUE(Contains(output, "tools/dev_certs.sh " + TlsDir(dir.path())))
      << output.out;
}

TEST(FirstRunTest, KeeperDataDirIsTheDefaultDataDirectory) {
  TempDir dir("keeper-first-run");
  {
    auto store = eventstore::testing::OpenStore(EventsDir(dir.path()));
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store
                    ->Append(eventstore::testing::OneWrite(
                        "case-1", eventstore::ExpectedVersion::Any(),
                        {eventstore::testing::MakeEvent()}))
                    .ok());
  }
  const Output output = Keeper("--json stats", "KEEPER_DATA_DIR=" + dir.path());
  ASSERT_EQ(output.exit_code, 0) << output.out;
  EXPECT_EQ(nlohmann::json::parse(output.out)["events"], 1);
  // A flag still wins over the environment.
  EXPECT_EQ(Keeper("--data_dir " + dir.Sub("none") + " stats 2>/dev/null",
                   "KEEPER_DATA_DIR=" + dir.path())
                .exit_code,
            1);
}

TEST(FirstRunTest, KeeperListenIsTheDefaultServer) {
  const Output plain = Keeper("--helpfull 2>&1");
  EXPECT_TRUE(Contains(plain, "default: \"localhost:50051\"")) << plain.out;
  const Output set = Keeper("--helpfull 2>&1", "KEEPER_LISTEN=127.0.0.1:50123");
  EXPECT_TRUE(Contains(set, "default: \"127.0.0.1:50123\"")) << set.out;
  EXPECT_FALSE(Contains(set, "default: \"localhost:50051\"")) << set.out;
}

TEST(FirstRunTest, DemoLeavesADirectoryKeeperdStartsOn) {
  TempDir dir("keeper-first-run");
  const std::string data = dir.Sub("demo");
  const Output made = Keeper("--data_dir " + data + " demo --children 2");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  for (const char* file : {"ca.pem", "server.pem", "server.key",
                           "social-worker.pem", "inspector.key"}) {
    EXPECT_TRUE(std::filesystem::exists(TlsDir(data) + "/" + file)) << file;
  }
  EXPECT_TRUE(Contains(made, "keeperd --data_dir " + data)) << made.out;
}

TEST(FirstRunTest, VersionNamesTheReleaseAndCommit) {
  const Output output = Keeper("--version");
  EXPECT_EQ(output.exit_code, 0);
  EXPECT_EQ(output.out.rfind("keeper ", 0), 0u) << output.out;
  EXPECT_TRUE(Contains(output, "(commit ")) << output.out;
}

}  // namespace
}  // namespace keeper::tools
