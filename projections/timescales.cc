// The timescales projection: folds a case's events into its timescales.
// The queries are in timescales_query.cc.
#include "projections/timescales.h"

#include <algorithm>
#include <optional>

#include "common/status_macros.h"
#include "domain/policy/dates.h"
#include "domain/policy/working_days.h"
#include "keeper/v1/case_events.pb.h"
#include "keeper/v1/decision_events.pb.h"
#include "keeper/v1/register_events.pb.h"
#include "keeper/v1/timescale_events.pb.h"
#include "projections/timescales_case.h"
#include "projections/timescales_keys.h"

namespace keeper::projections {
namespace {

using domain::ToCivilDay;
using domain::ToDate;

// The day a conference opened, in the policy's time zone.
absl::StatusOr<v1::Date> OpenedOn(CaseFrame& frame,
                                  const v1::ConferenceOpened& opened) {
  ASSIGN_OR_RETURN(const domain::Policy* policy, frame.Policy());
  return ToDate(
      policy->Today(absl::FromUnixSeconds(opened.opened_at().seconds()) +
                    absl::Nanoseconds(opened.opened_at().nanos())));
}

absl::Status OnRequested(CaseFrame& frame, const v1::ConferenceRequested& e) {
  v1::TimescaleKind kind;
  if (e.kind() == v1::CONFERENCE_KIND_INITIAL) {
    kind = v1::TIMESCALE_KIND_INITIAL_CONFERENCE;
  } else if (e.kind() == v1::CONFERENCE_KIND_PRE_BIRTH) {
    kind = v1::TIMESCALE_KIND_PRE_BIRTH_CONFERENCE;
  } else {
    return absl::OkStatus();  // the policy sets no timescale for the others
  }
  const std::optional<absl::CivilDay> concern = ToCivilDay(e.concern_date());
  if (!concern.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const domain::Policy* policy, frame.Policy());
  const v1::Timescales& t = policy->timescales();
  std::optional<absl::CivilDay> due;
  if (kind == v1::TIMESCALE_KIND_INITIAL_CONFERENCE) {
    ASSIGN_OR_RETURN(due, frame.Due(*concern, t.initial_conference()));
  } else {
    ASSIGN_OR_RETURN(due, frame.Due(*concern, t.pre_birth_conference()));
    const std::optional<absl::CivilDay> delivery =
        ToCivilDay(frame.data().expected_delivery_date());
    if (delivery.has_value()) {
      if (auto latest = policy->LatestPreBirthConference(*delivery)) {
        due = due.has_value() ? std::min(*due, *latest) : *latest;
      }
    }
  }
  if (!due.has_value()) return absl::OkStatus();
  (*frame.data().mutable_requests())[e.request_id()] = kind;
  return frame.Open(kind, e.request_id(), e.concern_date(), ToDate(*due))
      .status();
}

absl::Status OnScheduled(CaseFrame& frame, const v1::ConferenceScheduled& e) {
  frame.Saw(e.policy_version());
  v1::TimescaleConference& conference =
      (*frame.data().mutable_conferences())[e.conference_id()];
  conference.set_kind(e.kind());
  conference.set_request_id(e.request_id());
  conference.set_reconvenes_conference_id(e.reconvenes_conference_id());
  // The domain's due day for the request is the one that counts.
  auto request = frame.data().requests().find(e.request_id());
  if (request == frame.data().requests().end() || !IsSetDate(e.due_by())) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::optional<v1::Timescale> item,
                   frame.Find(request->second, e.request_id()));
  if (!item.has_value() || IsSetDate(item->done_on())) return absl::OkStatus();
  return frame
      .Open(request->second, e.request_id(), item->starts_on(), e.due_by())
      .status();
}

absl::Status OnOpened(CaseFrame& frame, const v1::ConferenceOpened& e) {
  frame.Saw(e.policy_version());
  auto found = frame.data().mutable_conferences()->find(e.conference_id());
  if (found == frame.data().mutable_conferences()->end()) {
    return absl::OkStatus();
  }
  v1::TimescaleConference& conference = found->second;
  conference.set_opened(true);
  ASSIGN_OR_RETURN(v1::Date held, OpenedOn(frame, e));
  if (auto request = frame.data().requests().find(conference.request_id());
      request != frame.data().requests().end()) {
    RETURN_IF_ERROR(frame.Done(
        ItemKey(e.case_id(), request->second, conference.request_id()), held));
  }
  if (conference.kind() == v1::CONFERENCE_KIND_REVIEW) {
    RETURN_IF_ERROR(frame.Done(frame.data().open_review(), held));
  }
  if (!conference.reconvenes_conference_id().empty()) {
    RETURN_IF_ERROR(
        frame.Done(ItemKey(e.case_id(), v1::TIMESCALE_KIND_INQUORATE_RECONVENE,
                           conference.reconvenes_conference_id()),
                   held));
  }
  if (!e.quorate() && IsSetDate(e.reconvene_by())) {
    RETURN_IF_ERROR(frame
                        .Open(v1::TIMESCALE_KIND_INQUORATE_RECONVENE,
                              e.conference_id(), held, e.reconvene_by())
                        .status());
  }
  return absl::OkStatus();
}

absl::Status OnDecided(CaseFrame& frame, const v1::DecisionRecorded& e) {
  frame.Saw(e.policy_version());
  *(*frame.data().mutable_conferences())[e.conference_id()]
       .mutable_decided_on() = e.decided_on();
  if (IsSetDate(e.minutes_due())) {
    RETURN_IF_ERROR(frame
                        .Open(v1::TIMESCALE_KIND_MINUTES, e.conference_id(),
                              e.decided_on(), e.minutes_due())
                        .status());
  }
  if (IsSetDate(e.review_request_due())) {
    RETURN_IF_ERROR(frame
                        .Open(v1::TIMESCALE_KIND_DECISION_REVIEW_WINDOW,
                              e.conference_id(), e.decided_on(),
                              e.review_request_due())
                        .status());
  }
  if (IsSetDate(e.next_review_due())) {
    RETURN_IF_ERROR(frame.End(frame.data().open_review(), e.decided_on()));
    ASSIGN_OR_RETURN(
        std::string key,
        frame.Open(v1::TIMESCALE_KIND_REVIEW_CONFERENCE, e.conference_id(),
                   e.decided_on(), e.next_review_due()));
    frame.data().set_open_review(key);
  }
  return absl::OkStatus();
}

absl::Status OnRegistered(CaseFrame& frame, const v1::ChildRegistered& e) {
  frame.Saw(e.policy_version());
  frame.data().set_registered(true);
  // The domain counts both from the day of the decision to register.
  v1::Date from = e.registered_on();
  if (auto conference = frame.data().conferences().find(e.conference_id());
      conference != frame.data().conferences().end() &&
      IsSetDate(conference->second.decided_on())) {
    from = conference->second.decided_on();
  }
  RETURN_IF_ERROR(frame.End(frame.data().open_core_group(), from));
  RETURN_IF_ERROR(frame.End(frame.data().open_review(), from));
  frame.data().clear_open_core_group();
  frame.data().clear_open_review();
  if (IsSetDate(e.first_core_group_due())) {
    ASSIGN_OR_RETURN(
        std::string key,
        frame.Open(v1::TIMESCALE_KIND_FIRST_CORE_GROUP, e.conference_id(), from,
                   e.first_core_group_due()));
    frame.data().set_open_core_group(key);
  }
  if (IsSetDate(e.first_review_due())) {
    ASSIGN_OR_RETURN(std::string key,
                     frame.Open(v1::TIMESCALE_KIND_REVIEW_CONFERENCE,
                                e.conference_id(), from, e.first_review_due()));
    frame.data().set_open_review(key);
  }
  return absl::OkStatus();
}

absl::Status OnCoreGroup(CaseFrame& frame, const v1::CoreGroupMeetingHeld& e) {
  frame.Saw(e.policy_version());
  RETURN_IF_ERROR(
      frame.Done(frame.data().open_core_group(), e.held_on(), e.due_by()));
  frame.data().clear_open_core_group();
  const std::optional<absl::CivilDay> held = ToCivilDay(e.held_on());
  if (!frame.data().registered() || !held.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const domain::Policy* policy, frame.Policy());
  ASSIGN_OR_RETURN(
      std::optional<absl::CivilDay> next,
      frame.Due(*held, policy->timescales().core_group_interval()));
  if (!next.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::string key,
                   frame.Open(v1::TIMESCALE_KIND_CORE_GROUP, e.meeting_id(),
                              e.held_on(), ToDate(*next)));
  frame.data().set_open_core_group(key);
  return absl::OkStatus();
}

absl::Status OnDeregistered(CaseFrame& frame, const v1::ChildDeregistered& e) {
  frame.Saw(e.policy_version());
  frame.data().set_registered(false);
  RETURN_IF_ERROR(
      frame.End(frame.data().open_core_group(), e.deregistered_on()));
  RETURN_IF_ERROR(frame.End(frame.data().open_review(), e.deregistered_on()));
  frame.data().clear_open_core_group();
  frame.data().clear_open_review();
  return absl::OkStatus();
}

class TimescalesProjection final : public Projection {
 public:
  explicit TimescalesProjection(const domain::PolicyRegistry& policies)
      : policies_(policies) {}

