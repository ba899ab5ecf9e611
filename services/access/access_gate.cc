#include "services/access/access_gate.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error_info.h"
#include "common/files.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "eventstore/uuid.h"
#include "google/protobuf/util/json_util.h"
#include "services/access/input_limits.h"

namespace keeper::services {
namespace {

// The most of a query or reason a refusal record keeps.
constexpr size_t kMaxRecordedText = 512;

// `text` as is if short, else a bounded escaped excerpt.
std::string Bounded(const std::string& text, size_t max_bytes) {
  return text.size() <= max_bytes ? text : Excerpt(text, max_bytes);
}

bool MethodMatches(const std::string& pattern, const std::string& method) {
  if (absl::EndsWith(pattern, "/*")) {
    return absl::StartsWith(method, pattern.substr(0, pattern.size() - 1));
  }
  return pattern == method;
}

bool RuleCovers(const v1::AccessRule& rule, const Caller& caller) {
  if (rule.role() != "*" && rule.role() != caller.role) return false;
  if (rule.agencies().empty()) return true;
  for (const std::string& agency : rule.agencies()) {
    if (agency == caller.agency) return true;
  }
  return false;
}

}  // namespace

std::string DefaultAccessPolicyPath() {
  if (const char* path = std::getenv("KEEPER_ACCESS_POLICY"); path && *path) {
    return path;
  }
  std::error_code error;
  if (std::filesystem::is_regular_file(KEEPER_ACCESS_POLICY_INSTALL_PATH,
                                       error)) {
    return KEEPER_ACCESS_POLICY_INSTALL_PATH;
  }
  return KEEPER_ACCESS_POLICY_SOURCE_PATH;
}

absl::StatusOr<v1::AccessPolicy> LoadAccessPolicy(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  v1::AccessPolicy policy;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(*text, &policy);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", parsed.message().as_string()));
  }
  return policy;
}

absl::Status CheckMethodsClassified(const v1::AccessPolicy& policy,
                                    const std::vector<std::string>& methods) {
  std::vector<std::string> missing;
  for (const std::string& method : methods) {
    auto kind = policy.method_kinds().find(method);
    if (kind == policy.method_kinds().end() ||
        kind->second == v1::METHOD_KIND_UNSPECIFIED) {
      missing.push_back(method);
    }
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "access policy ", policy.version(),
      " gives no kind (read, command, proof or health) to served method",
      missing.size() == 1 ? " " : "s ", absl::StrJoin(missing, ", "),
      ": add it to methodKinds"));
}

std::string AccessStream(const std::string& case_id) {
  return case_id.empty() ? "access-register" : "access-" + case_id;
}

AccessGate::AccessGate(v1::AccessPolicy policy, eventstore::EventStore& store)
    : AccessGate(std::move(policy), store, eventstore::NewUuid) {}

AccessGate::AccessGate(v1::AccessPolicy policy, eventstore::EventStore& store,
                       std::function<std::string()> event_ids)
    : policy_(std::move(policy)),
      store_(store),
      event_ids_(std::move(event_ids)),
      quota_(policy_.caller_quota()) {}

absl::Status AccessGate::Screen(const grpc::ServerContextBase& context,
                                const std::string& method,
                                size_t request_bytes) {
  const absl::Time now = absl::Now();
  RecordQuotaSummaries(now);
  absl::StatusOr<Caller> caller = CallerFromContext(context);
  const std::string who = caller.ok() ? caller->subject : context.peer();
  RETURN_IF_ERROR(quota_.Admit(who, method, now));
  const v1::InputLimits& limits = policy_.input_limits();
  absl::Status within = CheckRequestSize(limits, request_bytes);
  if (within.ok() && caller.ok()) {
    within = CheckMetadataLimits(limits, caller->purpose, caller->on_behalf_of);
  }
  if (!within.ok()) {
    return RecordRefusal(context, method, {{}, "over the input limits"},
                         within);
  }
  return absl::OkStatus();
}

