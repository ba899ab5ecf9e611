#include "eventstore/chain_verifier.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/internal/chain_check.h"

namespace keeper::eventstore {

absl::StatusOr<ChainReport> VerifyChain(const EventStore& store,
                                        const VerifyChainOptions& options) {
  ChainCheckOptions check;
  check.sizes = {options.root_at_size};
  check.progress = options.progress;
  check.threads = options.threads;
  check.chunk_events = options.chunk_events;
  std::vector<std::string> roots;
  absl::StatusOr<ChainReport> report = CheckChain(store, check, &roots);
  if (report.ok()) report->root_at_size = roots[0];
  return report;
}

absl::StatusOr<CheckpointReport> VerifyAgainstCheckpoint(
    const EventStore& store, const Checkpoint& checkpoint,
    const std::function<void(uint64_t checked)>& progress) {
  CheckpointReport report;
  VerifyChainOptions options;
  options.root_at_size = checkpoint.size;
  options.progress = progress;
  absl::StatusOr<ChainReport> chain = VerifyChain(store, options);
  if (!chain.ok()) return chain.status();
  report.chain = *std::move(chain);
  if (!report.chain.intact()) {
    report.problem = absl::StrCat("the hash chain breaks at position ",
                                  report.chain.first_bad_position, ": ",
                                  report.chain.problem);
    return report;
  }
  if (report.chain.events < checkpoint.size) {
    report.problem = absl::StrCat("the log holds ", report.chain.events,
                                  " events but the checkpoint covers ",
                                  checkpoint.size, ": events were removed");
    return report;
  }
  if (report.chain.root_at_size != checkpoint.root_hash) {
    report.problem = absl::StrCat(
        "the log's first ", checkpoint.size,
        " events do not have the checkpoint's root hash: the history the "
        "checkpoint saw was rewritten or replaced");
    return report;
  }
  absl::StatusOr<std::string> stored = store.MerkleRoot(report.chain.events);
  if (!stored.ok() || *stored != report.chain.tree_root) {
    report.problem =
        "the store's Merkle tree does not match its events: proofs it "
        "serves would not hold";
    return report;
  }
  report.consistent = true;
  return report;
}

absl::StatusOr<KeptCheckpointsReport> VerifyKeptCheckpoints(
    const EventStore& store, const NoteVerifier& verifier,
    const std::function<void(uint64_t checked)>& progress) {
  KeptCheckpointsReport report;
  // Only sizes and roots are kept: 40 bytes a checkpoint, and checkpoints
  // are signed at most once an interval.
  std::vector<uint64_t> sizes;
  std::vector<std::string> signed_roots;
  const absl::Status listed =
      store.ScanCheckpoints([&](const StoredCheckpoint& kept) {
        absl::StatusOr<Checkpoint> opened = OpenCheckpoint(kept.note, verifier);
        if (!opened.ok() || opened->size != kept.tree_size) {
          report.bad_checkpoint_size = kept.tree_size;
          report.problem =
              absl::StrCat("the kept checkpoint of size ", kept.tree_size,
                           " does not verify with this log's key: ",
                           opened.ok() ? "it is stored under another size"
                                       : opened.status().message());
          return absl::CancelledError();
        }
        sizes.push_back(opened->size);
        signed_roots.push_back(std::move(opened->root_hash));
        return absl::OkStatus();
      });
  if (!listed.ok() && !absl::IsCancelled(listed)) return listed;
  ChainCheckOptions check;
  check.sizes = sizes;
  check.progress = progress;
  std::vector<std::string> roots;
  ASSIGN_OR_RETURN(report.chain, CheckChain(store, check, &roots));
  report.checkpoints = sizes.size();
  if (!report.problem.empty()) return report;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (!roots[i].empty() && roots[i] == signed_roots[i]) continue;
    report.bad_checkpoint_size = sizes[i];
    if (sizes[i] > report.chain.events && report.chain.intact()) {
      report.problem = absl::StrCat(
          "the kept checkpoint of size ", sizes[i], " covers more than the ",
          report.chain.events, " events the log holds: events were removed");
    } else if (roots[i].empty()) {
      report.problem =
          absl::StrCat("the kept checkpoint of size ", sizes[i],
                       " covers events past the break in the hash chain");
    } else {
      report.problem = absl::StrCat(
          "the log's first ", sizes[i],
          " events do not have the root the kept checkpoint of size ", sizes[i],
          " signed: the history it saw was rewritten or replaced");
    }
    return report;
  }
  return report;
}

}  // namespace keeper::eventstore
