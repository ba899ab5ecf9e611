// `keeper bench scale` at a small size: it builds its store, rebuilds the
// projections, starts a real keeperd on it, and prints every figure with
// its aim and whether it is met. The figures are checked for sense, never
// for speed; the run at scale is `keeper bench scale`.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace keeper {
namespace {

std::string BenchScale(const std::string& args) {
  const std::string command = std::string(KEEPER_BINARY) + " " + args +
                              " bench scale --keeperd " + KEEPERD_BINARY;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  if (pipe == nullptr) return "";
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  EXPECT_EQ(pclose(pipe), 0) << output;
  return output;
}

TEST(ScaleTest, JsonGivesEveryFigureWithItsAim) {
  const std::string output = BenchScale("--json --events 20000 --proofs 100");
  const nlohmann::json result = nlohmann::json::parse(output, nullptr, false);
  ASSERT_TRUE(result.is_object()) << output;
  EXPECT_EQ(result["events"], 20000);
  EXPECT_GT(result["demo_events"].get<int64_t>(), 0);
  EXPECT_GT(result["raw_event_bytes"].get<int64_t>(), 20000 * 100);
  EXPECT_GT(result["event_store_bytes"].get<int64_t>(), 0);
  EXPECT_GT(result["projection_bytes"].get<int64_t>(), 0);
  for (const char* kind : {"inclusion", "consistency", "grpc_inclusion",
                           "grpc_consistency", "grpc_health_check"}) {
    EXPECT_EQ(result[kind]["operations"], 100) << kind;
  }
  const std::vector<std::pair<std::string, double>> aims = {
      {"disk_ratio", 1.2},          {"build_peak_rss_mb", 256},
      {"build_after_rss_mb", 256},  {"rebuild_peak_rss_mb", 256},
      {"keeperd_start_seconds", 1}, {"rebuild_seconds", 10},
      {"inclusion_p99_ms", 0.1},    {"consistency_p99_ms", 0.1},
      {"grpc_inclusion_p99_ms", 1}, {"grpc_consistency_p99_ms", 1}};
  ASSERT_EQ(result["figures"].size(), aims.size()) << output;
  for (const auto& [key, aim] : aims) {
    const nlohmann::json& figure = result["figures"][key];
    ASSERT_TRUE(figure.is_object()) << key;
    const double value = figure["value"].get<double>();
    EXPECT_GT(value, 0) << key;
    EXPECT_TRUE(std::isfinite(value)) << key;
    EXPECT_EQ(figure["aim"].get<double>(), aim) << key;
    EXPECT_EQ(figure["met"].get<bool>(), value <= aim) << key;
  }
  // Stored events are not smaller than the bytes of their payloads, and
  // the store holds little beside them at this size.
  EXPECT_LT(result["figures"]["disk_ratio"]["value"].get<double>(), 10);
  // The memory of a process that read the store, not of an empty one.
  EXPECT_GT(result["keeperd_rss_mb"].get<double>(), 1);
}

TEST(ScaleTest, TextPrintsEachFigureAgainstItsAim) {
  const std::string output = BenchScale("--events 1000 --proofs 10");
  EXPECT_TRUE(absl::StartsWith(output, "bench scale: 1000 events")) << output;
  for (const char* label :
       {"disk bytes (event store) / raw event bytes",
        "RSS during the build (peak, sampled)", "RSS after the build",
        "RSS during the rebuild (peak, sampled)",
        "keeperd start to serving, projections caught up",
        "rebuild (all projections)", "inclusion proof p99, in process",
        "consistency proof p99, in process",
        "inclusion proof p99, through gRPC",
        "consistency proof p99, through gRPC"}) {
    bool found = false;
    for (absl::string_view line : absl::StrSplit(output, '\n')) {
      if (!absl::StartsWith(line, label)) continue;
      found = true;
      line = absl::StripTrailingAsciiWhitespace(line);
      EXPECT_TRUE(absl::StrContains(line, "<= ")) << line;
      // "met" or "not met"
      EXPECT_TRUE(absl::EndsWith(line, " met")) << line;
    }
    EXPECT_TRUE(found) << label << " missing from:\n" << output;
  }
  // The floor the gRPC figures are read against.
  EXPECT_TRUE(absl::StrContains(
      output,
      "through gRPC, the health check (no work behind it) the same "
      "way: p50 "))
      << output;
}

}  // namespace
}  // namespace keeper
