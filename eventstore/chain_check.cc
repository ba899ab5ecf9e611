#include "eventstore/internal/chain_check.h"

#include <algorithm>
#include <string_view>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"
#include "eventstore/keys.h"
#include "eventstore/merkle.h"
#include "eventstore/sha256.h"
#include "eventstore/stored_event.h"

namespace keeper::eventstore {
namespace {

using Time = std::pair<int64_t, int32_t>;

// Large enough that a chunk's seek and hand-over cost nothing beside it;
// small enough that the chunks in flight (two a thread) hold little.
constexpr uint64_t kDefaultChunkEvents = 16384;
constexpr uint64_t kProgressEvery = 65536;

absl::Status Broken(uint64_t position, const char* what) {
  return absl::DataLossError(absl::StrCat("position ", position, ": ", what));
}

// One chunk of the log, positions [first, first + size), as a worker found
// it. Its strings keep their capacity from chunk to chunk.
struct Chunk {
  uint64_t first = 0;
  uint64_t size = 0;
  // The events sound in themselves and linked within the chunk, from its
  // first up to the first that is not.
  uint64_t good = 0;
  uint64_t bytes = 0;  // their stored bytes
  // Whether the first event parsed; then its link and time.
  bool first_parsed = false;
  std::string first_prev_hash;
  Time first_time;
  std::string last_hash;  // of the last good event
  Time last_time;
  std::string leaves;  // the good events' Merkle leaf hashes, back to back
  // The root over the whole chunk, when every event is good and the chunk
  // is a perfect subtree of the log's tree; else empty.
  std::string root;
  absl::Status broken;  // DATA_LOSS at first + good, if the log breaks there
  absl::Status error;   // a failure to read, past the good events
  bool done = false;    // guarded by the check's mutex

  void Reset(uint64_t first_position, uint64_t events) {
    first = first_position;
    size = events;
    good = bytes = 0;
    first_parsed = false;
    first_prev_hash.clear();
    last_hash.clear();
    leaves.clear();
    root.clear();
    broken = error = absl::OkStatus();
  }
};

bool IsPerfectSubtree(uint64_t first, uint64_t size) {
  return (size & (size - 1)) == 0 && (first - 1) % size == 0;
}

// Checks each event of `chunk` against its own stored bytes and the event
// before it in the chunk. Stops at the first that fails.
void CheckChunk(const EventStore& store, Chunk& chunk) {
  EventEnvelope event;  // reused: parsing into it keeps its strings
  std::string encoding;
  const absl::Status scanned = store.ScanStored(
      chunk.first, chunk.first + chunk.size - 1,
      [&](uint64_t position, std::string_view stored) -> absl::Status {
        if (absl::Status parsed =
                ParseStoredEventInto(position, stored, &event);
            !parsed.ok()) {
          chunk.broken = std::move(parsed);
          return absl::CancelledError();
        }
        const Time time{event.recorded_time().seconds(),
                        event.recorded_time().nanos()};
        if (chunk.good == 0) {
          chunk.first_parsed = true;
          chunk.first_prev_hash = event.prev_hash();
          chunk.first_time = time;
        } else if (event.prev_hash() != chunk.last_hash) {
          chunk.broken =
              Broken(position, "prev_hash is not the previous event's hash");
          return absl::CancelledError();
        }
        encoding.clear();
        AppendCanonicalEncoding(event, &encoding);
        if (Sha256(encoding) != event.hash()) {
          chunk.broken =
              Broken(position, "the stored hash does not match its content");
          return absl::CancelledError();
        }
        if (chunk.good > 0 && time < chunk.last_time) {
          chunk.broken = Broken(position, "recorded time goes backwards");
          return absl::CancelledError();
        }
        chunk.last_hash = event.hash();
        chunk.last_time = time;
        chunk.bytes += stored.size();
        chunk.leaves += MerkleLeafHash(event.hash());
        ++chunk.good;
        return absl::OkStatus();
      });
  if (chunk.broken.ok() && !scanned.ok()) {
    // A gap, a corrupt key or the log's end breaks the chain where the
    // next event was expected; anything else is a failure to read.
    if (absl::IsDataLoss(scanned)) {
      chunk.broken = scanned;
    } else {
      chunk.error = scanned;
    }
  }
  if (chunk.good == chunk.size && IsPerfectSubtree(chunk.first, chunk.size)) {
    MerkleRootBuilder tree;
    for (uint64_t i = 0; i < chunk.good; ++i) {
      tree.AddLeaf(chunk.leaves.substr(i * kHashSize, kHashSize));
    }
    chunk.root = tree.Root();
  }
}

// The chain and the tree, advanced chunk by chunk in log order.
class ChainState {
 public:
  ChainState(std::vector<uint64_t> sizes,
             std::function<void(uint64_t checked)> progress)
      : sizes_(std::move(sizes)),
        roots_(sizes_.size()),
        progress_(std::move(progress)) {
    report_.head_hash = GenesisHash();
    RecordRoots();
  }

