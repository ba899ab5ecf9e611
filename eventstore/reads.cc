// Reading: by position, by stream, by event id and by recorded time.
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/internal/event_store_impl.h"
#include "eventstore/keys.h"

namespace keeper::eventstore {
namespace {

absl::Time RecordedTime(const EventEnvelope& event) {
  return absl::FromUnixSeconds(event.recorded_time().seconds()) +
         absl::Nanoseconds(event.recorded_time().nanos());
}

}  // namespace

Head EventStore::Impl::GetHead() const {
  absl::MutexLock lock(&head_mu_);
  return head_;
}

absl::StatusOr<uint64_t> EventStore::Impl::StreamVersion(
    const std::string& stream_id) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), streams_));
  it->SeekForPrev(StreamKey(stream_id, std::numeric_limits<uint64_t>::max()));
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the stream index"));
  if (!it->Valid()) return 0;
  const std::string_view key = it->key().ToStringView();
  const size_t prefix = stream_id.size() + 1;
  if (key.size() != prefix + 8 ||
      key.substr(0, prefix) != std::string_view(stream_id.data(), prefix)) {
    return 0;  // the key belongs to an earlier stream
  }
  return *DecodeU64(key.substr(prefix));
}

absl::StatusOr<EventEnvelope> EventStore::Impl::ReadPosition(
    uint64_t position) const {
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), events_, EncodeU64(position), &value);
  if (status.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat("no event at position ", position));
  }
  RETURN_IF_ERROR(
      FromRocks(status, absl::StrCat("reading position ", position)));
  return ParseStoredEvent(position, value);
}

absl::StatusOr<EventEnvelope> EventStore::Impl::ReadEvent(
    const std::string& event_id) const {
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), event_ids_, event_id, &value);
  if (status.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat("no event with id ", event_id));
  }
  RETURN_IF_ERROR(FromRocks(status, "reading the event-id index"));
  const auto position = DecodeU64(value);
  if (!position.has_value()) {
    return absl::DataLossError(
        absl::StrCat("corrupt event-id index entry for ", event_id));
  }
  return ReadPosition(*position);
}

absl::StatusOr<std::vector<EventEnvelope>> EventStore::Impl::ReadStream(
    const ReadStreamOptions& options) const {
  std::vector<EventEnvelope> events;
  if (options.max_count == 0) return events;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), streams_));
  const std::string prefix = options.stream_id + '\0';
  if (options.direction == Direction::kForward) {
    it->Seek(StreamKey(options.stream_id,
                       std::max<uint64_t>(options.from_version, 1)));
  } else {
    it->SeekForPrev(
        StreamKey(options.stream_id, options.from_version == 0
                                         ? std::numeric_limits<uint64_t>::max()
                                         : options.from_version));
  }
  for (; it->Valid() && events.size() < options.max_count;
       options.direction == Direction::kForward ? it->Next() : it->Prev()) {
    const std::string_view key = it->key().ToStringView();
    if (key.size() != prefix.size() + 8 || !key.starts_with(prefix)) break;
    const auto position = DecodeU64(it->value().ToStringView());
    if (!position.has_value()) {
      return absl::DataLossError(absl::StrCat(
          "corrupt stream index entry for '", options.stream_id, "'"));
    }
    ASSIGN_OR_RETURN(EventEnvelope event, ReadPosition(*position));
    events.push_back(std::move(event));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the stream index"));
  return events;
}

absl::Status EventStore::Impl::Scan(uint64_t from, uint64_t to,
                                    const EventVisitor& visitor) const {
  // One envelope for the whole scan: parsing into it reuses its strings.
  EventEnvelope event;
  return ScanStored(from, to, [&](uint64_t position, std::string_view stored) {
    RETURN_IF_ERROR(ParseStoredEventInto(position, stored, &event));
    return visitor(event);
  });
}

absl::Status EventStore::Impl::ScanStored(
    uint64_t from, uint64_t to, const StoredEventVisitor& visitor) const {
  if (to == 0) to = GetHead().position;
  from = std::max<uint64_t>(from, 1);
  if (from > to) return absl::OkStatus();
  rocksdb::ReadOptions read_options;
  // Bulk scans should not evict the working set from the block cache.
  read_options.fill_cache = false;
  read_options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(read_options, events_));
  uint64_t expected = from;
  for (it->Seek(EncodeU64(from)); it->Valid() && expected <= to;
       it->Next(), ++expected) {
    const auto position = DecodeU64(it->key().ToStringView());
    if (position != expected) {
      return absl::DataLossError(absl::StrCat(
          "the log has a gap or a corrupt key at position ", expected));
    }
    RETURN_IF_ERROR(visitor(expected, it->value().ToStringView()));
  }
  RETURN_IF_ERROR(
      FromRocks(it->status(), absl::StrCat("reading position ", expected)));
  if (expected <= to) {
    return absl::DataLossError(
        absl::StrCat("the log ends before position ", expected));
  }
  return absl::OkStatus();
}

// Recorded times never decrease along the log, so the first event of the
// range is found by binary search over positions: no time index is needed.
absl::StatusOr<std::vector<EventEnvelope>> EventStore::Impl::ReadTimeRange(
    absl::Time begin, absl::Time end, size_t max_count) const {
  std::vector<EventEnvelope> events;
  if (begin >= end || max_count == 0) return events;
  const uint64_t head = GetHead().position;
  uint64_t low = 1;
  uint64_t high = head + 1;  // the answer is in [low, high]
  while (low < high) {
    const uint64_t mid = low + (high - low) / 2;
    ASSIGN_OR_RETURN(EventEnvelope event, ReadPosition(mid));
    if (RecordedTime(event) < begin) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  absl::Status status = Scan(low, head, [&](const EventEnvelope& event) {
    if (RecordedTime(event) >= end || events.size() >= max_count) {
      return absl::CancelledError();
    }
    events.push_back(event);
    return absl::OkStatus();
  });
  if (!status.ok() && !absl::IsCancelled(status)) return status;
  return events;
}

}  // namespace keeper::eventstore
