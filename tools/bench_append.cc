// keeper bench append: durable appends from N concurrent writers, against the
// same workload written as raw synced RocksDB puts in the same run.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "common/data_dir.h"
#include "common/storage_budget.h"
#include "common/temp_dir.h"
#include "eventstore/event_store.h"
#include "eventstore/uuid.h"
#include "google/protobuf/wrappers.pb.h"
#include "nlohmann/json.hpp"
#include "rocksdb/db.h"
#include "tools/bench_commands.h"
#include "tools/bench_util.h"
#include "tools/cli.h"

ABSL_FLAG(int, writers, 64, "concurrent writers");
// 0 leaves each benchmark its own default.
ABSL_FLAG(int64_t, events, 0,
          "bench append: events to append in all (default 20000); bench "
          "scale: events in the store it builds (default 10000000)");

namespace keeper::tools {
namespace {

constexpr size_t kPayloadBytes = 400;  // ~500 bytes with the envelope

eventstore::EventEnvelope BenchEvent(const std::string& filler) {
  eventstore::EventEnvelope event;
  event.set_event_id(eventstore::NewUuid());
  event.set_event_type("BenchEvent");
  google::protobuf::BytesValue value;
  value.set_value(filler);
  event.mutable_payload()->PackFrom(value);
  event.mutable_actor()->set_subject("CN=bench");
  event.mutable_actor()->set_agency("social_work");
  event.mutable_actor()->set_role("social_worker");
  event.set_purpose("benchmark");
  return event;
}

// Runs `per_op` `total` times across `writers` threads; returns each call's
// latency. A failed call aborts the benchmark.
template <typename Op>
absl::StatusOr<Run> RunConcurrently(int writers, int64_t total, Op per_op) {
  std::vector<std::vector<double>> latencies(writers);
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  absl::Status first_error;
  absl::Mutex error_mu;
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int64_t i = next++; i < total && !failed; i = next++) {
        const absl::Time begin = absl::Now();
        absl::Status status = per_op(w, i);
        latencies[w].push_back(absl::ToDoubleMicroseconds(absl::Now() - begin));
        if (!status.ok()) {
          absl::MutexLock lock(&error_mu);
          if (first_error.ok()) first_error = status;
          failed = true;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (!first_error.ok()) return first_error;
  return Summarize(latencies, absl::Now() - start);
}

}  // namespace

int RunBenchAppend(const Args&) {
  const int writers = absl::GetFlag(FLAGS_writers);
  const int64_t total =
      absl::GetFlag(FLAGS_events) == 0 ? 20000 : absl::GetFlag(FLAGS_events);
  if (writers < 1 || total < 1) {
    return Fail(
        absl::InvalidArgumentError("--writers and --events must be >= 1"));
  }
  const std::string filler(kPayloadBytes, 'x');

  // Keeper's durable append, within keeperd's default memory budget: left
  // to RocksDB's defaults each column family would hold its own 64 MiB
  // memtables, which is not how keeperd runs.
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(absl::GetFlag(FLAGS_data_dir));
  options.budget = StorageBudget::Default();
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  const uint64_t start_events = (*store)->GetHead().position;
  const int64_t rss_before = CurrentRssKb();
  auto keeper_run = RunConcurrently(writers, total, [&](int w, int64_t) {
    std::vector<eventstore::StreamWrite> writes(1);
    writes[0].stream_id = absl::StrFormat("bench-%d", w);
    writes[0].events.push_back(BenchEvent(filler));
    return (*store)->Append(std::move(writes)).status();
  });
  if (!keeper_run.ok()) return Fail(keeper_run.status());
  const int64_t rss_after = CurrentRssKb();
  const int64_t peak_rss = PeakRssKb();
  const uint64_t end_events = (*store)->GetHead().position;
  store->reset();

  // Raw RocksDB: one synced put per event, same threads, same sizes.
  TempDir raw_dir("keeper-bench-raw");
  rocksdb::Options raw_options;
  raw_options.create_if_missing = true;
  rocksdb::DB* raw_db = nullptr;
  if (auto s = rocksdb::DB::Open(raw_options, raw_dir.path(), &raw_db);
      !s.ok()) {
    return Fail(absl::InternalError(s.ToString()));
  }
  std::unique_ptr<rocksdb::DB> raw(raw_db);
  const std::string raw_value = BenchEvent(filler).SerializeAsString();
  rocksdb::WriteOptions sync;
  sync.sync = true;
  auto raw_run = RunConcurrently(writers, total, [&](int, int64_t i) {
    auto s = raw->Put(sync, absl::StrFormat("%020d", i), raw_value);
    return s.ok() ? absl::OkStatus() : absl::InternalError(s.ToString());
  });
  if (!raw_run.ok()) return Fail(raw_run.status());

  const double ratio = keeper_run->per_second / raw_run->per_second;
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"writers", writers},
                                {"events", total},
                                {"event_bytes", raw_value.size()},
                                {"keeper", keeper_run->ToJson()},
                                {"raw_rocksdb_synced_puts", raw_run->ToJson()},
                                {"ratio", ratio},
                                {"rss_kb_before", rss_before},
                                {"rss_kb_after", rss_after},
                                {"peak_rss_kb", peak_rss},
                                {"store_events_before", start_events},
                                {"store_events_after", end_events}}
                     .dump()
              << "\n";
  } else {
    std::cout << absl::StrFormat(
        "bench append: %d writers, %d events of ~%d bytes (store %d -> %d "
        "events)\n",
        writers, total, raw_value.size(), start_events, end_events);
    std::cout << keeper_run->Line("keeper durable append") << "\n"
              << raw_run->Line("raw RocksDB synced put") << "\n"
              << absl::StrFormat("ratio keeper/raw: %.2f\n", ratio)
              << absl::StrFormat(
                     "memory: rss %d KiB before, %d KiB after, peak %d KiB\n",
                     rss_before, rss_after, peak_rss);
  }
  return 0;
}

}  // namespace keeper::tools
