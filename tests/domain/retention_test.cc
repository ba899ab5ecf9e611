// The retention rules: schedules as policy data, the rule that applies to
// a record, the policy version in force on the report's day, and the scope
// and dates of legal holds.
#include "domain/retention.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/legal_holds.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "gtest/gtest.h"

namespace keeper::domain {
namespace {

constexpr char kClosure35[] = R"json({"rule_id": "case-35-years-after-closure",
  "record": "RETAINED_RECORD_CASE", "basis": "RETENTION_BASIS_CASE_CLOSED",
  "years": 35, "action": "RETENTION_ACTION_REVIEW"})json";
constexpr char kBirthday75[] = R"json({"rule_id": "case-until-75th-birthday",
  "record": "RETAINED_RECORD_CASE", "basis": "RETENTION_BASIS_CHILD_BIRTH",
  "years": 75, "action": "RETENTION_ACTION_REVIEW"})json";
constexpr char kAccess6[] = R"json({"rule_id": "access-6-years",
  "record": "RETAINED_RECORD_ACCESS_EVENTS",
  "basis": "RETENTION_BASIS_RECORDED", "years": 6,
  "action": "RETENTION_ACTION_ERASE"})json";

// A small valid policy for "testshire" with the given retention rules.
std::string PolicyJson(const std::string& version, const std::string& from,
                       const std::string& rules) {
  return absl::StrCat(R"json({"version": ")json", version, R"json(",
  "authorities": ["testshire"], "effective_from": ")json",
                      from, R"json(",
  "time_zone": "Europe/London", "areas_of_concern": ["Neglect"],
  "quorum_agencies": ["AGENCY_SOCIAL_WORK"],
  "timescales": {
    "first_core_group": {"amount": 10, "unit": "UNIT_WORKING_DAYS"},
    "first_review": {"amount": 3, "unit": "UNIT_MONTHS"},
    "later_review": {"amount": 6, "unit": "UNIT_MONTHS"}},
  "holidays_first_year": 2024, "holidays_last_year": 2024,
  "retention": {"rules": [)json",
                      rules, "]}}");
}

Policy MustParse(const std::string& json) {
  absl::StatusOr<Policy> policy = ParsePolicyJson(json, "test");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

// scotland-like from 2023 (35 years after closure, access 6 years), and
// from 2070 the later of 35 years after closure and the 75th birthday.
PolicyRegistry TwoVersions() {
  PolicyRegistry registry;
  EXPECT_TRUE(
      registry
          .Add(MustParse(PolicyJson("v2023", "2023-09-01",
                                    absl::StrCat(kClosure35, ",", kAccess6))))
          .ok());
  EXPECT_TRUE(
      registry
          .Add(MustParse(PolicyJson(
              "v2070", "2070-01-01",
              absl::StrCat(kClosure35, ",", kBirthday75, ",", kAccess6))))
          .ok());
  return registry;
}

v1::Date D(int y, int m, int d) { return ToDate(absl::CivilDay(y, m, d)); }

v1::RetainedCase Case(std::string id, std::string child, v1::Date born,
                      std::optional<v1::Date> closed) {
  v1::RetainedCase record;
  record.set_case_id(std::move(id));
  record.set_child_id(std::move(child));
  *record.mutable_born_on() = born;
  if (closed.has_value()) *record.mutable_closed_on() = *closed;
  record.set_events(10);
  return record;
}

v1::LegalHold Hold(std::string id, v1::Date placed) {
  v1::LegalHold hold;
  hold.set_hold_id(std::move(id));
  *hold.mutable_placed_on() = placed;
  hold.set_reason("Inquiry moratorium");
  return hold;
}

TEST(RetentionScheduleTest, AMalformedRuleStopsThePolicyLoading) {
  struct Bad {
    std::string rules;
    std::string field;
  };
  const Bad bad[] = {
      {absl::StrCat(kClosure35, ",", kClosure35), "retention.rules.rule_id"},
      {R"json({"rule_id": "x", "record": "RETAINED_RECORD_ACCESS_EVENTS",
        "basis": "RETENTION_BASIS_CHILD_BIRTH", "years": 6,
        "action": "RETENTION_ACTION_ERASE"})json",
       "retention.rules.basis"},
      {R"json({"rule_id": "x", "record": "RETAINED_RECORD_CASE",
        "basis": "RETENTION_BASIS_CASE_CLOSED", "years": 0,
        "action": "RETENTION_ACTION_ERASE"})json",
       "retention.rules.years"},
      {R"json({"rule_id": "x", "record": "RETAINED_RECORD_CASE",
        "basis": "RETENTION_BASIS_CASE_CLOSED", "years": 35})json",
       "retention.rules.action"},
  };
  for (const Bad& b : bad) {
    absl::StatusOr<Policy> policy =
        ParsePolicyJson(PolicyJson("v", "2024-01-01", b.rules), "test");
    ASSERT_FALSE(policy.ok()) << b.field;
    EXPECT_TRUE(absl::IsInvalidArgument(policy.status()));
    EXPECT_NE(policy.status().message().find(b.field), std::string::npos)
        << policy.status();
  }
}

