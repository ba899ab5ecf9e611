// Loading policies and finding the one in force.
#include "domain/policy/policy.h"

#include <algorithm>

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain {
namespace {

using testing::ShippedPolicies;

absl::Time Noon(int year, int month, int day) {
  return absl::FromCivil(absl::CivilHour(year, month, day, 12),
                         absl::UTCTimeZone());
}

// A small valid policy; tests break one thing at a time.
constexpr char kValid[] = R"json({
  "version": "test-1",
  "authorities": ["testshire"],
  "effective_from": "2024-01-01",
  "time_zone": "Europe/London",
  "areas_of_concern": ["Neglect"],
  "quorum_agencies": ["AGENCY_SOCIAL_WORK"],
  "timescales": {
    "first_core_group": {"amount": 10, "unit": "UNIT_WORKING_DAYS"},
    "first_review": {"amount": 3, "unit": "UNIT_MONTHS"},
    "later_review": {"amount": 6, "unit": "UNIT_MONTHS"}
  },
  "holidays_first_year": 2024,
  "holidays_last_year": 2024,
  "public_holidays": [
    {"holidays": [{"date": "2024-12-25", "name": "Christmas Day"}]},
    {"authority": "testshire",
     "holidays": [{"date": "2024-07-15", "name": "Fair Monday"}]}
  ]
})json";

std::string With(absl::string_view from, absl::string_view to) {
  return absl::StrReplaceAll(kValid, {{from, to}});
}

TEST(PolicyTest, ShipsTheThreePolicies) {
  std::vector<std::string> versions = ShippedPolicies().versions();
  std::sort(versions.begin(), versions.end());
  EXPECT_EQ(versions,
            (std::vector<std::string>{"england-2023", "perth-kinross-2018",
                                      "scotland-2023"}));
}

