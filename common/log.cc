#include "common/log.h"

#include <atomic>
#include <cstdio>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace keeper {
namespace {

constexpr const char* kLevelNames[] = {"debug", "info", "warning", "error"};

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

struct Window {
  absl::Time start = absl::InfinitePast();
  int lines = 0;
  int suppressed = 0;
};

absl::Mutex& Mu() {
  static absl::Mutex* mu = new absl::Mutex;
  return *mu;
}

// Per kind of line. Messages are fixed strings and methods and codes
// few, so this stays small.
absl::flat_hash_map<std::string, Window>& Windows() {
  static auto* windows = new absl::flat_hash_map<std::string, Window>;
  return *windows;
}

}  // namespace

bool ParseLogLevel(const std::string& text, LogLevel* level) {
  for (int i = 0; i < 4; ++i) {
    if (text == kLevelNames[i]) {
      *level = static_cast<LogLevel>(i);
      return true;
    }
  }
  return false;
}

void SetLogLevel(LogLevel level) { min_level = static_cast<int>(level); }

LogLevel GetLogLevel() { return static_cast<LogLevel>(min_level.load()); }

void Log(LogLevel level, const std::string& message, nlohmann::json fields) {
  if (static_cast<int>(level) < min_level) return;
  const absl::Time now = absl::Now();
  nlohmann::json line = nlohmann::json::object();
  line["ts"] =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", now, absl::UTCTimeZone());
  line["level"] = kLevelNames[static_cast<int>(level)];
  line["msg"] = message;
  // One kind of line is a message about one method and status code: a
  // flood of one kind must not hide the others.
  std::string key = message;
  for (const char* name : {"method", "code"}) {
    if (fields.is_object() && fields.contains(name)) {
      key += "\x1f" + fields[name].dump();
    }
  }
  if (fields.is_object()) {
    for (auto& [key, value] : fields.items()) line[key] = std::move(value);
  }
  absl::MutexLock lock(&Mu());
  Window& window = Windows()[key];
  if (now - window.start >= kLogWindow) {
    if (window.suppressed > 0) line["suppressed"] = window.suppressed;
    window = {now, 0, 0};
  }
  if (window.lines >= kLogBurst) {
    ++window.suppressed;
    return;
  }
  ++window.lines;
  // Invalid UTF-8 from a client must not make the line unparsable.
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace keeper