TEST(RetentionRuleTest, TheRuleThatKeepsARecordLongestApplies) {
  const Policy policy = MustParse(PolicyJson(
      "v", "2024-01-01", absl::StrCat(kClosure35, ",", kBirthday75)));
  // Born 2010, closed 2026: the 75th birthday is later than 35 years on.
  auto young = CaseRecordDue(policy, "testshire",
                             Case("a", "c-a", D(2010, 5, 14), D(2026, 12, 1)));
  ASSERT_TRUE(young.ok() && young->has_value());
  EXPECT_EQ((*young)->rule->rule_id(), "case-until-75th-birthday");
  EXPECT_EQ((*young)->due_on, absl::CivilDay(2085, 5, 14));
  EXPECT_EQ((*young)->text, "75 years from the child's birth on 2010-05-14");
  // Closed late in life: 35 years after closure is later.
  auto late = CaseRecordDue(policy, "testshire",
                            Case("b", "c-b", D(2008, 3, 1), D(2060, 6, 30)));
  ASSERT_TRUE(late.ok() && late->has_value());
  EXPECT_EQ((*late)->rule->rule_id(), "case-35-years-after-closure");
  EXPECT_EQ((*late)->due_on, absl::CivilDay(2095, 6, 30));
  EXPECT_EQ((*late)->text, "35 years from the case's closure on 2060-06-30");
}

TEST(RetentionRuleTest,
     ClosedOnTheTwentyNinthOfFebruaryIsDueOnTheTwentyEighth) {
  const Policy policy = MustParse(PolicyJson("v", "2024-01-01", kClosure35));
  auto due = CaseRecordDue(policy, "testshire",
                           Case("a", "c-a", D(2010, 5, 14), D(2028, 2, 29)));
  ASSERT_TRUE(due.ok() && due->has_value());
  EXPECT_EQ((*due)->due_on, absl::CivilDay(2063, 2, 28));
}

TEST(RetentionRuleTest, AnOpenCaseOrAnUnknownBirthKeepsTheRecord) {
  const Policy policy = MustParse(PolicyJson(
      "v", "2024-01-01", absl::StrCat(kClosure35, ",", kBirthday75)));
  auto open = CaseRecordDue(policy, "testshire",
                            Case("a", "c-a", D(2010, 5, 14), std::nullopt));
  ASSERT_TRUE(open.ok());
  EXPECT_FALSE(open->has_value());
  v1::RetainedCase unborn = Case("b", "c-b", D(2010, 5, 14), D(2026, 12, 1));
  unborn.clear_born_on();
  auto no_birth = CaseRecordDue(policy, "testshire", unborn);
  ASSERT_TRUE(no_birth.ok());
  EXPECT_FALSE(no_birth->has_value());
}

TEST(RetentionReportTest, ThePolicyInForceOnTheReportsDayApplies) {
  const PolicyRegistry policies = TwoVersions();
  RetentionRecords records;
  records.cases.push_back(Case("a", "c-a", D(2010, 5, 14), D(2026, 12, 1)));
  records.cases.push_back(Case("open", "c-o", D(2012, 1, 1), std::nullopt));
  v1::RetainedAccessEvents reads;
  *reads.mutable_recorded_on() = D(2026, 12, 1);
  reads.add_case_ids("a");
  reads.set_count(3);
  records.access_events.push_back(reads);

  auto before = BuildRetentionReport(policies, "testshire",
                                     absl::CivilDay(2061, 11, 30), records);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->policy_version(), "v2023");
  ASSERT_EQ(before->due_size(), 1);  // the reads, since 2032-12-01
  EXPECT_EQ(before->due(0).rule_id(), "access-6-years");
  EXPECT_EQ(before->due(0).action(), v1::RETENTION_ACTION_ERASE);
  EXPECT_EQ(FormatDay(*ToCivilDay(before->due(0).due_on())), "2032-12-01");

  auto under_first = BuildRetentionReport(
      policies, "testshire", absl::CivilDay(2069, 12, 31), records);
  ASSERT_TRUE(under_first.ok());
  EXPECT_EQ(under_first->policy_version(), "v2023");
  ASSERT_EQ(under_first->due_size(), 2);
  EXPECT_EQ(under_first->due(1).record(), v1::RETAINED_RECORD_CASE);
  EXPECT_EQ(under_first->due(1).case_record().case_id(), "a");
  EXPECT_EQ(under_first->due(1).rule_id(), "case-35-years-after-closure");
  EXPECT_EQ(FormatDay(*ToCivilDay(under_first->due(1).due_on())), "2061-12-01");

  // From 2070 the 75th birthday keeps case a until 2085.
  auto under_second = BuildRetentionReport(policies, "testshire",
                                           absl::CivilDay(2070, 1, 1), records);
  ASSERT_TRUE(under_second.ok());
  EXPECT_EQ(under_second->policy_version(), "v2070");
  ASSERT_EQ(under_second->due_size(), 1);
  EXPECT_EQ(under_second->due(0).record(), v1::RETAINED_RECORD_ACCESS_EVENTS);
  auto later = BuildRetentionReport(policies, "testshire",
                                    absl::CivilDay(2085, 5, 14), records);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->due_size(), 2);
  EXPECT_EQ(later->due(1).rule_id(), "case-until-75th-birthday");
}

