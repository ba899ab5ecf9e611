// The crash harness in CI: `keeper bench crash` SIGKILLs a real keeperd at
// random moments under concurrent gRPC commands, restarts it, retries what
// was not acknowledged, and checks the store. A few cycles here; the long
// run is `keeper bench crash --kills 1000`.
#include <cstdio>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace keeper {
namespace {

TEST(CrashTest, KilledKeeperdLosesAndDuplicatesNothingAcknowledged) {
  const std::string command =
      std::string(KEEPER_BINARY) + " bench crash --kills 4 --clients 8 " +
      "--keeperd " + KEEPERD_BINARY + " --json";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  EXPECT_EQ(pclose(pipe), 0) << output;
  const nlohmann::json figures = nlohmann::json::parse(output, nullptr, false);
  ASSERT_TRUE(figures.is_object()) << output;
  EXPECT_EQ(figures["kills"], 4);
  EXPECT_GT(figures["acknowledged"].get<int64_t>(), 0);
  EXPECT_EQ(figures["lost"], 0);
  EXPECT_EQ(figures["duplicated"], 0);
  EXPECT_EQ(figures["gaps"], 0);
  EXPECT_EQ(figures["events"], figures["acknowledged"]);
  EXPECT_EQ(figures["verify_passed"], true);
  EXPECT_EQ(figures["projections_equal_rebuild"], true);
}

}  // namespace
}  // namespace keeper
