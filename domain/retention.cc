#include "domain/retention.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"

namespace keeper::domain {
namespace {

constexpr char kRuleSchedule[] = "retention.schedule";

std::string_view BasisText(v1::RetentionBasis basis) {
  switch (basis) {
    case v1::RETENTION_BASIS_CASE_CLOSED:
      return "the case's closure";
    case v1::RETENTION_BASIS_CHILD_BIRTH:
      return "the child's birth";
    default:
      return "the day recorded";
  }
}

// The longest-keeping of the rules for `record` given each basis's day;
// nullopt when one of them has no day yet, or none applies.
absl::StatusOr<std::optional<RetentionDue>> Longest(
    const Policy& policy, std::string_view authority, v1::RetainedRecord record,
    const std::map<v1::RetentionBasis, std::optional<absl::CivilDay>>& bases) {
  std::optional<RetentionDue> longest;
  for (const v1::RetentionRule& rule : policy.proto().retention().rules()) {
    if (rule.record() != record) continue;
    auto basis = bases.find(rule.basis());
    if (basis == bases.end() || !basis->second.has_value()) {
      return std::nullopt;
    }
    v1::DuePeriod period;
    period.set_amount(12 * rule.years());
    period.set_unit(v1::DuePeriod::UNIT_MONTHS);
    ASSIGN_OR_RETURN(absl::CivilDay due,
                     policy.Due(authority, *basis->second, period));
    if (!longest.has_value() || due > longest->due_on) {
      longest = RetentionDue{&rule, due,
                             absl::StrCat(rule.years(), " years from ",
                                          Sv(BasisText(rule.basis())), " on ",
                                          FormatDay(*basis->second))};
    }
  }
  return longest;
}

v1::RetentionItem ItemOf(const RetentionDue& due) {
  v1::RetentionItem item;
  item.set_rule_id(due.rule->rule_id());
  item.set_action(due.rule->action());
  *item.mutable_due_on() = ToDate(due.due_on);
  item.set_rule(due.text);
  return item;
}

// Due items first by due day, then by record.
auto SortKey(const v1::RetentionItem& item) {
  return std::make_tuple(ToCivilDay(item.due_on()).value_or(absl::CivilDay()),
                         static_cast<int>(item.record()),
                         item.case_record().case_id(),
                         item.access_events().first_position());
}

}  // namespace

absl::StatusOr<std::optional<RetentionDue>> CaseRecordDue(
    const Policy& policy, std::string_view authority,
    const v1::RetainedCase& record) {
  return Longest(
      policy, authority, v1::RETAINED_RECORD_CASE,
      {{v1::RETENTION_BASIS_CASE_CLOSED, ToCivilDay(record.closed_on())},
       {v1::RETENTION_BASIS_CHILD_BIRTH, ToCivilDay(record.born_on())}});
}

absl::StatusOr<std::optional<RetentionDue>> AccessEventsDue(
    const Policy& policy, std::string_view authority,
    const v1::RetainedAccessEvents& record) {
  return Longest(
      policy, authority, v1::RETAINED_RECORD_ACCESS_EVENTS,
      {{v1::RETENTION_BASIS_RECORDED, ToCivilDay(record.recorded_on())}});
}

bool HoldInForceOn(const v1::LegalHold& hold, absl::CivilDay day) {
  const std::optional<absl::CivilDay> placed = ToCivilDay(hold.placed_on());
  if (!placed.has_value() || *placed > day) return false;
  if (!hold.lifted()) return true;
  const std::optional<absl::CivilDay> lifted = ToCivilDay(hold.lifted_on());
  return lifted.has_value() && *lifted > day;
}

bool HoldCovers(const v1::LegalHold& hold, const v1::RetentionItem& item,
                const std::map<std::string, std::string>& child_of) {
  const v1::LegalHoldScope& scope = hold.scope();
  if (scope.scope_case() == v1::LegalHoldScope::kAllRecords) {
    return scope.all_records();
  }
  auto covers_case = [&](const std::string& case_id) {
    if (scope.scope_case() == v1::LegalHoldScope::kCaseId) {
      return case_id == scope.case_id();
    }
    if (scope.scope_case() == v1::LegalHoldScope::kChildId) {
      auto child = child_of.find(case_id);
      return child != child_of.end() && child->second == scope.child_id();
    }
    return false;
  };
  if (item.record() == v1::RETAINED_RECORD_CASE) {
    return covers_case(item.case_record().case_id());
  }
  const auto& cases = item.access_events().case_ids();
  return std::any_of(cases.begin(), cases.end(), covers_case);
}

absl::StatusOr<v1::RetentionReport> BuildRetentionReport(
    const PolicyRegistry& policies, std::string_view authority,
    absl::CivilDay on, const RetentionRecords& records) {
  ASSIGN_OR_RETURN(const Policy* policy,
                   policies.ForAuthorityOn(authority, on));
  if (policy->proto().retention().rules().empty()) {
    return Broken(kRuleSchedule, "on",
                  absl::StrCat("policy ", policy->version(), ", in force for ",
                               Sv(authority), " on ", FormatDay(on),
                               ", sets no retention schedule"));
  }
  std::vector<v1::RetentionItem> due;
  std::map<std::string, std::string> child_of;
  for (const v1::RetainedCase& record : records.cases) {
    child_of[record.case_id()] = record.child_id();
    ASSIGN_OR_RETURN(std::optional<RetentionDue> when,
                     CaseRecordDue(*policy, authority, record));
    if (!when.has_value() || when->due_on > on) continue;
    v1::RetentionItem item = ItemOf(*when);
    item.set_record(v1::RETAINED_RECORD_CASE);
    *item.mutable_case_record() = record;
    due.push_back(std::move(item));
  }
  for (const v1::RetainedAccessEvents& record : records.access_events) {
    ASSIGN_OR_RETURN(std::optional<RetentionDue> when,
                     AccessEventsDue(*policy, authority, record));
    if (!when.has_value() || when->due_on > on) continue;
    v1::RetentionItem item = ItemOf(*when);
    item.set_record(v1::RETAINED_RECORD_ACCESS_EVENTS);
    *item.mutable_access_events() = record;
    due.push_back(std::move(item));
  }
  std::sort(due.begin(), due.end(),
            [](const v1::RetentionItem& a, const v1::RetentionItem& b) {
              return SortKey(a) < SortKey(b);
            });

  v1::RetentionReport report;
  report.set_local_authority(std::string(authority));
  *report.mutable_on() = ToDate(on);
  report.set_policy_version(policy->version());
  std::vector<const v1::LegalHold*> in_force;
  for (const v1::LegalHold& hold : records.holds) {
    if (!HoldInForceOn(hold, on)) continue;
    in_force.push_back(&hold);
    *report.add_holds()->mutable_hold() = hold;
  }
  for (v1::RetentionItem& item : due) {
    bool held = false;
    for (size_t i = 0; i < in_force.size(); ++i) {
      if (!HoldCovers(*in_force[i], item, child_of)) continue;
      *report.mutable_holds(static_cast<int>(i))->add_items() = item;
      held = true;
    }
    if (!held) *report.add_due() = std::move(item);
  }
  return report;
}

}  // namespace keeper::domain
