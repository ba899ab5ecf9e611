// keeper bench scale: builds a store of --events realistic events (demo
// case histories, then register enquiries about those cases: the access log
// is what grows) through the event store's append path under keeperd's
// default memory budget, and prints each figure at that size against its
// aim: disk use, memory, rebuild time, keeperd's start, proof latency.
#include <algorithm>
#include <iostream>
#include <random>
#include <set>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "common/data_dir.h"
#include "common/status_macros.h"
#include "common/storage_budget.h"
#include "common/temp_dir.h"
#include "eventstore/merkle.h"
#include "nlohmann/json.hpp"
#include "tools/bench_commands.h"
#include "tools/bench_scale_server.h"
#include "tools/bench_store.h"
#include "tools/bench_util.h"
#include "tools/demo_command.h"
#include "tools/progress.h"
#include "tools/rebuild_commands.h"
#include "tools/table.h"

ABSL_DECLARE_FLAG(int64_t, events);
ABSL_DECLARE_FLAG(int64_t, proofs);
ABSL_DECLARE_FLAG(std::string, keeperd);

namespace keeper::tools {
namespace {

constexpr int64_t kDefaultEvents = 10'000'000;
constexpr int kMaxDemoChildren = 1000;
constexpr int kProofsChecked = 100;  // proofs verified, not only timed

struct Built {
  DemoResult demo;
  int children = 0;
  uint64_t head = 0;
  double seconds = 0;
  int64_t peak_rss_kb = 0;   // sampled while building
  int64_t after_rss_kb = 0;  // with the store still open
};

// The cases the demo opened: the streams of its CaseOpened events.
absl::StatusOr<std::vector<std::string>> DemoCases(
    const eventstore::EventStore& store) {
  std::set<std::string> cases;
  RETURN_IF_ERROR(store.Scan(1, 0, [&](const eventstore::EventEnvelope& e) {
    if (e.event_type() == "CaseOpened" &&
        absl::StartsWith(e.stream_id(), "case-")) {
      cases.insert(e.stream_id().substr(5));
    }
    return absl::OkStatus();
  }));
  if (cases.empty()) return absl::InternalError("the demo opened no case");
  return std::vector<std::string>(cases.begin(), cases.end());
}

// Demo histories, a child per thousand events (up to kMaxDemoChildren),
// then enquiries about their cases up to `events`, appended into a store
// opened as keeperd opens it: keeperd's default budget, unsynced (a
// generated store, not durable appends: bench append measures those).
absl::StatusOr<std::unique_ptr<eventstore::EventStore>> Build(
    const std::string& data_dir, int64_t events, const StorageBudget& budget,
    const domain::PolicyRegistry& policies, RssSampler& rss, Built& built) {
  const absl::Time start = absl::Now();
  built.children =
      static_cast<int>(std::clamp<int64_t>(events / 1000, 1, kMaxDemoChildren));
  ASSIGN_OR_RETURN(built.demo,
                   WriteDemo(data_dir, built.children, /*seed=*/1, policies));
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.sync = false;
  options.budget = budget;
  ASSIGN_OR_RETURN(std::unique_ptr<eventstore::EventStore> store,
                   eventstore::EventStore::Open(options));
  AccessLogOptions enquiries;
  ASSIGN_OR_RETURN(enquiries.case_ids, DemoCases(*store));
  const int64_t demo_events = static_cast<int64_t>(built.demo.events);
  Progress progress("build", static_cast<uint64_t>(events));
  enquiries.progress = [&](int64_t done) {
    progress.Update(demo_events + done);
  };
  RETURN_IF_ERROR(GenerateAccessLog(
      *store, std::max<int64_t>(events - demo_events, 0), enquiries));
  progress.Done();
  built.head = store->GetHead().position;
  built.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  built.peak_rss_kb = rss.TakePeakKb();
  built.after_rss_kb = CurrentRssKb();
  return store;
}

struct Proofs {
  Run inclusion;
  Run consistency;
};

// `proofs` of each kind from the store at random positions of the tree of
// `head`, the first ones verified against its roots.
absl::StatusOr<Proofs> TimeProofs(const eventstore::EventStore& store,
                                  uint64_t head, const std::string& root,
                                  int64_t proofs) {
  std::mt19937_64 random(42);
  Proofs result;
  std::vector<std::vector<double>> latencies(1);
  absl::Time start = absl::Now();
  for (int64_t i = 0; i < proofs; ++i) {
    const uint64_t position = 1 + random() % head;
    const absl::Time t = absl::Now();
    auto path = store.InclusionProof(position, head);
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!path.ok()) return path.status();
    if (i < kProofsChecked) {
      ASSIGN_OR_RETURN(eventstore::EventEnvelope event,
                       store.ReadPosition(position));
      RETURN_IF_ERROR(
          eventstore::VerifyInclusion(eventstore::MerkleLeafHash(event.hash()),
                                      position - 1, head, *path, root));
    }
  }
  result.inclusion = Summarize(latencies, absl::Now() - start);
  latencies.assign(1, {});
  start = absl::Now();
  for (int64_t i = 0; i < proofs; ++i) {
    const uint64_t first = 1 + random() % (head - 1);
    const absl::Time t = absl::Now();
    auto path = store.ConsistencyProof(first, head);
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!path.ok()) return path.status();
    if (i < kProofsChecked) {
      ASSIGN_OR_RETURN(const std::string first_root, store.MerkleRoot(first));
      RETURN_IF_ERROR(
          eventstore::VerifyConsistency(first, head, first_root, root, *path));
    }
  }
  result.consistency = Summarize(latencies, absl::Now() - start);
  return result;
}