absl::Status AccessGate::CheckLimits(const grpc::ServerContextBase& context,
                                     const std::string& method,
                                     const google::protobuf::Message& request) {
  absl::Status within = CheckInputLimits(policy_.input_limits(), request);
  if (within.ok()) return within;
  return RecordRefusal(context, method,
                       {{},
                        absl::StrCat("over the input limits: ",
                                     request.GetDescriptor()->full_name())},
                       within);
}

void AccessGate::RecordQuotaSummaries(absl::Time now) {
  for (const v1::QuotaExceededSummary& summary : quota_.TakeDue(now)) {
    Caller caller;
    caller.subject = summary.subject();
    if (absl::Status written =
            AppendTo(caller, AccessStream(""), "QuotaExceeded", summary);
        !written.ok()) {
      LogWarning("quota summary not recorded",
                 {{"subject", summary.subject()},
                  {"reason", std::string(written.message())}});
    }
  }
}

absl::Status AccessGate::Authorize(const Caller& caller,
                                   const std::string& method) const {
  for (const v1::AccessRule& rule : policy_.rules()) {
    if (!RuleCovers(rule, caller)) continue;
    for (const std::string& pattern : rule.methods()) {
      if (MethodMatches(pattern, method)) return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(
      absl::StrCat("access policy ", policy_.version(), ": role '", caller.role,
                   "' of agency '", caller.agency, "' may not call ", method));
}

v1::MethodKind AccessGate::KindOf(const std::string& method) const {
  auto kind = policy_.method_kinds().find(method);
  return kind == policy_.method_kinds().end() ? v1::METHOD_KIND_UNSPECIFIED
                                              : kind->second;
}

absl::StatusOr<Caller> AccessGate::Admit(const grpc::ServerContextBase& context,
                                         const std::string& method,
                                         const ReadSubject& subject) {
  absl::StatusOr<Caller> caller = CallerFromContext(context);
  if (!caller.ok()) {
    return RecordRefusal(
        context, method, subject,
        WithReason(caller.status(), kReasonCertificateRequired));
  }
  return Admit(*std::move(caller), method, subject);
}

absl::StatusOr<Caller> AccessGate::Admit(Caller caller,
                                         const std::string& method,
                                         const ReadSubject& subject) {
  const v1::MethodKind kind = KindOf(method);
  if (kind == v1::METHOD_KIND_UNSPECIFIED) {
    // Start-up refuses such a policy; this keeps the gate closed if not.
    return RecordRefusal(caller, method, subject,
                         absl::PermissionDeniedError(
                             absl::StrCat("access policy ", policy_.version(),
                                          " does not classify ", method)));
  }
  if (absl::Status allowed = Authorize(caller, method); !allowed.ok()) {
    return RecordRefusal(caller, method, subject,
                         WithReason(allowed, kReasonRoleNotPermitted));
  }
  if (kind == v1::METHOD_KIND_READ && caller.purpose.empty()) {
    return RecordRefusal(
        caller, method, subject,
        WithReason(absl::InvalidArgumentError(
                       absl::StrCat("every read must say why: set the ",
                                    kPurposeHeader, " metadata")),
                   kReasonPurposeRequired, {{"field", kPurposeHeader}}));
  }
  return caller;
}

absl::Status AccessGate::RecordRead(const Caller& caller,
                                    const std::string& method,
                                    const ReadRecord& read) {
  v1::AccessRecord record;
  record.set_method(method);
  record.set_outcome(v1::ACCESS_GRANTED);
  for (const std::string& id : read.case_ids) record.add_case_ids(id);
  record.set_query(read.query);
  record.set_returned(read.returned);
  record.set_caller_authority(caller.authority);
  for (const std::string& authority : read.notify_authorities) {
    record.add_notify_authorities(authority);
  }
  if (read.notice.has_value()) *record.mutable_notice() = *read.notice;
  for (uint64_t position : read.delivered_positions) {
    record.add_delivered_positions(position);
  }
  return Append(caller, "AccessGranted", record);
}

absl::Status AccessGate::RecordAcknowledgement(
    const Caller& caller, const eventstore::EventEnvelope& notice,
    const v1::NotificationAcknowledgement& acknowledgement) {
  return AppendTo(caller, notice.stream_id(), "NotificationAcknowledged",
                  acknowledgement);
}

absl::Status AccessGate::RecordRefusal(const Caller& caller,
                                       const std::string& method,
                                       const ReadSubject& subject,
                                       const absl::Status& refusal) {
  v1::AccessRecord record;
  record.set_method(method);
  record.set_outcome(v1::ACCESS_REFUSED);
  for (const std::string& id : subject.case_ids) record.add_case_ids(id);
  // A refused call may be refused for its size: keep only excerpts.
  record.set_query(Bounded(subject.query, kMaxRecordedText));
  record.set_status_code(static_cast<int>(refusal.code()));
  record.set_reason(Bounded(std::string(refusal.message()), kMaxRecordedText));
  record.set_caller_authority(caller.authority);
  Caller bounded = caller;
  bounded.purpose = Bounded(caller.purpose, kMaxRecordedText);
  bounded.on_behalf_of = Bounded(caller.on_behalf_of, kMaxRecordedText);
  LogWarning("access refused",
             {{"method", method},
              {"subject", caller.subject},
              {"role", caller.role},
              {"code", absl::StatusCodeToString(refusal.code())},
              {"reason", record.reason()}});
  if (absl::Status written = Append(bounded, "AccessRefused", record);
      !written.ok()) {
    return absl::UnavailableError(
        absl::StrCat("the refusal could not be recorded: ", written.message()));
  }
  return refusal;
}

absl::Status AccessGate::RecordRefusal(const grpc::ServerContextBase& context,
                                       const std::string& method,
                                       const ReadSubject& subject,
                                       const absl::Status& refusal) {
  absl::StatusOr<Caller> caller = CallerFromContext(context);
  if (!caller.ok()) {
    // No trustworthy identity: record what the transport knows.
    Caller unknown;
    unknown.subject = context.peer();
    return RecordRefusal(unknown, method, subject, refusal);
  }
  return RecordRefusal(*caller, method, subject, refusal);
}

absl::Status AccessGate::Append(const Caller& caller,
                                const std::string& event_type,
                                const v1::AccessRecord& record) {
  // One record however many children the read concerned (a listing may
  // name thousands); the access trail indexes it under each of them.
  const std::string stream =
      AccessStream(record.case_ids_size() == 1 ? record.case_ids(0) : "");
  RETURN_IF_ERROR(AppendTo(caller, stream, event_type, record));
  if (observer_) observer_(record);
  return absl::OkStatus();
}

absl::Status AccessGate::AppendTo(const Caller& caller,
                                  const std::string& stream,
                                  const std::string& event_type,
                                  const google::protobuf::Message& payload) {
  eventstore::EventEnvelope event;
  event.set_event_id(event_ids_());
  event.set_event_type(event_type);
  event.mutable_payload()->PackFrom(payload);
  *event.mutable_actor() = caller.ToActor();
  event.set_purpose(caller.purpose);
  std::vector<eventstore::StreamWrite> writes;
  writes.push_back({stream, eventstore::ExpectedVersion::Any(), {event}});
  return store_.Append(std::move(writes)).status();
}

absl::Status AccessGate::ScopeTo(const Caller& caller,
                                 const std::string& authority) const {
  if (caller.authority == authority) return absl::OkStatus();
  for (const v1::AccessRule& rule : policy_.rules()) {
    if (RuleCovers(rule, caller) && rule.all_authorities()) {
      return absl::OkStatus();
    }
  }
  return WithReason(
      absl::PermissionDeniedError(absl::StrCat(
          "access policy ", policy_.version(), ": a caller of authority '",
          caller.authority, "' may not read the records of '", authority, "'")),
      kReasonOutsideAuthority);
}

bool AccessGate::IsFamilyFacing(const Caller& caller) const {
  for (const v1::AccessRule& rule : policy_.rules()) {
    if (RuleCovers(rule, caller) && rule.family_facing()) return true;
  }
  return false;
}

}  // namespace keeper::services