TEST(RetentionReportTest, APolicyWithoutAScheduleHasNoReport) {
  PolicyRegistry policies;
  ASSERT_TRUE(policies.Add(MustParse(PolicyJson("v", "2024-01-01", ""))).ok());
  auto report = BuildRetentionReport(policies, "testshire",
                                     absl::CivilDay(2070, 1, 1), {});
  EXPECT_TRUE(absl::IsFailedPrecondition(report.status()));
  EXPECT_EQ(RuleViolationFromStatus(report.status())->rule(),
            "retention.schedule");
  auto elsewhere = BuildRetentionReport(TwoVersions(), "elsewhere",
                                        absl::CivilDay(2070, 1, 1), {});
  EXPECT_TRUE(absl::IsFailedPrecondition(elsewhere.status()));
}

TEST(LegalHoldTest, AHoldIsInForceFromItsPlacingUntilItsLifting) {
  v1::LegalHold hold = Hold("h", D(2026, 12, 1));
  EXPECT_FALSE(HoldInForceOn(hold, absl::CivilDay(2026, 11, 30)));
  EXPECT_TRUE(HoldInForceOn(hold, absl::CivilDay(2026, 12, 1)));
  EXPECT_TRUE(HoldInForceOn(hold, absl::CivilDay(2090, 1, 1)));
  hold.set_lifted(true);
  *hold.mutable_lifted_on() = D(2027, 3, 1);
  EXPECT_TRUE(HoldInForceOn(hold, absl::CivilDay(2027, 2, 28)));
  EXPECT_FALSE(HoldInForceOn(hold, absl::CivilDay(2027, 3, 1)));
}

TEST(LegalHoldTest, EachScopeCoversItsCasesAndTheReadsOfThem) {
  const std::map<std::string, std::string> child_of = {
      {"a", "child-1"}, {"a2", "child-1"}, {"b", "child-2"}};
  auto case_item = [](std::string id) {
    v1::RetentionItem item;
    item.set_record(v1::RETAINED_RECORD_CASE);
    item.mutable_case_record()->set_case_id(id);
    return item;
  };
  v1::RetentionItem reads;
  reads.set_record(v1::RETAINED_RECORD_ACCESS_EVENTS);
  reads.mutable_access_events()->add_case_ids("a2");
  reads.mutable_access_events()->add_case_ids("b");
  v1::RetentionItem nameless;
  nameless.set_record(v1::RETAINED_RECORD_ACCESS_EVENTS);

  v1::LegalHold on_case = Hold("case", D(2026, 1, 1));
  on_case.mutable_scope()->set_case_id("a");
  EXPECT_TRUE(HoldCovers(on_case, case_item("a"), child_of));
  EXPECT_FALSE(HoldCovers(on_case, case_item("a2"), child_of));
  EXPECT_FALSE(HoldCovers(on_case, reads, child_of));

  v1::LegalHold on_child = Hold("child", D(2026, 1, 1));
  on_child.mutable_scope()->set_child_id("child-1");
  EXPECT_TRUE(HoldCovers(on_child, case_item("a"), child_of));
  EXPECT_TRUE(HoldCovers(on_child, case_item("a2"), child_of));
  EXPECT_FALSE(HoldCovers(on_child, case_item("b"), child_of));
  EXPECT_TRUE(HoldCovers(on_child, reads, child_of));  // reads of a2
  EXPECT_FALSE(HoldCovers(on_child, nameless, child_of));

  v1::LegalHold everything = Hold("all", D(2026, 1, 1));
  everything.mutable_scope()->set_all_records(true);
  EXPECT_TRUE(HoldCovers(everything, case_item("b"), child_of));
  EXPECT_TRUE(HoldCovers(everything, nameless, child_of));
}

