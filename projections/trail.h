// Shared layout and paging of the audit trails (access and change).
//
// A trail keeps one record per event and secondary indexes:
//   r ‖ u64be(position)                  -> the entry
//   <kind> ‖ value ‖ 0x00 ‖ u64be(position) -> ""
// Positions follow recorded time, so every index is in time order too.
#ifndef KEEPER_PROJECTIONS_TRAIL_H_
#define KEEPER_PROJECTIONS_TRAIL_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
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
  uint64_t after = 0;
  if (!page_token.empty() && !absl::SimpleAtoi(page_token, &after)) {
    return absl::InvalidArgumentError(
        "page_token is not a token this service returned");
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
      projection, prefix + eventstore::EncodeU64(after + 1), PrefixEnd(prefix),
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
        absl::StrCat(entries->Get(entries->size() - 1).position());
  }
  return absl::OkStatus();
}

}  // namespace keeper::projections::trail

#endif  // KEEPER_PROJECTIONS_TRAIL_H_
