// Applying events to the returns projection (see returns.h for its keys).
#include "projections/returns.h"

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/policy/dates.h"
#include "eventstore/keys.h"
#include "keeper/v1/case_events.pb.h"
#include "keeper/v1/decision_events.pb.h"
#include "keeper/v1/register_events.pb.h"
#include "projections/state_bytes.h"

namespace keeper::projections {
namespace {

using eventstore::EncodeU64;

std::string Day(const v1::Date& date) {
  const std::optional<absl::CivilDay> day = domain::ToCivilDay(date);
  return day.has_value() ? domain::FormatDay(*day) : std::string();
}

std::string ConferenceKey(const std::string& case_id,
                          const std::string& conference_id) {
  return absl::StrCat(case_id, std::string(1, '\0'), conference_id);
}

bool IsSet(const v1::Date& date) {
  return domain::ToCivilDay(date).has_value();
}

v1::ReturnAreas AreasOn(
    const v1::Date& on,
    const google::protobuf::RepeatedPtrField<std::string>& areas) {
  v1::ReturnAreas out;
  *out.mutable_on() = on;
  *out.mutable_areas_of_concern() = areas;
  return out;
}

class ReturnsProjection final : public Projection {
 public:
  std::string name() const override { return kReturns; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (v1::CaseOpened opened; Unpack(event, &opened)) {
      state.Put("a" + opened.case_id(), opened.local_authority());
      state.Put("h" + opened.case_id(), opened.child().child_id().empty()
                                            ? opened.case_id()
                                            : opened.child().child_id());
      return absl::OkStatus();
    }
    if (v1::ConferenceScheduled scheduled; Unpack(event, &scheduled)) {
      state.Put(
          "k" + ConferenceKey(scheduled.case_id(), scheduled.conference_id()),
          absl::StrCat(static_cast<int>(scheduled.kind())));
      return absl::OkStatus();
    }
    if (v1::DecisionRecorded decision; Unpack(event, &decision)) {
      return Decided(event, decision, state);
    }
    if (v1::ChildRegistered registered; Unpack(event, &registered)) {
      return Registered(event, registered, state);
    }
    if (v1::TemporaryRegistrationMade made; Unpack(event, &made)) {
      return Temporary(event, made, state);
    }
    if (v1::RegistrationAmended amended; Unpack(event, &amended)) {
      return ChangeSpell(state, amended.case_id(), [&](v1::ReturnSpell& spell) {
        if (amended.areas_of_concern_size() > 0) {
          v1::ReturnAreas& areas = *spell.add_areas();
          // Older events carry no date: the day they were recorded.
          *areas.mutable_on() =
              IsSet(amended.amended_on())
                  ? amended.amended_on()
                  : domain::ToDate(absl::ToCivilDay(
                        absl::FromUnixSeconds(event.recorded_time().seconds()),
                        absl::UTCTimeZone()));
          *areas.mutable_areas_of_concern() = amended.areas_of_concern();
        }
        if (amended.has_lead_professional()) {
          *spell.mutable_lead_professional() = amended.lead_professional();
        }
      });
    }
    if (v1::ChildDeregistered gone; Unpack(event, &gone)) {
      return Deregistered(event, gone, state);
    }
    if (v1::TemporaryRegistrationEnded ended; Unpack(event, &ended)) {
      return TemporaryEnded(event, ended, state);
    }
    if (v1::HomeVisitRecorded visit; Unpack(event, &visit)) {
      return ChangeSpell(state, visit.case_id(), [&](v1::ReturnSpell& spell) {
        v1::ReturnVisit& kept = *spell.add_visits();
        *kept.mutable_on() = visit.visited_on();
        kept.set_child_seen(visit.child_seen());
        kept.set_child_seen_alone(visit.child_seen_alone());
      });
    }
    if (v1::CoreGroupMeetingHeld meeting; Unpack(event, &meeting)) {
      return ChangeSpell(state, meeting.case_id(), [&](v1::ReturnSpell& spell) {
        *spell.add_core_group_meetings() = meeting.held_on();
      });
    }
    return absl::OkStatus();
  }

 private:
  static std::string Prefix(char tag, const std::string& authority) {
    return absl::StrCat(std::string(1, tag), authority, std::string(1, '\0'));
  }

  static absl::StatusOr<std::string> Authority(StateWriter& state,
                                               const std::string& case_id) {
    ASSIGN_OR_RETURN(std::optional<std::string> authority,
                     state.Get("a" + case_id));
    return authority.value_or("");
  }

  static absl::StatusOr<v1::ConferenceKind> KindOf(
      StateWriter& state, const std::string& case_id,
      const std::string& conference_id) {
    if (conference_id.empty()) return v1::CONFERENCE_KIND_UNSPECIFIED;
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     state.Get("k" + ConferenceKey(case_id, conference_id)));
    int kind = 0;
    if (stored.has_value() && !absl::SimpleAtoi(*stored, &kind)) {
      return absl::DataLossError("corrupt conference kind in returns");
    }
    return static_cast<v1::ConferenceKind>(kind);
  }

