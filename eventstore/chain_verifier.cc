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

}  // namespace keeper::eventstore
