#include "projections/access_trail.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/keys.h"
#include "google/protobuf/util/time_util.h"

namespace keeper::projections {
namespace {

using eventstore::DecodeU64;
using eventstore::EncodeU64;
using google::protobuf::util::TimeUtil;

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

std::string IndexPrefix(char kind, const std::string& value) {
  std::string prefix(1, kind);
  prefix += value;
  prefix.push_back('\0');
  return prefix;
}

std::string RecordKey(uint64_t position) { return "r" + EncodeU64(position); }

class AccessTrailProjection final : public Projection {
 public:
  std::string name() const override { return kAccessTrail; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (event.event_type() != "AccessGranted" &&
        event.event_type() != "AccessRefused") {
      return absl::OkStatus();
    }
    v1::AccessTrailEntry entry;
    if (!event.payload().UnpackTo(entry.mutable_record())) {
      return absl::DataLossError("an access event without an AccessRecord");
    }
    entry.set_position(event.position());
    *entry.mutable_recorded_time() = event.recorded_time();
    *entry.mutable_actor() = event.actor();
    entry.set_purpose(event.purpose());
    const std::string position = EncodeU64(event.position());
    state.Put(RecordKey(event.position()), entry.SerializeAsString());
    for (const std::string& case_id : entry.record().case_ids()) {
      state.Put(IndexPrefix('c', case_id) + position, "");
    }
    state.Put(IndexPrefix('a', event.actor().subject()) + position, "");
    state.Put(IndexPrefix('g', event.actor().agency()) + position, "");
    return absl::OkStatus();
  }
};

bool Matches(const v1::AccessTrailEntry& entry,
             const v1::AccessTrailQuery& query) {
  if (!query.actor_subject().empty() &&
      entry.actor().subject() != query.actor_subject()) {
    return false;
  }
  if (!query.agency().empty() && entry.actor().agency() != query.agency()) {
    return false;
  }
  if (!query.case_id().empty()) {
    bool found = false;
    for (const std::string& id : entry.record().case_ids()) {
      found = found || id == query.case_id();
    }
    if (!found) return false;
  }
  if (query.has_from_time() && entry.recorded_time() < query.from_time()) {
    return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<Projection> NewAccessTrailProjection() {
  return std::make_unique<AccessTrailProjection>();
}

absl::StatusOr<v1::AccessTrailPage> QueryAccessTrail(
    const ProjectionEngine& engine, const v1::AccessTrailQuery& query) {
  const int page_size =
      query.page_size() == 0 ? kDefaultPageSize : query.page_size();
  if (page_size < 1 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be 1 to ", kMaxPageSize));
  }
  uint64_t after = 0;
  if (!query.page_token().empty() &&
      !absl::SimpleAtoi(query.page_token(), &after)) {
    return absl::InvalidArgumentError(
        "page_token is not a token this service returned");
  }

  // The most selective index the query allows.
  std::string prefix = "r";
  if (!query.case_id().empty()) {
    prefix = IndexPrefix('c', query.case_id());
  } else if (!query.actor_subject().empty()) {
    prefix = IndexPrefix('a', query.actor_subject());
  } else if (!query.agency().empty()) {
    prefix = IndexPrefix('g', query.agency());
  }
  const bool is_index = prefix != "r";
  const std::string end = PrefixEnd(prefix);

  v1::AccessTrailPage page;
  absl::Status failure;
  bool more = false;
  RETURN_IF_ERROR(engine.ScanRange(
      kAccessTrail, prefix + EncodeU64(after + 1), end,
      [&](const std::string& key, const std::string& value) {
        v1::AccessTrailEntry entry;
        if (is_index) {
          const auto position =
              DecodeU64(std::string_view(key).substr(prefix.size()));
          auto stored =
              engine.Get(kAccessTrail, RecordKey(position.value_or(0)));
          if (!stored.ok() || !stored->has_value() ||
              !entry.ParseFromString(**stored)) {
            failure = absl::DataLossError(
                absl::StrCat("access trail index names a missing record: ",
                             position.value_or(0)));
            return false;
          }
        } else if (!entry.ParseFromString(value)) {
          failure = absl::DataLossError("corrupt access trail record");
          return false;
        }
        if (query.has_to_time() && entry.recorded_time() >= query.to_time()) {
          return false;  // time order: nothing later can match
        }
        if (!Matches(entry, query)) return true;
        if (page.entries_size() == page_size) {
          more = true;
          return false;
        }
        *page.add_entries() = std::move(entry);
        return true;
      }));
  RETURN_IF_ERROR(failure);
  if (more) {
    page.set_next_page_token(
        absl::StrCat(page.entries(page.entries_size() - 1).position()));
  }
  return page;
}

}  // namespace keeper::projections
