#include "projections/access_trail.h"

#include "projections/trail.h"

namespace keeper::projections {
namespace {

using google::protobuf::util::TimeUtil;

class AccessTrailProjection final : public Projection {
 public:
  std::string name() const override { return kAccessTrail; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (event.event_type() == "NotificationAcknowledged") {
      return ApplyAcknowledgement(event, state);
    }
    if (event.event_type() != "AccessGranted" &&
        event.event_type() != "AccessRefused") {
      return absl::OkStatus();
    }
    // Reused from event to event: cleared, it keeps its allocations.
    v1::AccessTrailEntry& entry = entry_;
    entry.Clear();
    if (!event.payload().UnpackTo(entry.mutable_record())) {
      return absl::DataLossError("an access event without an AccessRecord");
    }
    entry.set_position(event.position());
    *entry.mutable_recorded_time() = event.recorded_time();
    *entry.mutable_actor() = event.actor();
    entry.set_purpose(event.purpose());
    const uint64_t position = event.position();
    entry.SerializeToString(&bytes_);
    state.Put(trail::RecordKey(position), bytes_);
    for (const std::string& case_id : entry.record().case_ids()) {
      state.Put(trail::IndexKey('c', case_id, position), "");
    }
    state.Put(trail::IndexKey('a', event.actor().subject(), position), "");
    state.Put(trail::IndexKey('g', event.actor().agency(), position), "");
    return absl::OkStatus();
  }

 private:
  v1::AccessTrailEntry entry_;
  std::string bytes_;

  // Kept with the notification it acknowledges, so that the trail shows
  // which were seen and how soon.
  static absl::Status ApplyAcknowledgement(const v1::EventEnvelope& event,
                                           StateWriter& state) {
    v1::Acknowledgement acknowledgement;
    if (!event.payload().UnpackTo(acknowledgement.mutable_acknowledgement())) {
      return absl::DataLossError(
          "a NotificationAcknowledged event without its payload");
    }
    const std::string key =
        trail::RecordKey(acknowledgement.acknowledgement().notice_position());
    ASSIGN_OR_RETURN(std::optional<std::string> stored, state.Get(key));
    v1::AccessTrailEntry entry;
    if (!stored.has_value() || !entry.ParseFromString(*stored)) {
      return absl::DataLossError(
          "an acknowledgement of a position that holds no access record");
    }
    acknowledgement.set_position(event.position());
    *acknowledgement.mutable_recorded_time() = event.recorded_time();
    *acknowledgement.mutable_actor() = event.actor();
    *entry.add_acknowledgements() = std::move(acknowledgement);
    state.Put(key, entry.SerializeAsString());
    return absl::OkStatus();
  }
};

}  // namespace

std::unique_ptr<Projection> NewAccessTrailProjection() {
  return std::make_unique<AccessTrailProjection>();
}

absl::StatusOr<std::optional<v1::AccessTrailEntry>> AccessTrailEntryAt(
    const ProjectionEngine& engine, uint64_t position) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   engine.Get(kAccessTrail, trail::RecordKey(position)));
  if (!stored.has_value()) return std::nullopt;
  v1::AccessTrailEntry entry;
  if (!entry.ParseFromString(*stored)) {
    return absl::DataLossError("an unreadable access trail entry");
  }
  return entry;
}

absl::StatusOr<v1::AccessTrailPage> QueryAccessTrail(
    const ProjectionEngine& engine, const v1::AccessTrailQuery& query) {
  // The most selective index the query allows.
  char kind = 'r';
  std::string value;
  if (!query.case_id().empty()) {
    kind = 'c';
    value = query.case_id();
  } else if (!query.actor_subject().empty()) {
    kind = 'a';
    value = query.actor_subject();
  } else if (!query.agency().empty()) {
    kind = 'g';
    value = query.agency();
  }
  auto matches = [&](const v1::AccessTrailEntry& entry) {
    if (!query.actor_subject().empty() &&
        entry.actor().subject() != query.actor_subject()) {
      return false;
    }
    if (!query.agency().empty() && entry.actor().agency() != query.agency()) {
      return false;
    }
    if (query.notifications_only() &&
        entry.record().notify_authorities().empty()) {
      return false;
    }
    if (!query.case_id().empty()) {
      bool found = false;
      for (const std::string& id : entry.record().case_ids()) {
        found = found || id == query.case_id();
      }
      if (!found) return false;
    }
    return !query.has_from_time() || entry.recorded_time() >= query.from_time();
  };
  v1::AccessTrailPage page;
  RETURN_IF_ERROR(trail::QueryPage<v1::AccessTrailEntry>(
      engine, kAccessTrail, kind, value, query.page_size(), query.page_token(),
      query.has_to_time() ? &query.to_time() : nullptr, matches,
      page.mutable_entries(), page.mutable_next_page_token()));
  return page;
}

}  // namespace keeper::projections
