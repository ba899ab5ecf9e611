// The state changes of one projection over a run of events: the last write
// of each key, read back by later events of the run and written to RocksDB
// when the run ends.
//
// A write is a copy into the overlay's own blocks and an append, not a
// sorted insert and an allocation. Keys are indexed for reads only once a
// projection reads: one that only writes (a trail) never hashes a key.
// Ordering is paid once, by Sort(), when the run is written out, and
// costs little for keys written in order under each of their prefixes (as
// keys ending in a log position are). WithPrefix passes over every change
// of the run; no projection scans its state while applying today.
//
// Ownership: the overlay owns copies of every key and value written; the
// views it returns stay valid until Clear() or destruction.
// Thread safety: none; one thread at a time.
// Failure: none besides allocation.
#ifndef KEEPER_PROJECTIONS_OVERLAY_H_
#define KEEPER_PROJECTIONS_OVERLAY_H_

#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace keeper::projections {

class Overlay {
 public:
  // A key's last write in the run: its new value, or its deletion.
  struct Change {
    std::string_view key;
    std::string_view value;
    bool deleted = false;
  };

  Overlay() = default;
  Overlay(const Overlay&) = delete;
  Overlay& operator=(const Overlay&) = delete;
  Overlay(Overlay&&) = default;
  Overlay& operator=(Overlay&&) = default;

  void Put(std::string_view key, std::string_view value);
  void Delete(std::string_view key);
  // The key's last write in the run, valid until the next write; null when
  // the run did not write it.
  const Change* Find(std::string_view key) const;

  // Sorts the changes in place, keeping only the last write of every key,
  // and returns them in key order, valid until the next write or Clear().
  // In place, not copied: a run is sorted when it is largest, to be
  // written out, and a copy would add a third of its size to the peak.
  // Reads and writes afterwards see the same last writes as before.
  std::span<const Change> Sort();
  // The last writes of keys that start with `prefix`, in key order.
  std::vector<Change> WithPrefix(std::string_view prefix) const;

  bool empty() const { return changes_.empty(); }
  // About what the overlay holds in memory.
  size_t bytes() const { return bytes_; }
  void Clear();

 private:
  std::string_view Copy(std::string_view bytes);
  // The change to overwrite for `key`: its last one when the index is up
  // to date, else a new one (Sort() keeps the last of a key's changes).
  Change& Slot(std::string_view key);
  // Indexes the changes written since the index was last brought up to
  // date.
  void CatchUpIndex() const;

  // In the order written; a key appears more than once only when written
  // again while the index lagged.
  std::vector<Change> changes_;
  // Key -> its last change in changes_[0, indexed_).
  mutable absl::flat_hash_map<std::string_view, uint32_t> index_;
  mutable size_t indexed_ = 0;
  mutable bool reads_ = false;  // whether Find has been called
  // Keys and values live in these blocks; a block is filled from the front.
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;  // the unused end of the last block
  size_t free_size_ = 0;
  size_t bytes_ = 0;
};

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_OVERLAY_H_