// One printed figure: lower is better, met when at most `aim`.
struct Figure {
  std::string key;
  std::string label;
  double value = 0;
  double aim = 0;
  std::string unit;  // "x", "MB", "s", "ms"

  bool met() const { return value <= aim; }
};

std::string Amount(double value, const std::string& unit) {
  if (unit == "x") return absl::StrFormat("%.2fx", value);
  if (unit == "ms") return absl::StrFormat("%.3f ms", value);
  if (unit == "s") return absl::StrFormat("%.2f s", value);
  return absl::StrFormat("%.1f %s", value, unit);
}

}  // namespace

int RunBenchScale(const Args&) {
  const int64_t events = absl::GetFlag(FLAGS_events) == 0
                             ? kDefaultEvents
                             : absl::GetFlag(FLAGS_events);
  const int64_t proofs = absl::GetFlag(FLAGS_proofs);
  if (events < 2 || proofs < 1) {
    return Fail(absl::InvalidArgumentError(
        "--events must be at least 2 and --proofs at least 1"));
  }
  absl::StatusOr<domain::PolicyRegistry> policies = LoadPolicies();
  if (!policies.ok()) return Fail(policies.status());
  TempDir dir("keeper-bench-scale");
  const absl::Time began = absl::Now();
  RssSampler rss("self", absl::Milliseconds(50));
  Built built;
  // keeperd's default, shared by the store and the rebuilt projections.
  const StorageBudget budget = StorageBudget::Default();
  auto store = Build(dir.path(), events, budget, *policies, rss, built);
  if (!store.ok()) return Fail(store.status());
  const uint64_t head = built.head;
  auto root = (*store)->MerkleRoot(head);
  if (!root.ok()) return Fail(root.status());
  auto local = TimeProofs(**store, head, *root, proofs);
  if (!local.ok()) return Fail(local.status());

  rss.TakeSamples();  // the rebuild's peak from here
  const absl::Time rebuild_start = absl::Now();
  if (absl::Status s = Rebuild(**store, ProjectionsDir(dir.path()), "",
                               /*progress=*/true, budget);
      !s.ok()) {
    return Fail(s);
  }
  const double rebuild_seconds =
      absl::ToDoubleSeconds(absl::Now() - rebuild_start);
  const int64_t rebuild_rss_kb = rss.TakePeakKb();
  store->reset();  // closed, so that keeperd can open it

  auto raw = RawScan(EventsDir(dir.path()), nullptr);
  if (!raw.ok()) return Fail(raw.status());
  const uint64_t store_bytes = DirectoryBytes(EventsDir(dir.path()));
  const uint64_t projection_bytes = DirectoryBytes(ProjectionsDir(dir.path()));

  if (absl::Status made = MakeDevCertificates(TlsDir(dir.path())); !made.ok()) {
    return Fail(made);
  }
  auto served = MeasureKeeperd(absl::GetFlag(FLAGS_keeperd), dir.path(), head,
                               *root, proofs);
  if (!served.ok()) return Fail(served.status());
  const double total_seconds = absl::ToDoubleSeconds(absl::Now() - began);

  const double raw_bytes = static_cast<double>(raw->bytes);
  const std::vector<Figure> figures = {
      {"disk_ratio", "disk bytes (event store) / raw event bytes",
       store_bytes / raw_bytes, 1.2, "x"},
      {"build_peak_rss_mb", "RSS during the build (peak, sampled)",
       built.peak_rss_kb / 1024.0, 256, "MB"},
      {"build_after_rss_mb", "RSS after the build", built.after_rss_kb / 1024.0,
       256, "MB"},
      {"rebuild_peak_rss_mb", "RSS during the rebuild (peak, sampled)",
       rebuild_rss_kb / 1024.0, 256, "MB"},
      {"keeperd_start_seconds",
       "keeperd start to serving, projections caught up", served->start_seconds,
       1, "s"},
      {"rebuild_seconds", "rebuild (all projections)", rebuild_seconds, 10,
       "s"},
      {"inclusion_p99_ms", "inclusion proof p99, in process",
       local->inclusion.p99_us / 1000, 0.1, "ms"},
      {"consistency_p99_ms", "consistency proof p99, in process",
       local->consistency.p99_us / 1000, 0.1, "ms"},
      {"grpc_inclusion_p99_ms", "inclusion proof p99, through gRPC",
       served->inclusion.p99_us / 1000, 1, "ms"},
      {"grpc_consistency_p99_ms", "consistency proof p99, through gRPC",
       served->consistency.p99_us / 1000, 1, "ms"},
  };

  if (absl::GetFlag(FLAGS_json)) {
    nlohmann::json out = {{"events", head},
                          {"demo_children", built.children},
                          {"demo_events", built.demo.events},
                          {"build_seconds", built.seconds},
                          {"seconds", total_seconds},
                          {"raw_event_bytes", raw->bytes},
                          {"event_store_bytes", store_bytes},
                          {"projection_bytes", projection_bytes},
                          {"keeperd_rss_mb", served->rss_kb / 1024.0},
                          {"inclusion", local->inclusion.ToJson()},
                          {"consistency", local->consistency.ToJson()},
                          {"grpc_inclusion", served->inclusion.ToJson()},
                          {"grpc_consistency", served->consistency.ToJson()},
                          {"grpc_health_check", served->health.ToJson()}};
    for (const Figure& figure : figures) {
      out["figures"][figure.key] = {{"value", figure.value},
                                    {"aim", figure.aim},
                                    {"unit", figure.unit},
                                    {"met", figure.met()}};
    }
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::cout << absl::StrFormat(
      "bench scale: %d events (%d from %d demo histories, the rest register "
      "enquiries), %.1f MB raw, built in %.1f s; %d proofs of each kind\n",
      head, built.demo.events, built.children, raw_bytes / 1e6, built.seconds,
      proofs);
  Table table({{"figure", "figure"},
               {"value", "value"},
               {"aim", "aim"},
               {"result", "result"}});
  for (const Figure& figure : figures) {
    table.AddRow({figure.label, Amount(figure.value, figure.unit),
                  "<= " + Amount(figure.aim, figure.unit),
                  figure.met() ? "met" : "not met"});
  }
  std::cout << table.Text()
            << absl::StrFormat(
                   "through gRPC, the health check (no work behind it) the "
                   "same way: p50 %.3f ms, p99 %.3f ms\n",
                   served->health.p50_us / 1000, served->health.p99_us / 1000)
            << absl::StrFormat(
                   "event store %.1f MB, projections %.1f MB (not in the "
                   "ratio); keeperd's RSS once serving %.1f MB; %.1f s in "
                   "all\n",
                   store_bytes / 1e6, projection_bytes / 1e6,
                   served->rss_kb / 1024.0, total_seconds);
  return 0;
}

}  // namespace keeper::tools
