#include "domain/policy/policy.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "domain/policy/dates.h"
#include "domain/policy/retention_schedule.h"
#include "domain/policy/rule_violation.h"
#include "google/protobuf/util/json_util.h"

namespace keeper::domain {
namespace {

// A timescale is either left out (the policy sets none) or complete.
absl::Status CheckPeriod(const v1::DuePeriod& period, std::string_view name,
                         bool required) {
  if (!IsSet(period) && !required) return absl::OkStatus();
  if (period.unit() == v1::DuePeriod::UNIT_UNSPECIFIED ||
      !v1::DuePeriod::Unit_IsValid(period.unit()) || period.amount() <= 0) {
    return Invalid(absl::StrCat("timescales.", Sv(name)),
                   required ? "a positive amount and a unit are required"
                            : "give a positive amount and a unit, or leave "
                              "the timescale out");
  }
  return absl::OkStatus();
}

absl::Status CheckTimescales(const v1::Timescales& t) {
  struct Entry {
    const v1::DuePeriod* period;
    std::string_view name;
    bool required;  // registration needs these to set its review and
                    // Core Group dates
  };
  const Entry entries[] = {
      {&t.initial_conference(), "initial_conference", false},
      {&t.pre_birth_conference(), "pre_birth_conference", false},
      {&t.first_core_group(), "first_core_group", true},
      {&t.core_group_interval(), "core_group_interval", false},
      {&t.first_review(), "first_review", true},
      {&t.first_review_pre_birth(), "first_review_pre_birth", false},
      {&t.later_review(), "later_review", true},
      {&t.minutes(), "minutes", false},
      {&t.decision_review_request(), "decision_review_request", false},
      {&t.inquorate_reconvene(), "inquorate_reconvene", false},
  };
  for (const Entry& entry : entries) {
    RETURN_IF_ERROR(CheckPeriod(*entry.period, entry.name, entry.required));
  }
  if (t.pre_birth_latest_gestation_weeks() < 0 ||
      t.pre_birth_latest_gestation_weeks() > 40) {
    return Invalid("timescales.pre_birth_latest_gestation_weeks",
                   "0 (none) or 1 to 40 weeks");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Policy> Policy::Create(v1::Policy proto) {
  Policy policy;
  if (proto.version().empty()) return Invalid("version", "is required");
  if (proto.authorities().empty()) {
    return Invalid("authorities", "a policy covers at least one authority");
  }
  for (const std::string& authority : proto.authorities()) {
    if (authority.empty() || !policy.authorities_.insert(authority).second) {
      return Invalid(
          "authorities",
          absl::StrCat("empty or repeated authority '", authority, "'"));
    }
  }
  for (const v1::AuthorityContact& contact : proto.authority_contacts()) {
    if (!policy.authorities_.contains(contact.authority())) {
      return Invalid("authority_contacts",
                     absl::StrCat("'", contact.authority(),
                                  "' is not an authority the policy covers"));
    }
  }
  std::optional<absl::CivilDay> from = ParseDay(proto.effective_from());
  if (!from.has_value()) {
    return Invalid("effective_from", "must be a date as YYYY-MM-DD");
  }
  policy.effective_from_ = *from;
  if (!absl::LoadTimeZone(proto.time_zone(), &policy.time_zone_)) {
    return Invalid("time_zone",
                   absl::StrCat("unknown time zone '", proto.time_zone(), "'"));
  }
  if (proto.areas_of_concern().empty()) {
    return Invalid("areas_of_concern", "the list cannot be empty");
  }
  for (const std::string& area : proto.areas_of_concern()) {
    if (area.empty() || !policy.areas_.insert(area).second) {
      return Invalid("areas_of_concern",
                     absl::StrCat("empty or repeated area '", area, "'"));
    }
  }
  if (proto.quorum_agencies().empty()) {
    return Invalid("quorum_agencies", "name at least one agency");
  }
  for (int agency : proto.quorum_agencies()) {
    if (agency == v1::AGENCY_UNSPECIFIED) {
      return Invalid("quorum_agencies", "AGENCY_UNSPECIFIED is not an agency");
    }
  }
  RETURN_IF_ERROR(CheckTimescales(proto.timescales()));
  RETURN_IF_ERROR(CheckRetentionSchedule(proto.retention()));
  const int first = proto.holidays_first_year();
  const int last = proto.holidays_last_year();
  if (first < 1900 || last < first) {
    return Invalid("holidays_first_year",
                   "give the years the holidays cover, first <= last");
  }

  std::set<absl::CivilDay> national;
  std::map<std::string, std::set<absl::CivilDay>, std::less<>> local;
  for (const v1::HolidayCalendar& calendar : proto.public_holidays()) {
    if (!calendar.authority().empty() &&
        !policy.authorities_.contains(calendar.authority())) {
      return Invalid("public_holidays.authority",
                     absl::StrCat("'", calendar.authority(),
                                  "' is not one of the policy's authorities"));
    }
    std::set<absl::CivilDay>& days =
        calendar.authority().empty() ? national : local[calendar.authority()];
    for (const v1::Holiday& holiday : calendar.holidays()) {
      std::optional<absl::CivilDay> day = ParseDay(holiday.date());
      if (!day.has_value() || day->year() < first || day->year() > last) {
        return Invalid("public_holidays.holidays.date",
                       absl::StrCat("'", holiday.date(),
                                    "' is not a date as YYYY-MM-DD within "
                                    "holidays_first_year..holidays_last_year"));
      }
      days.insert(*day);
    }
  }
  policy.national_ =
      std::make_shared<HolidayCalendar>(proto.version(), first, last, national);
  for (auto& [authority, days] : local) {
    days.insert(national.begin(), national.end());
    policy.local_[authority] = std::make_shared<HolidayCalendar>(
        absl::StrCat(proto.version(), " for ", authority), first, last,
        std::move(days));
  }
  policy.proto_ = std::move(proto);
  return policy;
}

bool Policy::Covers(std::string_view authority) const {
  return authorities_.contains(authority);
}

bool Policy::IsAreaOfConcern(std::string_view area) const {
  return areas_.contains(area);
}

absl::CivilDay Policy::Today(absl::Time now) const {
  return absl::ToCivilDay(now, time_zone_);
}

const HolidayCalendar& Policy::Calendar(std::string_view authority) const {
  auto it = local_.find(authority);
  return it == local_.end() ? *national_ : *it->second;
}

absl::StatusOr<absl::CivilDay> Policy::Due(std::string_view authority,
                                           absl::CivilDay from,
                                           const v1::DuePeriod& period) const {
  return AddPeriod(Calendar(authority), from, period);
}

std::optional<absl::CivilDay> Policy::LatestPreBirthConference(
    absl::CivilDay expected_delivery) const {
  const int weeks = timescales().pre_birth_latest_gestation_weeks();
  if (weeks <= 0) return std::nullopt;
  return expected_delivery - 7 * (40 - weeks);
}

absl::StatusOr<Policy> ParsePolicyJson(std::string_view json,
                                       std::string_view source) {
  v1::Policy proto;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &proto, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "policy ", Sv(source), ": ", parsed.message().as_string()));
  }
  absl::StatusOr<Policy> policy = Policy::Create(std::move(proto));
  if (!policy.ok()) {
    return absl::Status(
        policy.status().code(),
        absl::StrCat("policy ", Sv(source), ": ", policy.status().message()));
  }
  return policy;
}

absl::StatusOr<Policy> LoadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return ParsePolicyJson(text.str(), path);
}

