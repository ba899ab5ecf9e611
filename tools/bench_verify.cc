// keeper bench verify: full-store verification against plain SHA-256 over
// the same bytes, and the latency of Merkle proofs from a large stored tree.
#include <iostream>
#include <random>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/merkle.h"
#include "eventstore/merkle_tree.h"
#include "eventstore/sha256.h"
#include "nlohmann/json.hpp"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "tools/bench_commands.h"
#include "tools/bench_store.h"
#include "tools/bench_util.h"

ABSL_FLAG(int64_t, verify_events, 200000,
          "bench verify: events in the generated store");
ABSL_FLAG(int64_t, proof_events, 1000000,
          "bench verify: leaves of the tree that proofs are served from");
ABSL_FLAG(int64_t, proofs, 20000,
          "bench verify, bench scale: proofs of each kind timed");

namespace keeper::tools {
namespace {

struct ProofFigures {
  Run inclusion;
  Run consistency;
  double build_seconds = 0;
};

// A tree of `leaves` stored exactly as the event store stores it (the
// `merkle` column family's keys and values), without the events: the
// proofs read nothing else.
absl::StatusOr<ProofFigures> BenchProofs(const std::string& dir, int64_t leaves,
                                         int64_t proofs) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (auto s = rocksdb::DB::Open(options, dir, &raw); !s.ok()) {
    return absl::InternalError(s.ToString());
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  ProofFigures figures;
  const absl::Time build_start = absl::Now();
  eventstore::MerkleFrontier frontier;
  rocksdb::WriteBatch batch;
  for (int64_t i = 0; i < leaves; ++i) {
    frontier.Append(eventstore::Sha256(std::to_string(i)),
                    [&](eventstore::MerkleNodeId id, const std::string& hash) {
                      batch.Put(eventstore::MerkleNodeKey(id), hash);
                    });
    if (batch.Count() >= 65536 || i + 1 == leaves) {
      if (auto s = db->Write(rocksdb::WriteOptions(), &batch); !s.ok()) {
        return absl::InternalError(s.ToString());
      }
      batch.Clear();
    }
  }
  db->Flush(rocksdb::FlushOptions());
  figures.build_seconds = absl::ToDoubleSeconds(absl::Now() - build_start);
  // Looked up together, as the store looks them up.
  eventstore::MerkleNodeReader read =
      [&](std::span<const eventstore::MerkleNodeId> ids,
          std::vector<std::string>* hashes) -> absl::Status {
    std::vector<std::string> keys;
    for (const eventstore::MerkleNodeId id : ids) {
      keys.push_back(eventstore::MerkleNodeKey(id));
    }
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::PinnableSlice> values(keys.size());
    std::vector<rocksdb::Status> statuses(keys.size());
    db->MultiGet(rocksdb::ReadOptions(), db->DefaultColumnFamily(), keys.size(),
                 slices.data(), values.data(), statuses.data());
    hashes->clear();
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!statuses[i].ok()) return absl::NotFoundError(statuses[i].ToString());
      hashes->push_back(values[i].ToString());
    }
    return absl::OkStatus();
  };
  const uint64_t size = static_cast<uint64_t>(leaves);
  const std::string root = frontier.Root();
  std::mt19937_64 random(42);
  std::vector<std::vector<double>> latencies(1);
  absl::Time start = absl::Now();
  for (int64_t i = 0; i < proofs; ++i) {
    const uint64_t index = random() % size;
    const absl::Time t = absl::Now();
    auto path = eventstore::MerkleInclusionPath(index, size, read);
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!path.ok()) return path.status();
    if (i < 100) {  // the proofs are right, not just fast
      auto ok = eventstore::VerifyInclusion(
          eventstore::MerkleLeafHash(eventstore::Sha256(std::to_string(index))),
          index, size, *path, root);
      if (!ok.ok()) return ok;
    }
  }
  figures.inclusion = Summarize(latencies, absl::Now() - start);
  latencies.assign(1, {});
  start = absl::Now();
  for (int64_t i = 0; i < proofs; ++i) {
    const uint64_t first = 1 + random() % (size - 1);
    const absl::Time t = absl::Now();
    auto path = eventstore::MerkleConsistencyPath(first, size, read);
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!path.ok()) return path.status();
  }
  figures.consistency = Summarize(latencies, absl::Now() - start);
  return figures;
}

}  // namespace

int RunBenchVerify(const Args&) {
  const int64_t events = absl::GetFlag(FLAGS_verify_events);
  const int64_t proof_leaves = absl::GetFlag(FLAGS_proof_events);
  if (events < 1 || proof_leaves < 2) {
    return Fail(absl::InvalidArgumentError(
        "--verify_events must be at least 1 and --proof_events at least 2"));
  }
  TempDir dir("keeper-bench-verify");
  if (absl::Status made = GenerateAccessLogStore(EventsDir(dir.path()), events);
      !made.ok()) {
    return Fail(made);
  }
  // The baseline: SHA-256 once over every stored event's bytes, in memory.
  std::vector<std::string> values;
  auto scan = RawScan(EventsDir(dir.path()), [&](std::string_view value) {
    values.emplace_back(value);
  });
  if (!scan.ok()) return Fail(scan.status());
  absl::Time start = absl::Now();
  std::string sink;
  for (const std::string& value : values) sink = eventstore::Sha256(value);
  const double sha_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  values.clear();
  values.shrink_to_fit();

  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(dir.path());
  options.mode = eventstore::EventStore::Mode::kSecondary;
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  start = absl::Now();
  auto report = eventstore::VerifyChain(**store);
  const double verify_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!report.ok()) return Fail(report.status());
  if (!report->intact() || *(*store)->MerkleRoot(events) != report->tree_root) {
    return Fail(absl::DataLossError("the generated store does not verify"));
  }

  auto proofs =
      BenchProofs(dir.Sub("tree"), proof_leaves, absl::GetFlag(FLAGS_proofs));
  if (!proofs.ok()) return Fail(proofs.status());

  const double mb = scan->bytes / 1e6;
  const double verify_rate = events / verify_seconds;
  const double sha_rate = events / sha_seconds;
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"events", events},
                                {"bytes", scan->bytes},
                                {"verify_events_per_second", verify_rate},
                                {"verify_mb_per_second", mb / verify_seconds},
                                {"sha256_events_per_second", sha_rate},
                                {"sha256_mb_per_second", mb / sha_seconds},
                                {"ratio", verify_rate / sha_rate},
                                {"proof_tree_leaves", proof_leaves},
                                {"inclusion", proofs->inclusion.ToJson()},
                                {"consistency", proofs->consistency.ToJson()}}
                     .dump()
              << "\n";
  } else {
    std::cout << absl::StrFormat(
        "bench verify: %d events, %.1f MB\n"
        "full verification (2 threads):    %9.0f events/s %7.1f MB/s\n"
        "plain SHA-256 (1 thread):         %9.0f events/s %7.1f MB/s\n"
        "ratio verify/SHA-256: %.3f\n"
        "proofs from a stored tree of %d leaves (built in %.1f s):\n",
        events, mb, verify_rate, mb / verify_seconds, sha_rate,
        mb / sha_seconds, verify_rate / sha_rate, proof_leaves,
        proofs->build_seconds);
    std::cout << "  " << proofs->inclusion.Line("inclusion") << "\n"
              << "  " << proofs->consistency.Line("consistency") << "\n";
  }
  return 0;
}

}  // namespace keeper::tools
