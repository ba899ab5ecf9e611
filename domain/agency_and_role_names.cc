#include "domain/agency_and_role_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/strings.h"

namespace keeper::domain {
namespace {

// The enum value's name without `prefix`, lower-cased.
std::string ShortName(const std::string& full, std::string_view prefix) {
  std::string name = full;
  if (absl::StartsWith(name, Sv(prefix))) name = name.substr(prefix.size());
  return absl::AsciiStrToLower(name);
}

}  // namespace

v1::Agency AgencyFromName(std::string_view name) {
  v1::Agency agency = v1::AGENCY_UNSPECIFIED;
  if (name.empty()) return agency;
  const std::string full =
      absl::StrCat("AGENCY_", absl::AsciiStrToUpper(Sv(name)));
  if (!v1::Agency_Parse(full, &agency)) return v1::AGENCY_UNSPECIFIED;
  return agency;
}

std::string AgencyName(v1::Agency agency) {
  return ShortName(v1::Agency_Name(agency), "AGENCY_");
}

std::string RoleName(v1::PartyRole role) {
  return absl::StrReplaceAll(ShortName(v1::PartyRole_Name(role), "PARTY_ROLE_"),
                             {{"_", " "}});
}

}  // namespace keeper::domain
