#include "projections/overlay.h"

#include <algorithm>
#include <cstring>

namespace keeper::projections {
namespace {

constexpr size_t kBlockSize = 256 << 10;
// About what a change costs besides its bytes: its entry and index slot.
constexpr size_t kChangeOverhead = 64;
// Below this many changes, a comparison sort beats distributing by byte.
constexpr size_t kSmallSort = 32;

using Change = Overlay::Change;

// Sorts changes whose keys all share their first `depth` bytes: a stable
// distribution by the byte at `depth`, then each part alike one byte
// deeper. A part already in order (as keys written in order are, once
// their distinct prefixes are apart) costs one pass. `scratch` holds as
// many changes as [begin, end).
void SortFrom(Change* begin, Change* end, size_t depth, Change* scratch) {
  auto less = [depth](const Change& a, const Change& b) {
    return a.key.substr(depth) < b.key.substr(depth);
  };
  for (;;) {
    const size_t n = end - begin;
    if (n < 2 || std::is_sorted(begin, end, less)) return;
    if (n < kSmallSort) {
      std::stable_sort(begin, end, less);
      return;
    }
    // Part 0: keys that end at `depth`, all equal.
    size_t counts[257] = {};
    for (const Change* c = begin; c != end; ++c) {
      ++counts[c->key.size() > depth
                   ? 1 + static_cast<unsigned char>(c->key[depth])
                   : 0];
    }
    if (counts[0] == n) return;  // all the same key
    if (std::find(std::begin(counts), std::end(counts), n) !=
        std::end(counts)) {
      ++depth;  // one part: nothing to distribute at this byte
      continue;
    }
    size_t starts[257];
    size_t start = 0;
    for (int b = 0; b < 257; ++b) {
      starts[b] = start;
      start += counts[b];
    }
    size_t next[257];
    std::copy(std::begin(starts), std::end(starts), std::begin(next));
    for (const Change* c = begin; c != end; ++c) {
      scratch[next[c->key.size() > depth
                       ? 1 + static_cast<unsigned char>(c->key[depth])
                       : 0]++] = *c;
    }
    std::copy(scratch, scratch + n, begin);
    for (int b = 1; b < 257; ++b) {
      SortFrom(begin + starts[b], begin + starts[b] + counts[b], depth + 1,
               scratch + starts[b]);
    }
    return;
  }
}

// Sorts by key, keeping only the last change of each key.
void SortChanges(std::vector<Change>& changes) {
  std::vector<Change> scratch(changes.size());
  SortFrom(changes.data(), changes.data() + changes.size(), 0, scratch.data());
  // Stable: a key's changes are still in the order written.
  size_t kept = 0;
  for (size_t i = 0; i < changes.size(); ++i) {
    if (i + 1 < changes.size() && changes[i + 1].key == changes[i].key) {
      continue;
    }
    changes[kept++] = changes[i];
  }
  changes.resize(kept);
}

}  // namespace

std::string_view Overlay::Copy(std::string_view bytes) {
  if (bytes.empty()) return {};
  if (bytes.size() > free_size_) {
    if (bytes.size() > kBlockSize / 4) {
      // A large one gets a block of its own; the current one stays open.
      blocks_.push_back(std::unique_ptr<char[]>(new char[bytes.size()]));
      bytes_ += bytes.size();
      std::memcpy(blocks_.back().get(), bytes.data(), bytes.size());
      return {blocks_.back().get(), bytes.size()};
    }
    blocks_.push_back(std::unique_ptr<char[]>(new char[kBlockSize]));
    bytes_ += kBlockSize;
    free_ = blocks_.back().get();
    free_size_ = kBlockSize;
  }
  std::memcpy(free_, bytes.data(), bytes.size());
  std::string_view copy(free_, bytes.size());
  free_ += bytes.size();
  free_size_ -= bytes.size();
  return copy;
}

Change& Overlay::Slot(std::string_view key) {
  if (reads_) {
    // The projection reads: keep the index up to date, one change per key.
    CatchUpIndex();
    bool added = false;
    const auto it = index_.lazy_emplace(key, [&](const auto& construct) {
      added = true;
      construct(Copy(key), static_cast<uint32_t>(changes_.size()));
    });
    if (!added) return changes_[it->second];
    changes_.push_back({it->first, {}, false});
    indexed_ = changes_.size();
  } else {
    changes_.push_back({Copy(key), {}, false});
  }
  bytes_ += kChangeOverhead;
  return changes_.back();
}

void Overlay::CatchUpIndex() const {
  for (; indexed_ < changes_.size(); ++indexed_) {
    index_.insert_or_assign(changes_[indexed_].key,
                            static_cast<uint32_t>(indexed_));
  }
}

void Overlay::Put(std::string_view key, std::string_view value) {
  Change& change = Slot(key);
  change.value = Copy(value);
  change.deleted = false;
}

void Overlay::Delete(std::string_view key) {
  Change& change = Slot(key);
  change.value = {};
  change.deleted = true;
}

const Change* Overlay::Find(std::string_view key) const {
  reads_ = true;
  CatchUpIndex();
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &changes_[it->second];
}

std::span<const Change> Overlay::Sort() {
  SortChanges(changes_);
  // Positions moved: index the sorted changes afresh when next read.
  index_.clear();
  indexed_ = 0;
  return changes_;
}

std::vector<Change> Overlay::WithPrefix(std::string_view prefix) const {
  std::vector<Change> matching;
  for (const Change& change : changes_) {
    if (change.key.starts_with(prefix)) matching.push_back(change);
  }
  SortChanges(matching);
  return matching;
}

void Overlay::Clear() {
  changes_.clear();
  index_.clear();
  indexed_ = 0;
  reads_ = false;
  blocks_.clear();
  free_ = nullptr;
  free_size_ = 0;
  bytes_ = 0;
}

}  // namespace keeper::projections
