#include "eventstore/chain_verifier.h"

#include "absl/strings/str_cat.h"
#include "eventstore/hash_chain.h"
#include "eventstore/merkle.h"

namespace keeper::eventstore {
namespace {

std::pair<int64_t, int32_t> TimeOf(const EventEnvelope& event) {
  return {event.recorded_time().seconds(), event.recorded_time().nanos()};
}

}  // namespace

absl::StatusOr<ChainReport> VerifyChain(const EventStore& store,
                                        const VerifyChainOptions& options) {
  ChainReport report;
  MerkleRootBuilder tree;
  if (options.root_at_size == 0) report.root_at_size = tree.Root();
  report.head_hash = GenesisHash();
  std::pair<int64_t, int32_t> last_time{INT64_MIN, 0};
  const Head head = store.GetHead();
  const absl::Status status =
      store.Scan(1, head.position, [&](const EventEnvelope& event) {
        const uint64_t position = report.events + 1;
        if (event.prev_hash() != report.head_hash) {
          return absl::DataLossError(
              absl::StrCat("position ", position,
                           ": prev_hash is not the previous event's hash"));
        }
        if (ComputeEventHash(event) != event.hash()) {
          return absl::DataLossError(
              absl::StrCat("position ", position,
                           ": the stored hash does not match its content"));
        }
        if (TimeOf(event) < last_time) {
          return absl::DataLossError(absl::StrCat(
              "position ", position, ": recorded time goes backwards"));
        }
        last_time = TimeOf(event);
        report.head_hash = event.hash();
        report.bytes += event.ByteSizeLong();
        ++report.events;
        tree.AddLeaf(MerkleLeafHash(event.hash()));
        if (report.events == options.root_at_size) {
          report.root_at_size = tree.Root();
        }
        if (options.progress && report.events % 65536 == 0) {
          options.progress(report.events);
        }
        return absl::OkStatus();
      });
  if (absl::IsDataLoss(status)) {
    report.first_bad_position = report.events + 1;
    report.problem = std::string(status.message());
  } else if (!status.ok()) {
    return status;
  }
  report.tree_root = tree.Root();
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

}  // namespace keeper::eventstore
