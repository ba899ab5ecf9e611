#include "projections/timescales_case.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/policy/working_days.h"

namespace keeper::projections {
namespace {

std::string Describe(const v1::DuePeriod& period) {
  switch (period.unit()) {
    case v1::DuePeriod::UNIT_CALENDAR_DAYS:
      return absl::StrCat(period.amount(), " days");
    case v1::DuePeriod::UNIT_WORKING_DAYS:
      return absl::StrCat(period.amount(), " working days");
    case v1::DuePeriod::UNIT_WEEKS:
      return absl::StrCat(period.amount(), " weeks");
    case v1::DuePeriod::UNIT_MONTHS:
      return absl::StrCat(period.amount(), " months");
    default:
      return "no period";
  }
}

// The latest approved variation's date among the item's reasons, if any.
const v1::Date* VariedDue(const v1::Timescale& item) {
  const v1::Date* varied = nullptr;
  for (const v1::TimescaleReason& reason : item.reasons()) {
    if (reason.approved_variation() && IsSetDate(reason.varied_due_by())) {
      varied = &reason.varied_due_by();
    }
  }
  return varied;
}

}  // namespace

CaseFrame::CaseFrame(StateWriter& state, const domain::PolicyRegistry& policies,
                     std::string case_id, const v1::EventEnvelope& event)
    : state_(state), policies_(policies), case_id_(std::move(case_id)) {
  event_.set_event_id(event.event_id());
  event_.set_position(event.position());
  event_.set_event_type(event.event_type());
}

absl::StatusOr<bool> CaseFrame::Load() {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   state_.Get(CaseStateKey(case_id_)));
  if (!stored.has_value()) return false;
  if (!data_.ParseFromString(*stored)) {
    return absl::DataLossError("corrupt timescales state of " + case_id_);
  }
  return true;
}

void CaseFrame::Saw(const std::string& policy_version) {
  if (!policy_version.empty()) data_.set_policy_version(policy_version);
}

absl::StatusOr<const domain::Policy*> CaseFrame::Policy() const {
  const domain::Policy* policy = policies_.Find(data_.policy_version());
  if (policy == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("timescales: case ", case_id_, " records policy '",
                     data_.policy_version(), "', which is not loaded"));
  }
  return policy;
}

absl::StatusOr<std::optional<absl::CivilDay>> CaseFrame::Due(
    absl::CivilDay from, const v1::DuePeriod& period) const {
  if (!domain::IsSet(period)) return std::nullopt;
  ASSIGN_OR_RETURN(const domain::Policy* policy, Policy());
  return policy->Due(data_.local_authority(), from, period);
}

absl::StatusOr<std::optional<v1::Timescale>> CaseFrame::Find(
    v1::TimescaleKind kind, const std::string& ref) {
  return FindKey(ItemKey(case_id_, kind, ref));
}

