#include "tools/read_commands.h"

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/cli.h"
#include "tools/labels.h"
#include "tools/local_time.h"

ABSL_FLAG(std::string, case_id, "", "the child's case");
ABSL_FLAG(std::string, authority, "",
          "the local authority, e.g. fife (register list, timescales); for the "
          "trails, "
          "whose time zone times are shown in");

namespace keeper::tools {

const domain::PolicyRegistry& DisplayPolicies() {
  static const domain::PolicyRegistry* policies = [] {
    absl::StatusOr<domain::PolicyRegistry> loaded = LoadPolicies();
    return new domain::PolicyRegistry(loaded.ok() ? *std::move(loaded)
                                                  : domain::PolicyRegistry());
  }();
  return *policies;
}

std::string ChildName(const v1::ChildDetails& child) {
  const std::string given = child.given_name().empty() && child.unborn()
                                ? "(unborn)"
                                : child.given_name();
  return absl::StrJoin({given, child.family_name()}, " ");
}

std::string BirthText(const v1::ChildDetails& child) {
  if (child.unborn()) {
    return absl::StrCat("due ", DateText(child.expected_delivery_date()));
  }
  return DateText(child.date_of_birth());
}

std::string PersonText(const v1::Person& person) {
  std::vector<std::string> about;
  if (!person.job_title().empty()) about.push_back(person.job_title());
  if (person.agency() != v1::AGENCY_UNSPECIFIED) {
    about.push_back(Label(person.agency()));
  }
  if (about.empty()) return person.name();
  return absl::StrCat(person.name(), " (", absl::StrJoin(about, ", "), ")");
}

int PrintListing(const Table& table, std::string_view empty) {
  std::cout << table.Render(OutputFormat(), empty);
  std::cout.flush();
  return 0;
}

}  // namespace keeper::tools
