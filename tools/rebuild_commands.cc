// keeper rebuild, and keeper bench rebuild.
#include "tools/rebuild_commands.h"

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "common/data_dir.h"
#include "common/storage_budget.h"
#include "common/temp_dir.h"
#include "eventstore/keys.h"
#include "nlohmann/json.hpp"
#include "projections/engine.h"
#include "projections/registry.h"
#include "rocksdb/db.h"
#include "tools/bench_commands.h"
#include "tools/bench_store.h"
#include "tools/cli.h"
#include "tools/progress.h"

ABSL_FLAG(std::string, projection, "",
          "rebuild only this projection; default: all of them");
ABSL_FLAG(int64_t, rebuild_events, 200000,
          "bench rebuild: events in the generated store");

namespace keeper::tools {

absl::Status Rebuild(const eventstore::EventStore& store,
                     const std::string& projections_dir,
                     const std::string& only, bool show_progress,
                     const StorageBudget& budget) {
  absl::StatusOr<domain::PolicyRegistry> policies = LoadPolicies();
  if (!policies.ok()) return policies.status();
  auto engine = projections::ProjectionEngine::Open(
      {.dir = projections_dir, .budget = budget}, store,
      projections::AllProjections(*policies));
  if (!engine.ok()) return engine.status();
  bool found = false;
  for (const std::string& name : (*engine)->names()) {
    if (!only.empty() && name != only) continue;
    found = true;
    if (absl::Status reset = (*engine)->Reset(name); !reset.ok()) return reset;
  }
  if (!found) {
    return absl::NotFoundError("no projection named '" + only + "'");
  }
  Progress progress("rebuild", store.GetHead().position);
  absl::Status status = (*engine)->CatchUp([&](uint64_t position) {
    if (show_progress) progress.Update(position);
  });
  progress.Done();
  return status;
}

int RunRebuild(const Args&) {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.mode = eventstore::EventStore::Mode::kSecondary;
  // keeperd's budget, shared with the projections, so that a rebuild's
  // memory is bounded as keeperd's is.
  options.budget = StorageBudget::Default();
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  const absl::Time start = absl::Now();
  absl::Status status =
      Rebuild(**store, ProjectionsDir(data_dir),
              absl::GetFlag(FLAGS_projection), true, options.budget);
  if (absl::IsUnavailable(status)) {
    return Fail(absl::UnavailableError(
        std::string(status.message()) +
        " (stop keeperd before rebuilding its projections)"));
  }
  if (!status.ok()) return Fail(status);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const uint64_t events = (*store)->GetHead().position;
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"events", events}, {"seconds", seconds}}.dump()
              << "\n";
  } else {
    std::cout << absl::StrFormat("rebuilt from %d events in %.2f s\n", events,
                                 seconds);
  }
  return 0;
}

int RunBenchRebuild(const Args&) {
  const int64_t events = absl::GetFlag(FLAGS_rebuild_events);
  TempDir dir("keeper-bench-rebuild");
  if (absl::Status made = GenerateAccessLogStore(EventsDir(dir.path()), events);
      !made.ok()) {
    return Fail(made);
  }
  auto scan = RawScan(EventsDir(dir.path()), nullptr);
  if (!scan.ok()) return Fail(scan.status());
  const double raw_seconds = scan->seconds;

  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(dir.path());
  options.mode = eventstore::EventStore::Mode::kSecondary;
  // keeperd's budget, shared with the projections, so that a rebuild's
  // memory is bounded as keeperd's is.
  options.budget = StorageBudget::Default();
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  const absl::Time start = absl::Now();
  if (absl::Status s = Rebuild(**store, ProjectionsDir(dir.path()), "", false,
                               options.budget);
      !s.ok()) {
    return Fail(s);
  }
  const double rebuild_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const double raw_rate = events / raw_seconds;
  const double rebuild_rate = events / rebuild_seconds;
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"events", events},
                                {"bytes", scan->bytes},
                                {"raw_scan_events_per_second", raw_rate},
                                {"rebuild_events_per_second", rebuild_rate},
                                {"ratio", rebuild_rate / raw_rate}}
                     .dump()
              << "\n";
  } else {
    std::cout << absl::StrFormat(
        "bench rebuild: %d events, %.1f MB\n"
        "raw scan of `events`:   %10.0f events/s\n"
        "rebuild (all projections): %7.0f events/s\n"
        "ratio rebuild/raw: %.3f\n",
        events, scan->bytes / 1e6, raw_rate, rebuild_rate,
        rebuild_rate / raw_rate);
  }
  return 0;
}

}  // namespace keeper::tools
