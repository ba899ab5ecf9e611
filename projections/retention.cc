// Applying events to the retention projection (see retention.h for its
// keys, retention.md for the mapping) and reading it.
#include "projections/retention.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/event_codec.h"
#include "domain/legal_holds.h"
#include "domain/policy/dates.h"
#include "keeper/v1/access.pb.h"
#include "keeper/v1/case_events.pb.h"
#include "keeper/v1/decision_events.pb.h"
#include "keeper/v1/register_events.pb.h"
#include "keeper/v1/retention_events.pb.h"
#include "projections/state_bytes.h"

namespace keeper::projections {
namespace {

constexpr char kCaseStreamPrefix[] = "case-";

std::string Prefix(char tag, const std::string& authority) {
  return absl::StrCat(std::string(1, tag), authority, std::string(1, '\0'));
}

bool Closes(const v1::DecisionRecorded& decision) {
  const auto& outcomes = decision.outcomes();
  return std::find(outcomes.begin(), outcomes.end(),
                   v1::OUTCOME_NOT_REGISTER) != outcomes.end();
}

class RetentionProjection final : public Projection {
 public:
  std::string name() const override { return kRetention; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (v1::AccessRecord record; Unpack(event, &record)) {
      return Accessed(event, record, state);
    }
    if (v1::LegalHoldPlaced placed; Unpack(event, &placed)) {
      return Held(event, placed.local_authority(), placed.hold_id(), state);
    }
    if (v1::LegalHoldLifted lifted; Unpack(event, &lifted)) {
      return Held(event, lifted.local_authority(), lifted.hold_id(), state);
    }
    if (!event.stream_id().starts_with(kCaseStreamPrefix)) {
      return absl::OkStatus();
    }
    const std::string case_id =
        event.stream_id().substr(sizeof(kCaseStreamPrefix) - 1);
    if (v1::CaseOpened opened; Unpack(event, &opened)) {
      state.Put("a" + case_id, opened.local_authority());
    }
    ASSIGN_OR_RETURN(std::optional<std::string> authority,
                     state.Get("a" + case_id));
    if (!authority.has_value()) return absl::OkStatus();
    const std::string key = Prefix('c', *authority) + case_id;
    ASSIGN_OR_RETURN(std::optional<v1::RetainedCase> stored,
                     ReadStored<v1::RetainedCase>(state, key, "retention"));
    v1::RetainedCase record = stored.value_or(v1::RetainedCase());
    record.set_case_id(case_id);
    record.set_events(record.events() + 1);
    RETURN_IF_ERROR(Evolve(event, case_id, record, state));
    state.Put(key, StateBytes(record));
    return absl::OkStatus();
  }

 private:
  static void SetChild(const v1::ChildDetails& child,
                       v1::RetainedCase& record) {
    record.set_child_id(child.child_id());
    if (child.unborn() || domain::IsUnset(child.date_of_birth())) {
      record.clear_born_on();
    } else {
      *record.mutable_born_on() = child.date_of_birth();
    }
  }

  // What one event of the case's stream says of its child and closure.
  static absl::Status Evolve(const v1::EventEnvelope& event,
                             const std::string& case_id,
                             v1::RetainedCase& record, StateWriter& state) {
    const std::string registered_key = "r" + case_id;
    if (v1::CaseOpened opened; Unpack(event, &opened)) {
      SetChild(opened.child(), record);
    } else if (v1::ChildDetailsAmended amended; Unpack(event, &amended)) {
      SetChild(amended.child(), record);
    } else if (v1::ConferenceRequested requested; Unpack(event, &requested)) {
      record.clear_closed_on();  // the case is active again
    } else if (v1::ChildRegistered registered; Unpack(event, &registered)) {
      state.Put(registered_key, "1");
      record.clear_closed_on();
    } else if (v1::TemporaryRegistrationMade made; Unpack(event, &made)) {
      state.Put(registered_key, "1");
      record.clear_closed_on();
    } else if (v1::ChildDeregistered gone; Unpack(event, &gone)) {
      state.Delete(registered_key);
      *record.mutable_closed_on() = gone.deregistered_on();
    } else if (v1::TemporaryRegistrationEnded ended; Unpack(event, &ended)) {
      state.Delete(registered_key);
      *record.mutable_closed_on() = ended.ended_on();
    } else if (v1::DecisionRecorded decision;
               Unpack(event, &decision) && Closes(decision)) {
      // Not registered: the conference ends the case. (A registered
      // child's case closes with the deregistration that follows.)
      ASSIGN_OR_RETURN(std::optional<std::string> on_register,
                       state.Get(registered_key));
      if (!on_register.has_value()) {
        *record.mutable_closed_on() = decision.decided_on();
      }
    }
    return absl::OkStatus();
  }