TEST(PolicyTest, ThePolicyInForceIsTheLatestThatCoversTheAuthority) {
  const PolicyRegistry& policies = ShippedPolicies();
  EXPECT_EQ((*policies.ForAuthority("perth-and-kinross", Noon(2021, 6, 1)))
                ->version(),
            "perth-kinross-2018");
  EXPECT_EQ((*policies.ForAuthority("perth-and-kinross", Noon(2024, 6, 1)))
                ->version(),
            "scotland-2023");
  EXPECT_EQ((*policies.ForAuthority("fife", Noon(2023, 9, 1)))->version(),
            "scotland-2023");
  EXPECT_EQ((*policies.ForAuthority("kent", Noon(2024, 1, 10)))->version(),
            "england-2023");
  EXPECT_EQ(policies.ForAuthority("fife", Noon(2023, 8, 31)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(policies.ForAuthority("atlantis", Noon(2024, 1, 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(PolicyTest, ShippedValuesAreThoseOfSpecSection6) {
  const Policy& pk = *ShippedPolicies().Find("perth-kinross-2018");
  EXPECT_EQ(pk.timescales().minutes().amount(), 15);
  EXPECT_EQ(pk.timescales().minutes().unit(), v1::DuePeriod::UNIT_WORKING_DAYS);
  EXPECT_EQ(pk.timescales().first_core_group().amount(), 10);
  EXPECT_EQ(pk.timescales().first_review().amount(), 12);
  EXPECT_EQ(pk.timescales().first_review().unit(), v1::DuePeriod::UNIT_WEEKS);
  EXPECT_EQ(pk.timescales().decision_review_request().amount(), 14);

  const Policy& ng = *ShippedPolicies().Find("scotland-2023");
  EXPECT_EQ(ng.timescales().minutes().amount(), 10);
  EXPECT_EQ(ng.timescales().first_core_group().unit(),
            v1::DuePeriod::UNIT_WORKING_DAYS);
  EXPECT_EQ(ng.timescales().first_review_pre_birth().amount(), 3);
  EXPECT_EQ(ng.timescales().inquorate_reconvene().amount(), 10);
  EXPECT_EQ(ng.proto().areas_of_concern_size(), 12);
  EXPECT_TRUE(
      ng.IsAreaOfConcern("Child Affected by Parental Mental Health "
                         "Problems"));
  EXPECT_FALSE(ng.IsAreaOfConcern("Neglect"));
  EXPECT_EQ(ng.proto().authorities_size(), 32);

  const Policy& england = *ShippedPolicies().Find("england-2023");
  EXPECT_EQ(england.timescales().initial_conference().amount(), 15);
  EXPECT_FALSE(IsSet(england.timescales().minutes()));  // left to local areas
  EXPECT_TRUE(england.IsAreaOfConcern("Neglect"));
}

TEST(PolicyTest, TodayIsInThePolicysTimeZone) {
  const Policy& ng = *ShippedPolicies().Find("scotland-2023");
  // 23:30 UTC on 1 July is 00:30 on 2 July in British Summer Time.
  const absl::Time late = absl::FromCivil(absl::CivilMinute(2024, 7, 1, 23, 30),
                                          absl::UTCTimeZone());
  EXPECT_EQ(ng.Today(late), absl::CivilDay(2024, 7, 2));
}

TEST(PolicyTest, ParsesAValidPolicyWithLocalHolidays) {
  absl::StatusOr<Policy> policy = ParsePolicyJson(kValid, "test");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(
      policy->Calendar("testshire").IsHoliday(absl::CivilDay(2024, 7, 15)));
  EXPECT_TRUE(
      policy->Calendar("testshire").IsHoliday(absl::CivilDay(2024, 12, 25)));
  EXPECT_FALSE(
      policy->Calendar("elsewhere").IsHoliday(absl::CivilDay(2024, 7, 15)));
}

TEST(PolicyTest, RejectsMalformedFilesNamingTheProblem) {
  struct Case {
    std::string json;
    std::string expected;
  };
  const Case cases[] = {
      {With(R"("version": "test-1",)", R"("version": "test-1", "colour": 1,)"),
       "colour"},
      {With("Europe/London", "Europe/Atlantis"), "time_zone"},
      {With("2024-12-25", "2025-12-25"), "public_holidays.holidays.date"},
      {With("2024-12-25", "2024-02-30"), "public_holidays.holidays.date"},
      {With(R"("authority": "testshire")", R"("authority": "elsewhere")"),
       "public_holidays.authority"},
      {With(R"("first_review": {"amount": 3, "unit": "UNIT_MONTHS"},)", ""),
       "timescales.first_review"},
      {With(R"(["Neglect"])", R"(["Neglect", "Neglect"])"), "areas_of_concern"},
      {With(R"("2024-01-01")", R"("1 Jan 2024")"), "effective_from"},
      {With(R"(["AGENCY_SOCIAL_WORK"])", "[]"), "quorum_agencies"},
      {"{not json", "test"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Policy> policy = ParsePolicyJson(c.json, "test");
    EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument)
        << c.expected;
    EXPECT_NE(policy.status().message().find(c.expected), std::string::npos)
        << policy.status();
  }
}

TEST(PolicyTest, RegistryRefusesDuplicatesAndAmbiguity) {
  PolicyRegistry registry;
  ASSERT_TRUE(registry.Add(*ParsePolicyJson(kValid, "a")).ok());
  EXPECT_EQ(registry.Add(*ParsePolicyJson(kValid, "b")).code(),
            absl::StatusCode::kAlreadyExists);
  // Another version covering the same authority from the same day.
  EXPECT_EQ(registry
                .Add(*ParsePolicyJson(
                    absl::StrReplaceAll(kValid, {{"test-1", "test-2"}}), "c"))
                .code(),
            absl::StatusCode::kFailedPrecondition);
  // From a later day, it supersedes.
  ASSERT_TRUE(
      registry
          .Add(*ParsePolicyJson(
              absl::StrReplaceAll(
                  kValid, {{"test-1", "test-3"}, {"2024-01-01", "2024-06-01"}}),
              "d"))
          .ok());
  EXPECT_EQ((*registry.ForAuthority("testshire", Noon(2024, 5, 31)))->version(),
            "test-1");
  EXPECT_EQ((*registry.ForAuthority("testshire", Noon(2024, 6, 1)))->version(),
            "test-3");
  EXPECT_EQ(registry.Find("nope"), nullptr);
}

TEST(PolicyTest, LoadingAMissingDirectoryIsNotFound) {
  EXPECT_EQ(PolicyRegistry::LoadDirectory("/nonexistent/keeper/policies")
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace keeper::domain
