#include "tools/labels.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "google/protobuf/descriptor.h"

namespace keeper::tools {
namespace {

// Where the generic rule reads badly.
const std::map<std::string, std::string, std::less<>>& EnumPhrases() {
  static const auto* phrases =
      new std::map<std::string, std::string, std::less<>>{
          {"OUTCOME_REFER_TO_REPORTER", "refer to the Children's Reporter"},
          {"OUTCOME_SINGLE_AGENCY_SUPPORT", "single-agency support"},
          {"ATTENDANCE_ATTENDED_PART", "attended in part"},
          {"CHILD_VIEW_CHANNEL_WRITTEN", "in writing"},
          {"CHILD_VIEW_CHANNEL_SOCIAL_WORKER", "through the social worker"},
          {"CHILD_VIEW_CHANNEL_ADVOCATE", "through an advocate"},
          {"CHILD_VIEW_CHANNEL_RIGHTS_OFFICER",
           "through the children's rights officer"},
          {"CHILD_VIEW_CHANNEL_ENGAGEMENT_OFFICER",
           "through the engagement officer"},
          {"CONFERENCE_KIND_PRE_BIRTH", "pre-birth"},
          {"PARTY_ROLE_CHILDRENS_RIGHTS_OFFICER", "children's rights officer"},
          {"AGENCY_REPORTER", "Children's Reporter"},
          {"ACCESS_GRANTED", "granted"},
          {"ACCESS_REFUSED", "refused"},
      };
  return *phrases;
}

const std::map<std::string, std::string, std::less<>>& MethodPhrases() {
  static const auto* phrases =
      new std::map<std::string, std::string, std::less<>>{
          {"RegisterService/CheckRegister", "checked the register"},
          {"RegisterService/ListRegister", "listed the register"},
          {"CaseService/GetCase", "read the case"},
          {"ReviewService/GetDecisionRecord", "read a decision record"},
          {"AuditService/QueryAccessTrail", "read the access trail"},
          {"AuditService/QueryChangeTrail", "read the change trail"},
          {"EventsService/Subscribe", "followed the event feed"},
          {"ProofService/GetCheckpoint", "read a checkpoint"},
          {"ProofService/GetInclusionProof", "asked for an inclusion proof"},
          {"ProofService/GetConsistencyProof", "asked for a consistency proof"},
          {"ProofService/VerifiedRead", "read an event with its proof"},
      };
  return *phrases;
}

// "CheckRegister" -> "check register".
std::string Words(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c)) && !out.empty()) {
      out += ' ';
    }
    out += absl::ascii_tolower(c);
  }
  return out;
}

}  // namespace

std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value) {
  const google::protobuf::EnumValueDescriptor* named =
      type->FindValueByNumber(value);
  if (named == nullptr) return std::to_string(value);
  const std::string& name = named->name();
  if (auto it = EnumPhrases().find(name); it != EnumPhrases().end()) {
    return it->second;
  }
  if (absl::EndsWith(name, "_UNSPECIFIED")) return "";
  // The prefix every value shares, from the zero value
  // (OUTCOME_UNSPECIFIED), when the type follows that convention.
  std::string prefix;
  if (type->value_count() > 0 &&
      absl::EndsWith(type->value(0)->name(), "_UNSPECIFIED")) {
    prefix = type->value(0)->name();
    prefix.resize(prefix.size() - std::string_view("UNSPECIFIED").size());
  }
  std::string rest = name;
  if (!prefix.empty() && absl::StartsWith(rest, prefix)) {
    rest.erase(0, prefix.size());
  }
  return CodeLabel(absl::AsciiStrToLower(rest));
}

std::string MethodLabel(std::string_view method) {
  // "/keeper.v1.RegisterService/CheckRegister" -> "RegisterService/...".
  std::string_view path = method;
  if (size_t dot = path.rfind('.', path.rfind('/')); dot != path.npos) {
    path.remove_prefix(dot + 1);
  }
  if (auto it = MethodPhrases().find(path); it != MethodPhrases().end()) {
    return it->second;
  }
  const size_t slash = path.rfind('/');
  return Words(slash == path.npos ? path : path.substr(slash + 1));
}

std::string EventTypeLabel(std::string_view event_type) {
  return Words(event_type);
}

std::string CodeLabel(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace keeper::tools
