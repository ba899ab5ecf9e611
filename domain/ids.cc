#include "domain/ids.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/strings.h"
#include "domain/policy/rule_violation.h"

namespace keeper::domain {
namespace {

constexpr size_t kMaxIdBytes = 64;

}  // namespace

absl::Status CheckId(std::string_view id, std::string_view field) {
  bool ok = !id.empty() && id.size() <= kMaxIdBytes;
  for (char c : id) {
    ok = ok && (absl::ascii_isalnum(c) || c == '_' || c == '-');
  }
  if (ok) return absl::OkStatus();
  return Invalid(
      field, absl::StrCat("must be 1 to ", kMaxIdBytes,
                          " letters, digits, '_' or '-': '", Excerpt(id), "'"));
}

absl::Status CheckAuthority(std::string_view authority,
                            std::string_view field) {
  bool ok = !authority.empty() && authority.size() <= kMaxIdBytes;
  for (char c : authority) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  if (ok) return absl::OkStatus();
  return Invalid(
      field, absl::StrCat("a local authority id is 1 to ", kMaxIdBytes,
                          " of a-z, 0-9 and '-': '", Excerpt(authority), "'"));
}

std::string CaseStreamId(std::string_view case_id) {
  return absl::StrCat(kCaseStreamPrefix, Sv(case_id));
}

std::string RegisterStreamId(std::string_view authority,
                             std::string_view child_id) {
  return absl::StrCat(kRegisterStreamPrefix, Sv(authority), ":", Sv(child_id));
}

}  // namespace keeper::domain