  // The case's open spell and its key, if it has one.
  static absl::StatusOr<std::optional<std::pair<std::string, v1::ReturnSpell>>>
  OpenSpell(StateWriter& state, const std::string& case_id) {
    ASSIGN_OR_RETURN(std::optional<std::string> key, state.Get("o" + case_id));
    if (!key.has_value()) return std::nullopt;
    ASSIGN_OR_RETURN(std::optional<v1::ReturnSpell> spell,
                     ReadStored<v1::ReturnSpell>(state, *key, "returns"));
    if (!spell.has_value()) {
      return absl::DataLossError("open spell missing for " + case_id);
    }
    return std::make_pair(*key, *std::move(spell));
  }

  template <typename F>
  static absl::Status ChangeSpell(StateWriter& state,
                                  const std::string& case_id, F change) {
    ASSIGN_OR_RETURN(auto open, OpenSpell(state, case_id));
    if (!open.has_value()) return absl::OkStatus();
    change(open->second);
    state.Put(open->first, StateBytes(open->second));
    return absl::OkStatus();
  }

  // Ends the case's open spell, if any, on `on` for `reason`; returns it.
  static absl::StatusOr<std::optional<v1::ReturnSpell>> EndSpell(
      StateWriter& state, const std::string& case_id, const v1::Date& on,
      const std::string& reason) {
    ASSIGN_OR_RETURN(auto open, OpenSpell(state, case_id));
    if (!open.has_value()) return std::nullopt;
    *open->second.mutable_ended_on() = on;
    open->second.set_end_reason(reason);
    state.Put(open->first, StateBytes(open->second));
    state.Delete("o" + case_id);
    return open->second;
  }

  static void Move(const v1::EventEnvelope& event, StateWriter& state,
                   const std::string& authority,
                   const v1::ReturnMovement& movement) {
    state.Put(Prefix('m', authority) + Day(movement.on()) +
                  EncodeU64(event.position()),
              StateBytes(movement));
  }

  static absl::Status OpenNewSpell(const v1::EventEnvelope& event,
                                   StateWriter& state,
                                   const std::string& authority,
                                   v1::ReturnSpell spell) {
    ASSIGN_OR_RETURN(std::optional<std::string> child,
                     state.Get("h" + spell.case_id()));
    const std::string count_key =
        Prefix('n', authority) + child.value_or(spell.case_id());
    ASSIGN_OR_RETURN(std::optional<std::string> count, state.Get(count_key));
    int previous = 0;
    if (count.has_value() && !absl::SimpleAtoi(*count, &previous)) {
      return absl::DataLossError("corrupt spell count in returns");
    }
    spell.set_previous_spells(previous);
    // Only full registrations are plans; a temporary one is not counted.
    if (!spell.temporary()) state.Put(count_key, absl::StrCat(previous + 1));
    const std::string key = Prefix('s', authority) + spell.case_id() +
                            std::string(1, '\0') + EncodeU64(event.position());
    state.Put(key, StateBytes(spell));
    state.Put("o" + spell.case_id(), key);
    return absl::OkStatus();
  }

  static absl::Status Decided(const v1::EventEnvelope& event,
                              const v1::DecisionRecorded& decision,
                              StateWriter& state) {
    ASSIGN_OR_RETURN(std::string authority,
                     Authority(state, decision.case_id()));
    v1::ReturnConference entry;
    entry.set_case_id(decision.case_id());
    entry.set_conference_id(decision.conference_id());
    ASSIGN_OR_RETURN(v1::ConferenceKind kind, KindOf(state, decision.case_id(),
                                                     decision.conference_id()));
    entry.set_kind(kind);
    *entry.mutable_decided_on() = decision.decided_on();
    *entry.mutable_outcomes() = decision.outcomes();
    // A review's areas are the registration's as they stand; a registering
    // conference's come with the registration that follows.
    ASSIGN_OR_RETURN(auto open, OpenSpell(state, decision.case_id()));
    if (open.has_value()) {
      const v1::ReturnSpell& spell = open->second;
      if (spell.areas_size() > 0) {
        *entry.mutable_areas_of_concern() =
            spell.areas(spell.areas_size() - 1).areas_of_concern();
      }
      if (kind == v1::CONFERENCE_KIND_REVIEW) {
        *open->second.add_reviews() = decision.decided_on();
        state.Put(open->first, StateBytes(open->second));
      }
    }
    const std::string key = Prefix('c', authority) +
                            Day(decision.decided_on()) +
                            EncodeU64(event.position());
    state.Put(key, StateBytes(entry));
    state.Put("d" + ConferenceKey(decision.case_id(), decision.conference_id()),
              key);
    return absl::OkStatus();
  }