  static absl::Status Accessed(const v1::EventEnvelope& event,
                               const v1::AccessRecord& access,
                               StateWriter& state) {
    std::vector<std::string> cases(access.case_ids().begin(),
                                   access.case_ids().end());
    std::sort(cases.begin(), cases.end());
    cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
    // The authority of the records read; for a read that names no known
    // case, the caller's.
    std::string authority = access.caller_authority();
    for (const std::string& case_id : cases) {
      ASSIGN_OR_RETURN(std::optional<std::string> of, state.Get("a" + case_id));
      if (of.has_value()) {
        authority = *of;
        break;
      }
    }
    if (authority.empty()) return absl::OkStatus();
    const absl::CivilDay day =
        absl::ToCivilDay(absl::FromUnixSeconds(event.recorded_time().seconds()),
                         absl::UTCTimeZone());
    const std::string key =
        absl::StrCat(Prefix('e', authority), domain::FormatDay(day),
                     std::string(1, '\0'), absl::StrJoin(cases, ","));
    ASSIGN_OR_RETURN(
        std::optional<v1::RetainedAccessEvents> stored,
        ReadStored<v1::RetainedAccessEvents>(state, key, "retention"));
    v1::RetainedAccessEvents group;
    if (stored.has_value()) {
      group = *std::move(stored);
    } else {
      *group.mutable_recorded_on() = domain::ToDate(day);
      for (const std::string& case_id : cases) group.add_case_ids(case_id);
      group.set_first_position(event.position());
    }
    group.set_count(group.count() + 1);
    group.set_last_position(event.position());
    state.Put(key, StateBytes(group));
    return absl::OkStatus();
  }

  // A hold placed or lifted: folded as the domain folds its stream.
  static absl::Status Held(const v1::EventEnvelope& event,
                           const std::string& authority,
                           const std::string& hold_id, StateWriter& state) {
    const std::string key = Prefix('h', authority) + hold_id;
    ASSIGN_OR_RETURN(std::optional<v1::LegalHold> stored,
                     ReadStored<v1::LegalHold>(state, key, "retention"));
    domain::HoldsState holds;
    if (stored.has_value()) holds.holds[hold_id] = *std::move(stored);
    ASSIGN_OR_RETURN(v1::DomainEvent domain_event, domain::UnpackEvent(event));
    domain::EvolveHolds(holds, domain_event);
    state.Put(key, StateBytes(holds.holds[hold_id]));
    return absl::OkStatus();
  }
};

template <typename M>
absl::Status ScanInto(const ProjectionEngine& engine, const std::string& prefix,
                      std::vector<M>& out) {
  bool corrupt = false;
  RETURN_IF_ERROR(engine.ScanPrefix(
      kRetention, prefix, [&](const std::string&, const std::string& value) {
        M& message = out.emplace_back();
        corrupt = !message.ParseFromString(value);
        return !corrupt;
      }));
  if (corrupt) return absl::DataLossError("corrupt retention state");
  return absl::OkStatus();
}

}  // namespace

std::unique_ptr<Projection> NewRetentionProjection() {
  return std::make_unique<RetentionProjection>();
}

absl::StatusOr<domain::RetentionRecords> ReadRetentionRecords(
    const ProjectionEngine& engine, const std::string& authority) {
  domain::RetentionRecords records;
  RETURN_IF_ERROR(ScanInto(engine, Prefix('c', authority), records.cases));
  RETURN_IF_ERROR(
      ScanInto(engine, Prefix('e', authority), records.access_events));
  RETURN_IF_ERROR(ScanInto(engine, Prefix('h', authority), records.holds));
  return records;
}

}  // namespace keeper::projections