absl::StatusOr<PolicyRegistry> PolicyRegistry::LoadDirectory(
    const std::string& dir) {
  std::error_code error;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  }
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot list policy directory ",
                                            dir, ": ", error.message()));
  }
  std::sort(paths.begin(), paths.end());  // deterministic error reporting
  PolicyRegistry registry;
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(Policy policy, LoadPolicyFile(path));
    RETURN_IF_ERROR(registry.Add(std::move(policy)));
  }
  if (registry.policies_.empty()) {
    return absl::NotFoundError(absl::StrCat("no policy files in ", dir));
  }
  return registry;
}

absl::Status PolicyRegistry::Add(Policy policy) {
  for (const auto& held : policies_) {
    if (held->version() == policy.version()) {
      return absl::AlreadyExistsError(
          absl::StrCat("policy version ", policy.version(), " loaded twice"));
    }
    if (held->effective_from() != policy.effective_from()) continue;
    for (const std::string& authority : policy.proto().authorities()) {
      if (held->Covers(authority)) {
        return absl::FailedPreconditionError(
            absl::StrCat("policies ", held->version(), " and ",
                         policy.version(), " both cover ", authority, " from ",
                         policy.proto().effective_from()));
      }
    }
  }
  policies_.push_back(std::make_unique<const Policy>(std::move(policy)));
  return absl::OkStatus();
}

const Policy* PolicyRegistry::Find(std::string_view version) const {
  for (const auto& policy : policies_) {
    if (policy->version() == version) return policy.get();
  }
  return nullptr;
}

absl::StatusOr<const Policy*> PolicyRegistry::ForAuthority(
    std::string_view authority, absl::Time now) const {
  return Latest(
      authority, [now](const Policy& policy) { return policy.Today(now); },
      absl::FormatTime("%Y-%m-%d", now, absl::UTCTimeZone()));
}

absl::StatusOr<const Policy*> PolicyRegistry::ForAuthorityOn(
    std::string_view authority, absl::CivilDay day) const {
  return Latest(
      authority, [day](const Policy&) { return day; }, FormatDay(day));
}

absl::StatusOr<const Policy*> PolicyRegistry::Latest(
    std::string_view authority,
    const std::function<absl::CivilDay(const Policy&)>& day_of,
    std::string_view when) const {
  const Policy* best = nullptr;
  for (const auto& policy : policies_) {
    if (!policy->Covers(authority) ||
        policy->effective_from() > day_of(*policy)) {
      continue;
    }
    if (best == nullptr || policy->effective_from() > best->effective_from()) {
      best = policy.get();
    }
  }
  if (best == nullptr) {
    return Broken("policy.covers_authority", "local_authority",
                  absl::StrCat("no policy covers local authority '",
                               Sv(authority), "' on ", Sv(when)));
  }
  return best;
}

std::vector<std::string> PolicyRegistry::versions() const {
  std::vector<std::string> out;
  for (const auto& policy : policies_) out.push_back(policy->version());
  return out;
}

std::string DefaultPolicyDirectory() {
  if (const char* dir = std::getenv("KEEPER_POLICY_DIR"); dir && *dir) {
    return dir;
  }
  std::error_code error;
  if (std::filesystem::is_directory(KEEPER_POLICY_INSTALL_DIR, error)) {
    return KEEPER_POLICY_INSTALL_DIR;
  }
  return KEEPER_POLICY_SOURCE_DIR;
}

}  // namespace keeper::domain
