#include "tools/crash_checks.h"

#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "eventstore/event_store.h"
#include "projections/engine.h"
#include "projections/registry.h"
#include "tools/cli.h"

namespace keeper::tools {
namespace {

absl::StatusOr<std::unique_ptr<eventstore::EventStore>> OpenSecondary(
    const std::string& data_dir) {
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.mode = eventstore::EventStore::Mode::kSecondary;
  return eventstore::EventStore::Open(options);
}

using State = std::map<std::string, std::map<std::string, std::string>>;

// Every projection's keys and values, after catching up with the log.
absl::StatusOr<State> CaughtUpState(const eventstore::EventStore& store,
                                    const std::string& projections_dir) {
  absl::StatusOr<domain::PolicyRegistry> policies = LoadPolicies();
  if (!policies.ok()) return policies.status();
  auto engine = projections::ProjectionEngine::Open(
      {.dir = projections_dir}, store, projections::AllProjections(*policies));
  if (!engine.ok()) return engine.status();
  if (absl::Status caught_up = (*engine)->CatchUp(); !caught_up.ok()) {
    return caught_up;
  }
  State state;
  for (const std::string& name : (*engine)->names()) {
    std::map<std::string, std::string>& keys = state[name];
    absl::Status scanned = (*engine)->ScanPrefix(
        name, "", [&](const std::string& key, const std::string& value) {
          keys[key] = value;
          return true;
        });
    if (!scanned.ok()) return scanned;
  }
  return state;
}

}  // namespace

absl::StatusOr<LogCheck> CheckLog(
    const std::string& data_dir,
    const std::vector<AcknowledgedEvent>& acknowledged,
    const std::string& opening_type) {
  auto store = OpenSecondary(data_dir);
  if (!store.ok()) return store.status();
  absl::flat_hash_map<uint64_t, std::string> id_at;
  absl::flat_hash_map<std::string, int> openings;
  LogCheck check;
  uint64_t expected = 1;
  absl::Status scanned =
      (*store)->Scan(1, 0, [&](const eventstore::EventEnvelope& event) {
        if (event.position() != expected) {
          check.gaps += static_cast<int64_t>(event.position() - expected);
        }
        expected = event.position() + 1;
        ++check.events;
        id_at[event.position()] = event.event_id();
        if (event.event_type() == opening_type) ++openings[event.stream_id()];
        return absl::OkStatus();
      });
  if (!scanned.ok()) return scanned;
  for (const AcknowledgedEvent& event : acknowledged) {
    auto found = id_at.find(event.position);
    if (found == id_at.end() || found->second != event.event_id) ++check.lost;
    if (openings[event.stream_id] > 1) ++check.duplicated;
  }
  return check;
}

absl::Status CheckProjectionsEqualRebuild(const std::string& data_dir) {
  auto store = OpenSecondary(data_dir);
  if (!store.ok()) return store.status();
  absl::StatusOr<State> kept = CaughtUpState(**store, ProjectionsDir(data_dir));
  if (!kept.ok()) return kept.status();
  TempDir fresh("keeper-rebuild");
  absl::StatusOr<State> rebuilt = CaughtUpState(**store, fresh.path());
  if (!rebuilt.ok()) return rebuilt.status();
  for (const auto& [name, keys] : *rebuilt) {
    const std::map<std::string, std::string>& had = (*kept)[name];
    for (const auto& [key, value] : keys) {
      auto it = had.find(key);
      if (it == had.end() || it->second != value) {
        return absl::DataLossError(absl::StrCat(
            "projection ", name, ": key ", absl::CHexEscape(key),
            it == had.end() ? " is missing" : " differs from a rebuild"));
      }
    }
    if (had.size() != keys.size()) {
      return absl::DataLossError(
          absl::StrCat("projection ", name, " holds ", had.size(),
                       " keys; a rebuild makes ", keys.size()));
    }
  }
  return absl::OkStatus();
}

}  // namespace keeper::tools