TEST(LegalHoldTest, HeldItemsAreListedUnderEveryHoldInForceThatCoversThem) {
  RetentionRecords records;
  records.cases.push_back(Case("a", "child-1", D(2010, 5, 14), D(2026, 12, 1)));
  records.cases.push_back(Case("b", "child-2", D(2011, 1, 1), D(2026, 12, 1)));
  v1::LegalHold on_case = Hold("case-a", D(2026, 12, 1));
  on_case.mutable_scope()->set_case_id("a");
  v1::LegalHold on_child = Hold("child-1", D(2026, 12, 1));
  on_child.mutable_scope()->set_child_id("child-1");
  v1::LegalHold lifted = Hold("lifted", D(2026, 12, 1));
  lifted.mutable_scope()->set_all_records(true);
  lifted.set_lifted(true);
  *lifted.mutable_lifted_on() = D(2027, 1, 1);
  records.holds = {on_case, on_child, lifted};
  auto report = BuildRetentionReport(TwoVersions(), "testshire",
                                     absl::CivilDay(2062, 1, 1), records);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->due_size(), 1);
  EXPECT_EQ(report->due(0).case_record().case_id(), "b");
  ASSERT_EQ(report->holds_size(), 2);  // the lifted one is not in force
  for (const v1::HeldItems& held : report->holds()) {
    ASSERT_EQ(held.items_size(), 1) << held.hold().hold_id();
    EXPECT_EQ(held.items(0).case_record().case_id(), "a");
    EXPECT_EQ(held.items(0).rule_id(), "case-35-years-after-closure");
  }
}

TEST(LegalHoldTest, PlacingAndLiftingFollowTheRules) {
  CaseState fife_case;
  fife_case.case_id = "fife-1";
  fife_case.local_authority = "fife";
  fife_case.version = 1;
  HoldContext context;
  context.by.set_subject("dana.dpo");
  context.today = absl::CivilDay(2026, 12, 1);
  context.scoped_case = &fife_case;

  v1::PlaceLegalHold place;
  place.set_local_authority("fife");
  place.set_hold_id("inquiry-1");
  place.set_reason("Inquiry moratorium");
  place.mutable_scope()->set_case_id("fife-1");
  HoldsState state;
  auto placed = DecidePlaceHold(state, place, context);
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->legal_hold_placed().placed_by().subject(), "dana.dpo");
  EXPECT_EQ(FormatDay(*ToCivilDay(placed->legal_hold_placed().placed_on())),
            "2026-12-01");
  EvolveHolds(state, *placed);
  EXPECT_EQ(state.version, 1u);
  EXPECT_TRUE(
      absl::IsAlreadyExists(DecidePlaceHold(state, place, context).status()));

  v1::PlaceLegalHold elsewhere = place;
  elsewhere.set_local_authority("dundee-city");
  elsewhere.set_hold_id("inquiry-2");
  EXPECT_EQ(RuleViolationFromStatus(
                DecidePlaceHold(state, elsewhere, context).status())
                ->rule(),
            "legal_hold.case_of_authority");
  v1::PlaceLegalHold no_scope = place;
  no_scope.set_hold_id("inquiry-3");
  no_scope.clear_scope();
  EXPECT_EQ(RuleViolationFromStatus(
                DecidePlaceHold(state, no_scope, context).status())
                ->field(),
            "scope");
  HoldContext no_case = context;
  no_case.scoped_case = nullptr;
  place.set_hold_id("inquiry-4");
  EXPECT_TRUE(
      absl::IsNotFound(DecidePlaceHold(state, place, no_case).status()));

  v1::LiftLegalHold lift;
  lift.set_local_authority("fife");
  lift.set_hold_id("inquiry-1");
  lift.set_reason("The inquiry reported");
  auto lifted = DecideLiftHold(state, lift, context);
  ASSERT_TRUE(lifted.ok()) << lifted.status();
  EvolveHolds(state, *lifted);
  EXPECT_TRUE(state.holds.at("inquiry-1").lifted());
  EXPECT_EQ(
      RuleViolationFromStatus(DecideLiftHold(state, lift, context).status())
          ->rule(),
      "legal_hold.in_force");
  lift.set_hold_id("never-placed");
  EXPECT_TRUE(absl::IsNotFound(DecideLiftHold(state, lift, context).status()));
}

}  // namespace
}  // namespace keeper::domain
