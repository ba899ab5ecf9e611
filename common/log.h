// Structured logs: one JSON object a line on stderr, e.g.
//
//   {"ts":"2026-01-02T03:04:05.678901Z","level":"warning",
//    "msg":"rpc failed","method":"/keeper.v1.CaseService/OpenCase",...}
//
// Lines below the level set with SetLogLevel are dropped. Each kind of line
// (its message, and its "method" and "code" fields if any) is rate-limited
// on its own: past kLogBurst lines in kLogWindow the rest are counted, and
// the next line of that kind let through carries "suppressed": N.
//
// Thread-safe.
#ifndef KEEPER_COMMON_LOG_H_
#define KEEPER_COMMON_LOG_H_

#include <string>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace keeper {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

inline constexpr int kLogBurst = 10;
inline constexpr absl::Duration kLogWindow = absl::Seconds(10);

// "debug", "info", "warning" or "error"; false for anything else.
bool ParseLogLevel(const std::string& text, LogLevel* level);
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();

// `fields` (a JSON object) are added beside ts, level and msg.
void Log(LogLevel level, const std::string& message,
         nlohmann::json fields = nlohmann::json::object());

inline void LogInfo(const std::string& message,
                    nlohmann::json fields = nlohmann::json::object()) {
  Log(LogLevel::kInfo, message, std::move(fields));
}
inline void LogWarning(const std::string& message,
                       nlohmann::json fields = nlohmann::json::object()) {
  Log(LogLevel::kWarning, message, std::move(fields));
}
inline void LogError(const std::string& message,
                     nlohmann::json fields = nlohmann::json::object()) {
  Log(LogLevel::kError, message, std::move(fields));
}

}  // namespace keeper

#endif  // KEEPER_COMMON_LOG_H_