absl::StatusOr<std::optional<v1::Timescale>> CaseFrame::FindKey(
    const std::string& key) {
  if (key.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(std::optional<std::string> stored, state_.Get(key));
  if (!stored.has_value()) return std::nullopt;
  v1::Timescale item;
  if (!item.ParseFromString(*stored)) {
    return absl::DataLossError("corrupt timescale " + key.substr(1));
  }
  return item;
}

absl::StatusOr<std::string> CaseFrame::Open(v1::TimescaleKind kind,
                                            const std::string& ref,
                                            v1::Date starts_on,
                                            v1::Date due_by) {
  ASSIGN_OR_RETURN(std::optional<v1::Timescale> item, Find(kind, ref));
  if (!item.has_value()) {
    item.emplace();
    item->set_case_id(case_id_);
    item->set_local_authority(data_.local_authority());
    item->set_kind(kind);
    item->set_ref(ref);
    *item->mutable_starts_on() = std::move(starts_on);
    *item->mutable_started_by() = event_;
  }
  const v1::Timescale before = *item;
  SetDue(*item, due_by);
  item->set_policy_version(data_.policy_version());
  ASSIGN_OR_RETURN(*item->mutable_rule(), RuleOf(kind, ref));
  Write(before, *item);
  return ItemKey(case_id_, kind, ref);
}

absl::Status CaseFrame::Done(const std::string& key, const v1::Date& day,
                             const v1::Date& due_by) {
  ASSIGN_OR_RETURN(std::optional<v1::Timescale> item, FindKey(key));
  if (!item.has_value() || IsClosed(*item)) return absl::OkStatus();
  const v1::Timescale before = *item;
  *item->mutable_done_on() = day;
  *item->mutable_stopped_by() = event_;
  if (IsSetDate(due_by)) SetDue(*item, due_by);
  Write(before, *item);
  return absl::OkStatus();
}

absl::Status CaseFrame::End(const std::string& key, const v1::Date& day) {
  ASSIGN_OR_RETURN(std::optional<v1::Timescale> item, FindKey(key));
  if (!item.has_value() || IsClosed(*item)) return absl::OkStatus();
  const v1::Timescale before = *item;
  *item->mutable_ended_on() = day;
  *item->mutable_stopped_by() = event_;
  Write(before, *item);
  return absl::OkStatus();
}

absl::Status CaseFrame::Explain(const v1::TimescaleReasonRecorded& e) {
  ASSIGN_OR_RETURN(std::optional<v1::Timescale> item, Find(e.kind(), e.ref()));
  if (!item.has_value()) return absl::OkStatus();
  const v1::Timescale before = *item;
  v1::TimescaleReason& reason = *item->add_reasons();
  reason.set_reason_id(e.reason_id());
  *reason.mutable_given_by() = e.given_by();
  reason.set_reason(e.reason());
  reason.set_approved_variation(e.approved_variation());
  *reason.mutable_varied_due_by() = e.varied_due_by();
  *reason.mutable_recorded_on() = e.recorded_on();
  *reason.mutable_recorded_by() = event_;
  const v1::Date rules_due =
      IsSetDate(item->policy_due_by()) ? item->policy_due_by() : item->due_by();
  SetDue(*item, rules_due);
  Write(before, *item);
  return absl::OkStatus();
}

void CaseFrame::SetDue(v1::Timescale& item, const v1::Date& due_by) {
  if (const v1::Date* varied = VariedDue(item); varied != nullptr) {
    *item.mutable_policy_due_by() = due_by;
    *item.mutable_due_by() = *varied;
  } else {
    *item.mutable_due_by() = due_by;
  }
}

absl::StatusOr<std::string> CaseFrame::RuleOf(v1::TimescaleKind kind,
                                              const std::string& ref) const {
  ASSIGN_OR_RETURN(const domain::Policy* policy, Policy());
  const v1::Timescales& t = policy->timescales();
  const auto rule = [](const char* name, const v1::DuePeriod& period) {
    return absl::StrCat(name, ": ", Describe(period));
  };
  switch (kind) {
    case v1::TIMESCALE_KIND_INITIAL_CONFERENCE:
      return rule("initial_conference", t.initial_conference());
    case v1::TIMESCALE_KIND_PRE_BIRTH_CONFERENCE: {
      std::string text = rule("pre_birth_conference", t.pre_birth_conference());
      if (t.pre_birth_latest_gestation_weeks() > 0) {
        absl::StrAppend(&text, ", by ", t.pre_birth_latest_gestation_weeks(),
                        " weeks' gestation");
      }
      return text;
    }
    case v1::TIMESCALE_KIND_MINUTES:
      return rule("minutes", t.minutes());
    case v1::TIMESCALE_KIND_FIRST_CORE_GROUP:
      return rule("first_core_group", t.first_core_group());
    case v1::TIMESCALE_KIND_CORE_GROUP:
      return rule("core_group_interval", t.core_group_interval());
    case v1::TIMESCALE_KIND_REVIEW_CONFERENCE: {
      auto conference = data_.conferences().find(ref);
      const v1::ConferenceKind from = conference == data_.conferences().end()
                                          ? v1::CONFERENCE_KIND_UNSPECIFIED
                                          : conference->second.kind();
      if (from == v1::CONFERENCE_KIND_REVIEW) {
        return rule("later_review", t.later_review());
      }
      if (from == v1::CONFERENCE_KIND_PRE_BIRTH &&
          domain::IsSet(t.first_review_pre_birth())) {
        return rule("first_review_pre_birth", t.first_review_pre_birth());
      }
      return rule("first_review", t.first_review());
    }
    case v1::TIMESCALE_KIND_INQUORATE_RECONVENE:
      return rule("inquorate_reconvene", t.inquorate_reconvene());
    case v1::TIMESCALE_KIND_DECISION_REVIEW_WINDOW:
      return rule("decision_review_request", t.decision_review_request());
    default:
      return std::string();
  }
}

bool CaseFrame::IsClosed(const v1::Timescale& item) {
  return IsSetDate(item.done_on()) || IsSetDate(item.ended_on());
}

void CaseFrame::Write(const v1::Timescale& before, const v1::Timescale& after) {
  const std::string bytes = StateBytes(after);
  if (IsSetDate(before.due_by()) && DueIndexKey(before) != DueIndexKey(after)) {
    state_.Delete(DueIndexKey(before));
  }
  state_.Put(ItemKey(case_id_, after.kind(), after.ref()), bytes);
  state_.Put(DueIndexKey(after), bytes);
}

}  // namespace keeper::projections