  static absl::Status Registered(const v1::EventEnvelope& event,
                                 const v1::ChildRegistered& registered,
                                 StateWriter& state) {
    const std::string& case_id = registered.case_id();
    RETURN_IF_ERROR(
        EndSpell(state, case_id, registered.registered_on(), "fully registered")
            .status());
    ASSIGN_OR_RETURN(v1::ConferenceKind kind,
                     KindOf(state, case_id, registered.conference_id()));
    v1::ReturnMovement movement;
    movement.set_case_id(case_id);
    movement.set_movement("registered");
    *movement.mutable_on() = registered.registered_on();
    movement.set_conference_kind(kind);
    *movement.mutable_areas_of_concern() = registered.areas_of_concern();
    Move(event, state, registered.local_authority(), movement);
    // The conference that registered the child recorded these areas.
    if (!registered.conference_id().empty()) {
      ASSIGN_OR_RETURN(
          std::optional<std::string> key,
          state.Get("d" + ConferenceKey(case_id, registered.conference_id())));
      if (key.has_value()) {
        ASSIGN_OR_RETURN(
            std::optional<v1::ReturnConference> entry,
            ReadStored<v1::ReturnConference>(state, *key, "returns"));
        if (entry.has_value()) {
          *entry->mutable_areas_of_concern() = registered.areas_of_concern();
          state.Put(*key, StateBytes(*entry));
        }
      }
    }
    v1::ReturnSpell spell;
    spell.set_case_id(case_id);
    *spell.mutable_started_on() = registered.registered_on();
    *spell.add_areas() =
        AreasOn(registered.registered_on(), registered.areas_of_concern());
    *spell.mutable_lead_professional() = registered.lead_professional();
    return OpenNewSpell(event, state, registered.local_authority(),
                        std::move(spell));
  }

  static absl::Status Temporary(const v1::EventEnvelope& event,
                                const v1::TemporaryRegistrationMade& made,
                                StateWriter& state) {
    ASSIGN_OR_RETURN(std::string authority, Authority(state, made.case_id()));
    v1::ReturnMovement movement;
    movement.set_case_id(made.case_id());
    movement.set_movement("temporary registration");
    *movement.mutable_on() = made.starts_on();
    movement.set_reason(made.reason());
    *movement.mutable_areas_of_concern() = made.areas_of_concern();
    Move(event, state, authority, movement);
    v1::ReturnSpell spell;
    spell.set_case_id(made.case_id());
    spell.set_temporary(true);
    *spell.mutable_started_on() = made.starts_on();
    *spell.add_areas() = AreasOn(made.starts_on(), made.areas_of_concern());
    *spell.mutable_lead_professional() = made.lead_professional();
    return OpenNewSpell(event, state, authority, std::move(spell));
  }

  static absl::Status Deregistered(const v1::EventEnvelope& event,
                                   const v1::ChildDeregistered& gone,
                                   StateWriter& state) {
    ASSIGN_OR_RETURN(std::string authority, Authority(state, gone.case_id()));
    const std::string reason = ReturnCode(
        v1::DeregistrationReason_Name(gone.reason()), "DEREGISTRATION_REASON_");
    ASSIGN_OR_RETURN(
        std::optional<v1::ReturnSpell> spell,
        EndSpell(state, gone.case_id(), gone.deregistered_on(), reason));
    ASSIGN_OR_RETURN(v1::ConferenceKind kind,
                     KindOf(state, gone.case_id(), gone.conference_id()));
    v1::ReturnMovement movement;
    movement.set_case_id(gone.case_id());
    movement.set_movement("deregistered");
    *movement.mutable_on() = gone.deregistered_on();
    movement.set_reason(reason);
    movement.set_conference_kind(kind);
    if (spell.has_value() && spell->areas_size() > 0) {
      *movement.mutable_areas_of_concern() =
          spell->areas(spell->areas_size() - 1).areas_of_concern();
    }
    Move(event, state, authority, movement);
    return absl::OkStatus();
  }

  static absl::Status TemporaryEnded(const v1::EventEnvelope& event,
                                     const v1::TemporaryRegistrationEnded& end,
                                     StateWriter& state) {
    ASSIGN_OR_RETURN(std::string authority, Authority(state, end.case_id()));
    ASSIGN_OR_RETURN(
        std::optional<v1::ReturnSpell> spell,
        EndSpell(state, end.case_id(), end.ended_on(), end.reason()));
    v1::ReturnMovement movement;
    movement.set_case_id(end.case_id());
    movement.set_movement("temporary registration ended");
    *movement.mutable_on() = end.ended_on();
    movement.set_reason(end.reason());
    if (spell.has_value() && spell->areas_size() > 0) {
      *movement.mutable_areas_of_concern() =
          spell->areas(spell->areas_size() - 1).areas_of_concern();
    }
    Move(event, state, authority, movement);
    return absl::OkStatus();
  }
};

}  // namespace

std::unique_ptr<Projection> NewReturnsProjection() {
  return std::make_unique<ReturnsProjection>();
}

}  // namespace keeper::projections
