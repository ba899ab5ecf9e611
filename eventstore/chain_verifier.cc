#include "eventstore/chain_verifier.h"

#include <atomic>
#include <future>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"
#include "eventstore/keys.h"
#include "eventstore/merkle.h"
#include "eventstore/sha256.h"

namespace keeper::eventstore {
namespace {

using Time = std::pair<int64_t, int32_t>;

// What the hashing side needs of one event, cut from the parsed envelope by
// the scanning side.
struct Item {
  size_t encoding_end;  // in Batch::encodings; begins where the last ended
  std::string hash;     // as stored
  Time time;
  uint64_t bytes;
};

struct Batch {
  std::string encodings;  // canonical encodings, back to back
  std::vector<Item> items;
  void Clear() {
    encodings.clear();
    items.clear();
  }
};

constexpr size_t kBatchEvents = 4096;

// The chain and the tree, advanced batch by batch in log order.
class ChainState {
 public:
  // `sizes`: ascending tree sizes whose roots are wanted (roots()).
  explicit ChainState(std::vector<uint64_t> sizes)
      : sizes_(std::move(sizes)), roots_(sizes_.size()) {
    report_.head_hash = GenesisHash();
    RecordRoots();
  }

  // Stops at the first broken event, leaving it in the report.
  void Check(const Batch& batch) {
    size_t begin = 0;
    for (const Item& item : batch.items) {
      const std::string_view encoding(batch.encodings.data() + begin,
                                      item.encoding_end - begin);
      begin = item.encoding_end;
      if (absl::Status broken = CheckOne(encoding, item); !broken.ok()) {
        report_.first_bad_position = report_.events + 1;
        report_.problem = std::string(broken.message());
        return;
      }
    }
  }

  bool broken() const { return report_.first_bad_position != 0; }

  ChainReport Finish() {
    report_.tree_root = tree_.Root();
    return std::move(report_);
  }
  ChainReport& report() { return report_; }
  // The root at each of `sizes`, empty for those the chain did not reach.
  const std::vector<std::string>& roots() const { return roots_; }

 private:
  absl::Status CheckOne(std::string_view encoding, const Item& item) {
    const uint64_t position = report_.events + 1;
    // The canonical encoding begins with the event's prev_hash.
    if (encoding.substr(0, kHashSize) != report_.head_hash) {
      return absl::DataLossError(
          absl::StrCat("position ", position,
                       ": prev_hash is not the previous event's hash"));
    }
    if (Sha256(encoding) != item.hash) {
      return absl::DataLossError(
          absl::StrCat("position ", position,
                       ": the stored hash does not match its content"));
    }
    if (item.time < last_time_) {
      return absl::DataLossError(absl::StrCat(
          "position ", position, ": recorded time goes backwards"));
    }
    last_time_ = item.time;
    report_.head_hash = item.hash;
    report_.bytes += item.bytes;
    ++report_.events;
    tree_.AddLeaf(MerkleLeafHash(item.hash));
    RecordRoots();
    return absl::OkStatus();
  }

  void RecordRoots() {
    while (next_size_ < sizes_.size() && sizes_[next_size_] <= report_.events) {
      if (sizes_[next_size_] == report_.events)
        roots_[next_size_] = tree_.Root();
      ++next_size_;
    }
  }

  const std::vector<uint64_t> sizes_;
  std::vector<std::string> roots_;
  size_t next_size_ = 0;
  ChainReport report_;
  MerkleRootBuilder tree_;
  Time last_time_{INT64_MIN, 0};
};

// The scan (reading and parsing) and the hashing take about as long as each
// other, so one thread hashes a batch while this one reads the next.
// Recomputes the chain and the roots at `sizes` (ascending) into `roots`.
absl::StatusOr<ChainReport> CheckChain(
    const EventStore& store, std::vector<uint64_t> sizes,
    const std::function<void(uint64_t checked)>& progress,
    std::vector<std::string>* roots) {
  ChainState chain(std::move(sizes));
  std::atomic<bool> broken{false};
  Batch batches[2];
  int filling = 0;
  std::future<void> hashing;
  auto hand_over = [&] {
    if (hashing.valid()) hashing.get();
    if (chain.broken()) {
      broken = true;
      return;
    }
    const Batch* full = &batches[filling];
    hashing = std::async(std::launch::async, [&chain, &broken, full] {
      chain.Check(*full);
      if (chain.broken()) broken = true;
    });
    filling = 1 - filling;
    batches[filling].Clear();
  };

  uint64_t scanned = 0;
  const absl::Status status =
      store.Scan(1, store.GetHead().position, [&](const EventEnvelope& event) {
        if (broken) return absl::CancelledError();
        Batch& batch = batches[filling];
        AppendCanonicalEncoding(event, &batch.encodings);
        batch.items.push_back(
            {batch.encodings.size(),
             event.hash(),
             {event.recorded_time().seconds(), event.recorded_time().nanos()},
             event.ByteSizeLong()});
        if (batch.items.size() == kBatchEvents) hand_over();
        if (progress && ++scanned % 65536 == 0) progress(scanned);
        return absl::OkStatus();
      });
  if (hashing.valid()) hashing.get();
  if (!chain.broken()) chain.Check(batches[filling]);  // the last, partial one

  if (!chain.broken()) {
    // Every event read was sound; a failure to read the next is the break.
    if (absl::IsDataLoss(status)) {
      chain.report().first_bad_position = chain.report().events + 1;
      chain.report().problem = std::string(status.message());
    } else if (!status.ok()) {
      return status;
    }
  }
  *roots = chain.roots();
  return chain.Finish();
}

}  // namespace

absl::StatusOr<ChainReport> VerifyChain(const EventStore& store,
                                        const VerifyChainOptions& options) {
  std::vector<std::string> roots;
  absl::StatusOr<ChainReport> report =
      CheckChain(store, {options.root_at_size}, options.progress, &roots);
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
  std::vector<std::string> roots;
  ASSIGN_OR_RETURN(report.chain, CheckChain(store, sizes, progress, &roots));
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
