#include "eventstore/chain_verifier.h"

#include <future>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"
#include "eventstore/internal/event_store_impl.h"
#include "eventstore/keys.h"
#include "eventstore/merkle.h"
#include "eventstore/sha256.h"

namespace keeper::eventstore {
namespace {

using Time = std::pair<int64_t, int32_t>;

// One event as stored, and what checking it in log order needs of it,
// worked out on either thread from the stored bytes alone.
struct Item {
  size_t stored_end;       // in Batch::stored; begins where the last ended
  absl::Status parsed;     // a stored value that is not an envelope
  std::string prev_hash;   // as the canonical encoding begins
  std::string hash;        // as stored
  std::string recomputed;  // SHA-256 of the canonical encoding
  Time time;
};

struct Batch {
  uint64_t first = 0;  // the position of items[0]
  std::string stored;  // stored events, back to back
  std::vector<Item> items;
  void Clear() {
    stored.clear();
    items.clear();
  }
};

// Parses and hashes items [begin, end) of `batch`.
void HashItems(Batch& batch, size_t begin, size_t end) {
  EventEnvelope event;
  std::string encoding;
  size_t offset = begin == 0 ? 0 : batch.items[begin - 1].stored_end;
  for (size_t i = begin; i < end; ++i) {
    Item& item = batch.items[i];
    const std::string_view stored(batch.stored.data() + offset,
                                  item.stored_end - offset);
    offset = item.stored_end;
    item.parsed = ParseStoredEventInto(batch.first + i, stored, &event);
    if (!item.parsed.ok()) continue;
    encoding.clear();
    AppendCanonicalEncoding(event, &encoding);
    item.prev_hash.assign(encoding, 0, kHashSize);
    item.recomputed = Sha256(encoding);
    item.hash = event.hash();
    item.time = {event.recorded_time().seconds(),
                 event.recorded_time().nanos()};
  }
}

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
      const uint64_t bytes = item.stored_end - begin;
      begin = item.stored_end;
      if (absl::Status broken = CheckOne(item, bytes); !broken.ok()) {
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
  absl::Status CheckOne(const Item& item, uint64_t bytes) {
    const uint64_t position = report_.events + 1;
    RETURN_IF_ERROR(item.parsed);
    if (item.prev_hash != report_.head_hash) {
      return absl::DataLossError(
          absl::StrCat("position ", position,
                       ": prev_hash is not the previous event's hash"));
    }
    if (item.recomputed != item.hash) {
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
    report_.bytes += bytes;
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

// Parsing, re-encoding and hashing are most of the work, and each event's
// needs only its own bytes: both threads share that out batch by batch,
// then this one checks the batch in log order (links, times, the tree).
// Recomputes the chain and the roots at `sizes` (ascending) into `roots`.
absl::StatusOr<ChainReport> CheckChain(
    const EventStore& store, std::vector<uint64_t> sizes,
    const std::function<void(uint64_t checked)>& progress,
    std::vector<std::string>* roots) {
  ChainState chain(std::move(sizes));
  Batch batch;
  batch.first = 1;
  auto check = [&] {
    const size_t half = batch.items.size() / 2;
    std::future<void> helper =
        std::async(std::launch::async, [&] { HashItems(batch, 0, half); });
    HashItems(batch, half, batch.items.size());
    helper.get();
    chain.Check(batch);
    batch.first += batch.items.size();
    batch.Clear();
  };

  uint64_t scanned = 0;
  const absl::Status status = store.ScanStored(
      1, store.GetHead().position,
      [&](uint64_t, std::string_view stored) -> absl::Status {
        batch.stored.append(stored);
        batch.items.emplace_back().stored_end = batch.stored.size();
        if (batch.items.size() == kBatchEvents) {
          check();
          if (chain.broken()) return absl::CancelledError();
        }
        if (progress && ++scanned % 65536 == 0) progress(scanned);
        return absl::OkStatus();
      });
  if (!chain.broken() && !batch.items.empty())
    check();  // the last, partial one

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
