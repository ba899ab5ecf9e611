#include "projections/change_trail.h"

#include "absl/strings/match.h"
#include "projections/trail.h"

namespace keeper::projections {
namespace {

class ChangeTrailProjection final : public Projection {
 public:
  std::string name() const override { return kChangeTrail; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (!absl::StartsWith(event.stream_id(), kCaseStreamPrefix)) {
      return absl::OkStatus();
    }
    v1::ChangeTrailEntry entry;
    entry.set_position(event.position());
    *entry.mutable_recorded_time() = event.recorded_time();
    entry.set_case_id(event.stream_id().substr(sizeof(kCaseStreamPrefix) - 1));
    entry.set_case_version(event.stream_version());
    entry.set_event_type(event.event_type());
    entry.set_event_id(event.event_id());
    *entry.mutable_actor() = event.actor();
    entry.set_purpose(event.purpose());
    entry.set_causation_id(event.causation_id());
    const uint64_t position = event.position();
    state.Put(trail::RecordKey(position), entry.SerializeAsString());
    state.Put(trail::IndexKey('c', entry.case_id(), position), "");
    state.Put(trail::IndexKey('a', event.actor().subject(), position), "");
    return absl::OkStatus();
  }
};

}  // namespace

std::unique_ptr<Projection> NewChangeTrailProjection() {
  return std::make_unique<ChangeTrailProjection>();
}

absl::StatusOr<v1::ChangeTrailPage> QueryChangeTrail(
    const ProjectionEngine& engine, const v1::ChangeTrailQuery& query) {
  char kind = 'r';
  std::string value;
  if (!query.case_id().empty()) {
    kind = 'c';
    value = query.case_id();
  } else if (!query.actor_subject().empty()) {
    kind = 'a';
    value = query.actor_subject();
  }
  auto matches = [&](const v1::ChangeTrailEntry& entry) {
    if (!query.actor_subject().empty() &&
        entry.actor().subject() != query.actor_subject()) {
      return false;
    }
    if (!query.case_id().empty() && entry.case_id() != query.case_id()) {
      return false;
    }
    return !query.has_from_time() || entry.recorded_time() >= query.from_time();
  };
  v1::ChangeTrailPage page;
  RETURN_IF_ERROR(trail::QueryPage<v1::ChangeTrailEntry>(
      engine, kChangeTrail, kind, value, query.page_size(), query.page_token(),
      query.has_to_time() ? &query.to_time() : nullptr, matches,
      page.mutable_entries(), page.mutable_next_page_token()));
  return page;
}

}  // namespace keeper::projections