  // Takes the next chunk. A break is left in the report (broken());
  // the status is a failure to read.
  absl::Status Take(const Chunk& chunk) {
    const uint64_t at = chunk.first;
    if (!chunk.first_parsed) {
      RETURN_IF_ERROR(chunk.error);
      return Break(at, chunk.broken);
    }
    if (chunk.first_prev_hash != report_.head_hash) {
      return Break(at,
                   Broken(at, "prev_hash is not the previous event's hash"));
    }
    if (chunk.good == 0) return Break(at, chunk.broken);  // its own hash
    if (chunk.first_time < last_time_) {
      return Break(at, Broken(at, "recorded time goes backwards"));
    }
    Accept(chunk);
    RETURN_IF_ERROR(chunk.error);
    if (!chunk.broken.ok()) return Break(at + chunk.good, chunk.broken);
    return absl::OkStatus();
  }

  bool broken() const { return report_.first_bad_position != 0; }

  ChainReport Finish() {
    report_.tree_root = tree_.Root();
    return std::move(report_);
  }
  // The root at each of `sizes`, empty for those the chain did not reach.
  const std::vector<std::string>& roots() const { return roots_; }

 private:
  absl::Status Break(uint64_t position, const absl::Status& problem) {
    report_.first_bad_position = position;
    report_.problem = std::string(problem.message());
    return absl::OkStatus();
  }

  // Adds the chunk's good events to the chain and the tree.
  void Accept(const Chunk& chunk) {
    const uint64_t before = report_.events;
    const uint64_t after = before + chunk.good;
    // A wanted size inside the chunk needs the tree leaf by leaf.
    const bool wanted_inside =
        next_size_ < sizes_.size() && sizes_[next_size_] < after;
    if (!chunk.root.empty() && !wanted_inside) {
      tree_.AddSubtree(chunk.root, chunk.good);
      report_.events = after;
      RecordRoots();
    } else {
      for (uint64_t i = 0; i < chunk.good; ++i) {
        tree_.AddLeaf(chunk.leaves.substr(i * kHashSize, kHashSize));
        ++report_.events;
        RecordRoots();
      }
    }
    report_.head_hash = chunk.last_hash;
    report_.bytes += chunk.bytes;
    last_time_ = chunk.last_time;
    if (progress_ && after / kProgressEvery > before / kProgressEvery) {
      progress_(after);
    }
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
  const std::function<void(uint64_t)> progress_;
  ChainReport report_;
  MerkleRootBuilder tree_;
  Time last_time_{INT64_MIN, 0};
};

}  // namespace

absl::StatusOr<ChainReport> CheckChain(const EventStore& store,
                                       const ChainCheckOptions& options,
                                       std::vector<std::string>* roots) {
  const uint64_t head = store.GetHead().position;
  const uint64_t chunk_events =
      options.chunk_events > 0 ? options.chunk_events : kDefaultChunkEvents;
  const uint64_t chunks = (head + chunk_events - 1) / chunk_events;
  const uint64_t threads = std::clamp<uint64_t>(
      options.threads > 0 ? options.threads
                          : std::max(1u, std::thread::hardware_concurrency()),
      1, std::max<uint64_t>(chunks, 1));
  // Chunk i is checked in ring[i % window]: workers run at most `window`
  // chunks ahead of the one taken in order.
  const uint64_t window = 2 * threads;
  std::vector<Chunk> ring(window);
  absl::Mutex mu;
  uint64_t next = 0;        // the next chunk a worker takes
  uint64_t taken = 0;       // chunks taken in order
  uint64_t limit = chunks;  // chunks past it are not wanted
  auto work = [&] {
    while (true) {
      uint64_t i = 0;
      {
        absl::MutexLock lock(&mu);
        auto ready = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
          return next >= limit || next < taken + window;
        };
        mu.Await(absl::Condition(&ready));
        if (next >= limit) return;
        i = next++;
      }
      Chunk& chunk = ring[i % window];
      chunk.Reset(1 + i * chunk_events,
                  std::min(chunk_events, head - i * chunk_events));
      CheckChunk(store, chunk);
      absl::MutexLock lock(&mu);
      chunk.done = true;
      // Nothing after a break or a failure is looked at.
      if (!chunk.broken.ok() || !chunk.error.ok()) {
        limit = std::min(limit, i + 1);
      }
    }
  };
  std::vector<std::thread> workers;
  for (uint64_t t = 0; t < threads && chunks > 0; ++t) {
    workers.emplace_back(work);
  }

  ChainState chain(options.sizes, options.progress);
  absl::Status error;
  for (uint64_t i = 0; i < chunks && error.ok() && !chain.broken(); ++i) {
    Chunk& chunk = ring[i % window];
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&chunk.done));
    }
    error = chain.Take(chunk);
    absl::MutexLock lock(&mu);
    chunk.done = false;
    ++taken;
  }
  {
    absl::MutexLock lock(&mu);
    limit = 0;
  }
  for (std::thread& worker : workers) worker.join();
  if (!error.ok()) return error;
  *roots = chain.roots();
  return chain.Finish();
}

}  // namespace keeper::eventstore