  std::string name() const override { return kTimescales; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (v1::CaseOpened e; Unpack(event, &e)) {
      CaseFrame frame(state, policies_, e.case_id(), event);
      frame.data().set_local_authority(e.local_authority());
      frame.Saw(e.policy_version());
      *frame.data().mutable_expected_delivery_date() =
          e.child().expected_delivery_date();
      ASSIGN_OR_RETURN(const domain::Policy* policy, frame.Policy());
      // Queries read "today" in the authority's time zone.
      state.Put(ZoneKey(e.local_authority()), policy->proto().time_zone());
      frame.Save();
      return absl::OkStatus();
    }
    if (v1::ChildDetailsAmended e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(), [&](CaseFrame& frame) {
        *frame.data().mutable_expected_delivery_date() =
            e.child().expected_delivery_date();
        return absl::OkStatus();
      });
    }
    if (v1::ConferenceRequested e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(),
                    [&](CaseFrame& frame) { return OnRequested(frame, e); });
    }
    if (v1::ConferenceScheduled e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(),
                    [&](CaseFrame& frame) { return OnScheduled(frame, e); });
    }
    if (v1::ConferenceOpened e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(),
                    [&](CaseFrame& frame) { return OnOpened(frame, e); });
    }
    if (v1::DecisionRecorded e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(),
                    [&](CaseFrame& frame) { return OnDecided(frame, e); });
    }
    if (v1::MinutesIssued e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(), [&](CaseFrame& frame) {
        frame.Saw(e.policy_version());
        return frame.Done(
            ItemKey(e.case_id(), v1::TIMESCALE_KIND_MINUTES, e.conference_id()),
            e.issued_on(), e.due_by());
      });
    }
    if (v1::DecisionReviewRequested e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(), [&](CaseFrame& frame) {
        return frame.Done(
            ItemKey(e.case_id(), v1::TIMESCALE_KIND_DECISION_REVIEW_WINDOW,
                    e.conference_id()),
            e.received_on(), e.window_ends());
      });
    }
    if (v1::ChildRegistered e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(),
                    [&](CaseFrame& frame) { return OnRegistered(frame, e); });
    }
    if (v1::CoreGroupMeetingHeld e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(),
                    [&](CaseFrame& frame) { return OnCoreGroup(frame, e); });
    }
    if (v1::ChildDeregistered e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(),
                    [&](CaseFrame& frame) { return OnDeregistered(frame, e); });
    }
    if (v1::TimescaleReasonRecorded e; Unpack(event, &e)) {
      return OnCase(event, state, e.case_id(), [&](CaseFrame& frame) {
        frame.Saw(e.policy_version());
        return frame.Explain(e);
      });
    }
    return absl::OkStatus();
  }

 private:
  // Runs `change` on the case's state and saves it; a case never opened is
  // skipped.
  template <typename F>
  absl::Status OnCase(const v1::EventEnvelope& event, StateWriter& state,
                      const std::string& case_id, F change) {
    CaseFrame frame(state, policies_, case_id, event);
    ASSIGN_OR_RETURN(bool known, frame.Load());
    if (!known) return absl::OkStatus();
    RETURN_IF_ERROR(change(frame));
    frame.Save();
    return absl::OkStatus();
  }

  const domain::PolicyRegistry& policies_;
};

}  // namespace

std::unique_ptr<Projection> NewTimescalesProjection(
    const domain::PolicyRegistry& policies) {
  return std::make_unique<TimescalesProjection>(policies);
}

}  // namespace keeper::projections
