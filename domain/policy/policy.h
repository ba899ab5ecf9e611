// Policy values per authority and version (SPEC §6): areas of concern,
// quorum agencies, timescales and public holidays, loaded from the JSON
// files in services/policies/.
//
// Thread safety: Policy and PolicyRegistry are immutable once built (a
// registry is built single-threaded, then shared read-only).
// Failure: loading reports the file and field at fault (INVALID_ARGUMENT);
// look-ups report NOT_FOUND or FAILED_PRECONDITION, never crash.
#ifndef KEEPER_DOMAIN_POLICY_POLICY_H_
#define KEEPER_DOMAIN_POLICY_POLICY_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "keeper/v1/policy.pb.h"
#include "domain/policy/working_days.h"

namespace keeper::domain {

class Policy {
 public:
  // Checks every value (see policy.proto) and builds the calendars.
  static absl::StatusOr<Policy> Create(v1::Policy proto);

  const v1::Policy& proto() const { return proto_; }
  const std::string& version() const { return proto_.version(); }
  absl::CivilDay effective_from() const { return effective_from_; }
  const v1::Timescales& timescales() const { return proto_.timescales(); }

  bool Covers(std::string_view authority) const;
  bool IsAreaOfConcern(std::string_view area) const;

  // The day `now` falls on in the policy's time zone.
  absl::CivilDay Today(absl::Time now) const;

  // National holidays plus `authority`'s local ones.
  const HolidayCalendar& Calendar(std::string_view authority) const;

  // `from` plus `period`, counted on `authority`'s calendar.
  absl::StatusOr<absl::CivilDay> Due(std::string_view authority,
                                     absl::CivilDay from,
                                     const v1::DuePeriod& period) const;

  // The last day for a pre-birth conference given the expected delivery
  // (at 40 weeks' gestation); nullopt when the policy sets no such limit.
  std::optional<absl::CivilDay> LatestPreBirthConference(
      absl::CivilDay expected_delivery) const;

 private:
  Policy() = default;

  v1::Policy proto_;
  absl::CivilDay effective_from_;
  absl::TimeZone time_zone_;
  std::set<std::string, std::less<>> authorities_;
  std::set<std::string, std::less<>> areas_;
  std::shared_ptr<const HolidayCalendar> national_;
  std::map<std::string, std::shared_ptr<const HolidayCalendar>, std::less<>>
      local_;
};

// Parses one policy from JSON; `source` names it in errors.
absl::StatusOr<Policy> ParsePolicyJson(std::string_view json,
                                       std::string_view source);
absl::StatusOr<Policy> LoadPolicyFile(const std::string& path);

class PolicyRegistry {
 public:
  PolicyRegistry() = default;
  PolicyRegistry(PolicyRegistry&&) = default;
  PolicyRegistry& operator=(PolicyRegistry&&) = default;

  // Every *.json file in `dir`.
  static absl::StatusOr<PolicyRegistry> LoadDirectory(const std::string& dir);

  // ALREADY_EXISTS for a version already held; FAILED_PRECONDITION when
  // another policy covers one of its authorities from the same day.
  absl::Status Add(Policy policy);

  // nullptr when no policy has this version.
  const Policy* Find(std::string_view version) const;

  // The policy that applies to `authority` at `now`: of those covering it,
  // the one with the latest effective_from on or before that day.
  // FAILED_PRECONDITION when none does.
  absl::StatusOr<const Policy*> ForAuthority(std::string_view authority,
                                             absl::Time now) const;
  // The same for a day in the authority's own calendar (a report's day).
  absl::StatusOr<const Policy*> ForAuthorityOn(std::string_view authority,
                                               absl::CivilDay day) const;

  std::vector<std::string> versions() const;

 private:
  // The latest-effective policy covering `authority` by `day_of` each
  // policy; `when` names that day in the error.
  absl::StatusOr<const Policy*> Latest(
      std::string_view authority,
      const std::function<absl::CivilDay(const Policy&)>& day_of,
      std::string_view when) const;

  // unique_ptr keeps the Policy addresses handed out stable.
  std::vector<std::unique_ptr<const Policy>> policies_;
};

// Where the shipped policy files are: $KEEPER_POLICY_DIR if set, else the
// installed directory if it exists, else the source tree's.
std::string DefaultPolicyDirectory();

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_POLICY_POLICY_H_
