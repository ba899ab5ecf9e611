#include "projections/timescales_case.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/policy/working_days.h"

namespace keeper::projections {

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
  }
  const v1::Timescale before = *item;
  *item->mutable_due_by() = std::move(due_by);
  item->set_policy_version(data_.policy_version());
  Write(before, *item);
  return ItemKey(case_id_, kind, ref);
}

absl::Status CaseFrame::Done(const std::string& key, const v1::Date& day,
                             const v1::Date& due_by) {
  ASSIGN_OR_RETURN(std::optional<v1::Timescale> item, FindKey(key));
  if (!item.has_value() || IsClosed(*item)) return absl::OkStatus();
  const v1::Timescale before = *item;
  *item->mutable_done_on() = day;
  if (IsSetDate(due_by)) *item->mutable_due_by() = due_by;
  Write(before, *item);
  return absl::OkStatus();
}

absl::Status CaseFrame::End(const std::string& key, const v1::Date& day) {
  ASSIGN_OR_RETURN(std::optional<v1::Timescale> item, FindKey(key));
  if (!item.has_value() || IsClosed(*item)) return absl::OkStatus();
  const v1::Timescale before = *item;
  *item->mutable_ended_on() = day;
  Write(before, *item);
  return absl::OkStatus();
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
