// Shared layout and paging of the audit trails (access and change).
//
// A trail keeps one record per event and secondary indexes:
//   r ‖ u64be(position)                  -> the entry
//   <kind> ‖ value ‖ 0x00 ‖ u64be(position) -> ""
// Positions follow recorded time, so every index is in time order too.
//
// Paging pins the trail at the log position the first page read up to: a
// later page never shows entries recorded after it. Otherwise reading a
// trail would feed it (each page read is itself recorded, for the case it
// filters on), and paging would never end.
#ifndef KEEPER_PROJECTIONS_TRAIL_H_
#define KEEPER_PROJECTIONS_TRAIL_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/keys.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "projections/engine.h"

namespace keeper::projections::trail {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

inline std::string RecordKey(uint64_t position) {
  return "r" + eventstore::EncodeU64(position);
}

inline std::string IndexKey(char kind, const std::string& value,
                            uint64_t position) {
  std::string key(1, kind);
  key += value;
  key.push_back('\0');
  return key + eventstore::EncodeU64(position);
}

// A page token: u64be(pin) ‖ u64be(after) as 32 hex digits, where `pin` is
// the position the first page read up to and `after` the last entry
// returned. Opaque to clients.
inline std::string EncodePageToken(uint64_t pin, uint64_t after) {
  return absl::BytesToHexString(eventstore::EncodeU64(pin) +
                                eventstore::EncodeU64(after));
}

// INVALID_ARGUMENT for anything EncodePageToken could not have returned
// while the projections stood at `applied`.
inline absl::Status DecodePageToken(const std::string& token, uint64_t applied,
                                    uint64_t* pin, uint64_t* after) {
  const absl::Status invalid = absl::InvalidArgumentError(
      "page_token is not a token this service returned");
  if (token.size() != 32) return invalid;
  for (char c : token) {
    if (!absl::ascii_isxdigit(c)) return invalid;
  }
  const std::string bytes = absl::HexStringToBytes(token);
  const auto decoded_pin = eventstore::DecodeU64(bytes.substr(0, 8));
  const auto decoded_after = eventstore::DecodeU64(bytes.substr(8));
  if (!decoded_pin.has_value() || !decoded_after.has_value() ||
      *decoded_after < 1 || *decoded_after > *decoded_pin ||
      *decoded_pin > applied) {
    return invalid;
  }
  *pin = *decoded_pin;
  *after = *decoded_after;
  return absl::OkStatus();
}

// One page of entries. `index_kind` and `index_value` pick the index to
// walk ('r' and "" for all records); `matches` applies the other filters;
// entries at or after `to_time` (if set) end the walk.
template <typename Entry>
absl::Status QueryPage(const ProjectionEngine& engine,
                       const std::string& projection, char index_kind,
                       const std::string& index_value, int page_size_in,
                       const std::string& page_token,
                       const google::protobuf::Timestamp* to_time,
                       const std::function<bool(const Entry&)>& matches,
                       google::protobuf::RepeatedPtrField<Entry>* entries,
                       std::string* next_page_token) {
  const int page_size = page_size_in == 0 ? kDefaultPageSize : page_size_in;
  if (page_size < 1 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be 1 to ", kMaxPageSize));
  }
  // The first page pins the trail where the projections stand now; later
  // pages keep that pin.
  uint64_t pin = engine.applied();
  uint64_t after = 0;
  if (!page_token.empty()) {
    RETURN_IF_ERROR(DecodePageToken(page_token, pin, &pin, &after));
  }
  const bool is_index = index_kind != 'r';
  std::string prefix(1, index_kind);
  if (is_index) {
    prefix += index_value;
    prefix.push_back('\0');
  }
  absl::Status failure;
  bool more = false;
  RETURN_IF_ERROR(engine.ScanRange(
      projection, prefix + eventstore::EncodeU64(after + 1),
      prefix + eventstore::EncodeU64(pin + 1),
      [&](const std::string& key, const std::string& value) {
        Entry entry;
        std::string stored = value;
        if (is_index) {
          const auto position = eventstore::DecodeU64(
              std::string_view(key).substr(prefix.size()));
          auto record = engine.Get(projection, RecordKey(position.value_or(0)));
          if (!record.ok() || !record->has_value()) {
            failure = absl::DataLossError(
                absl::StrCat(projection, ": an index names a missing record"));
            return false;
          }
          stored = **record;
        }
        if (!entry.ParseFromString(stored)) {
          failure = absl::DataLossError(
              absl::StrCat(projection, ": a corrupt record"));
          return false;
        }
        if (to_time != nullptr && entry.recorded_time() >= *to_time) {
          return false;  // time order: nothing later can match
        }
        if (!matches(entry)) return true;
        if (entries->size() == page_size) {
          more = true;
          return false;
        }
        *entries->Add() = std::move(entry);
        return true;
      }));
  RETURN_IF_ERROR(failure);
  if (more) {
    *next_page_token =
        EncodePageToken(pin, entries->Get(entries->size() - 1).position());
  }
  return absl::OkStatus();
}

}  // namespace keeper::projections::trail

#endif  // KEEPER_PROJECTIONS_TRAIL_H_
