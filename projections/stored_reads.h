// What a run of events read from a projection's stored state, kept for the
// rest of the run: a key read again is answered from memory, not looked up
// in the database again (a projection that reads the same few keys for
// every event, as retention reads a case's authority, would otherwise pay a
// database lookup per event once its own writes of them have been written
// out).
//
// Only reads that missed the run's overlay are kept, and the overlay is
// consulted first, so a key written later in the run is never answered
// from here. Cleared with the overlay when the run's changes are written.
//
// Thread safety: none; one thread at a time.
#ifndef KEEPER_PROJECTIONS_STORED_READS_H_
#define KEEPER_PROJECTIONS_STORED_READS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace keeper::projections {

class StoredReads {
 public:
  // What was read for `key`: its value, or nullopt for a key not stored;
  // null when the run has not read it.
  const std::optional<std::string>* Find(std::string_view key) const {
    const auto it = reads_.find(absl::string_view(key.data(), key.size()));
    return it == reads_.end() ? nullptr : &it->second;
  }
  void Remember(std::string_view key, std::optional<std::string> value) {
    bytes_ +=
        key.size() + (value.has_value() ? value->size() : 0) + kEntryOverhead;
    reads_.insert_or_assign(std::string(key), std::move(value));
  }
  // About what the reads hold in memory.
  size_t bytes() const { return bytes_; }
  void Clear() {
    reads_.clear();
    bytes_ = 0;
  }

 private:
  // A map slot and two strings' headers.
  static constexpr size_t kEntryOverhead = 96;
  absl::flat_hash_map<std::string, std::optional<std::string>> reads_;
  size_t bytes_ = 0;
};

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_STORED_READS_H_
