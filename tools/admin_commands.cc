// keeper stats | verify | export: read-only looks at a store.
#include "tools/admin_commands.h"

#include <unistd.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/status_macros.h"
#include "eventstore/chain_verifier.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "tools/cli.h"
#include "tools/progress.h"
#include "tools/proof_commands.h"

namespace keeper::tools {

int RunStats(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  const eventstore::Head head = (*store)->GetHead();
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"events", head.position},
                                {"head_position", head.position},
                                {"head_hash", Hex(head.hash)}}
                     .dump()
              << "\n";
  } else {
    std::cout << "events:        " << head.position << "\n"
              << "head position: " << head.position << "\n"
              << "head hash:     " << Hex(head.hash) << "\n";
  }
  return 0;
}

namespace {

// keeper verify --checkpoint FILE: the store against a saved checkpoint.
int VerifyAgainstSavedCheckpoint(const eventstore::EventStore& store,
                                 const std::string& path) {
  auto verifier = VerifierFromFlags();
  if (!verifier.ok()) return Fail(verifier.status());
  auto note = ReadFileToString(path);
  if (!note.ok()) return Fail(note.status());
  auto checkpoint = eventstore::OpenCheckpoint(*note, *verifier);
  if (!checkpoint.ok()) {
    std::cout << "REJECTED: the checkpoint in " << path
              << " does not verify: " << checkpoint.status().message() << "\n";
    return 1;
  }
  Progress progress("verify", store.GetHead().position);
  auto report = eventstore::VerifyAgainstCheckpoint(
      store, *checkpoint, [&](uint64_t checked) { progress.Update(checked); });
  progress.Done();
  if (!report.ok()) return Fail(report.status());
  if (absl::GetFlag(FLAGS_json)) {
    nlohmann::json out{{"consistent", report->consistent},
                       {"events", report->chain.events},
                       {"checkpoint_size", checkpoint->size}};
    if (!report->consistent) out["problem"] = report->problem;
    if (!report->chain.intact()) {
      out["first_bad_position"] = report->chain.first_bad_position;
    }
    std::cout << out.dump() << "\n";
  } else if (report->consistent) {
    std::cout << "consistent: the log's first " << checkpoint->size
              << " events are the ones checkpoint " << path << " signed; "
              << report->chain.events << " events, chain intact\n";
  } else {
    std::cout << "INCONSISTENT with " << path << ": " << report->problem
              << "\n";
  }
  return report->consistent ? 0 : 1;
}

}  // namespace

int RunVerify(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  const std::vector<std::string> checkpoints = absl::GetFlag(FLAGS_checkpoint);
  if (checkpoints.size() > 1) {
    return Fail(absl::InvalidArgumentError("give one --checkpoint to verify"));
  }
  if (checkpoints.size() == 1) {
    return VerifyAgainstSavedCheckpoint(**store, checkpoints[0]);
  }
  auto latest = (*store)->LatestCheckpoint();
  if (!latest.ok()) return Fail(latest.status());
  const uint64_t total = (*store)->GetHead().position;
  Progress progress("verify", total);
  auto on_progress = [&](uint64_t checked) { progress.Update(checked); };
  // The chain alone cannot show events removed from its end, or a history
  // rewritten with the chain recomputed: the kept checkpoints can.
  eventstore::KeptCheckpointsReport kept;
  if (latest->has_value()) {
    auto verifier = VerifierFromFlags();
    if (!verifier.ok()) {
      return Fail(absl::Status(
          verifier.status().code(),
          absl::StrCat(verifier.status().message(),
                       "; the store keeps signed checkpoints: give "
                       "--verifier_key to check them")));
    }
    auto checked =
        eventstore::VerifyKeptCheckpoints(**store, *verifier, on_progress);
    if (!checked.ok()) return Fail(checked.status());
    kept = *std::move(checked);
  } else {
    eventstore::VerifyChainOptions options;
    options.progress = on_progress;
    auto chain = eventstore::VerifyChain(**store, options);
    if (!chain.ok()) return Fail(chain.status());
    kept.chain = *std::move(chain);
  }
  progress.Done();
  const eventstore::ChainReport& report = kept.chain;
  // The stored tree must be the one the events make, or its proofs lie.
  std::string tree_problem;
  if (report.intact()) {
    auto stored = (*store)->MerkleRoot(report.events);
    if (!stored.ok() || *stored != report.tree_root) {
      tree_problem = "the stored Merkle tree does not match the events";
    }
  }
  const bool ok = report.intact() && tree_problem.empty() && kept.consistent();
  if (absl::GetFlag(FLAGS_json)) {
    nlohmann::json out{{"intact", ok},
                       {"events", report.events},
                       {"checkpoints", kept.checkpoints},
                       {"head_hash", Hex(report.head_hash)},
                       {"tree_root", Hex(report.tree_root)}};
    if (!report.intact()) {
      out["first_bad_position"] = report.first_bad_position;
      out["problem"] = report.problem;
    } else if (!kept.consistent()) {
      out["checkpoint_size"] = kept.bad_checkpoint_size;
      out["problem"] = kept.problem;
    } else if (!tree_problem.empty()) {
      out["problem"] = tree_problem;
    }
    std::cout << out.dump() << "\n";
  } else if (ok) {
    std::cout << "intact: " << report.events << " events, head hash "
              << Hex(report.head_hash) << ", tree root "
              << Hex(report.tree_root) << "; " << kept.checkpoints
              << " kept checkpoints hold\n";
  } else if (!report.intact()) {
    std::cout << "BROKEN at position " << report.first_bad_position << ": "
              << report.problem << "\n";
  } else if (!kept.consistent()) {
    std::cout << "INCONSISTENT: " << kept.problem << "\n";
  } else {
    std::cout << "BROKEN: " << tree_problem << "\n";
  }
  return ok ? 0 : 1;
}

int RunExport(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  const absl::Status status =
      (*store)->Scan(1, 0, [&](const eventstore::EventEnvelope& event) {
        line.clear();
        auto printed =
            google::protobuf::util::MessageToJsonString(event, &line, options);
        if (!printed.ok()) {
          return absl::DataLossError("cannot print the event at position " +
                                     std::to_string(event.position()) + ": " +
                                     printed.ToString());
        }
        std::cout << line << '\n';
        return absl::OkStatus();
      });
  std::cout.flush();
  if (!status.ok()) return Fail(status);
  return 0;
}

}  // namespace keeper::tools
