// The gate every RPC passes: who is calling, may they call this method, and
// the audit record of every read and every refusal, written and synced
// before the answer leaves the server.
#ifndef KEEPER_SERVICES_ACCESS_ACCESS_GATE_H_
#define KEEPER_SERVICES_ACCESS_ACCESS_GATE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "grpcpp/server_context.h"
#include "keeper/v1/access.pb.h"
#include "services/access/caller.h"
#include "services/access/caller_quota.h"

namespace keeper::services {

// Parses an access policy file (protobuf JSON of keeper.v1.AccessPolicy).
absl::StatusOr<v1::AccessPolicy> LoadAccessPolicy(const std::string& path);

// OK if the policy gives every one of `methods` (full gRPC names) a kind;
// otherwise FAILED_PRECONDITION naming each method that has none.
absl::Status CheckMethodsClassified(const v1::AccessPolicy& policy,
                                    const std::vector<std::string>& methods);
// The shipped access policy: $KEEPER_ACCESS_POLICY if set, else the
// installed copy (<prefix>/share/keeper/access_policy.json) if there is
// one, else the one in the source tree, for running from a build directory.
std::string DefaultAccessPolicyPath();

// The stream that holds access records about one child's case
// ("access-<case>"), or about reads that named none or several
// ("access-register").
std::string AccessStream(const std::string& case_id);

// What a request is about, known before it is admitted, so that a refusal
// names it as a granted read would.
struct ReadSubject {
  std::vector<std::string> case_ids;  // the children it names
  std::string query;                  // what was asked
};

struct ReadRecord {
  std::vector<std::string> case_ids;
  std::string query;     // what was asked, when no case id says it
  std::string returned;  // a summary of the answer
  // Authorities to notify of this read (those whose register holds the
  // child).
  std::vector<std::string> notify_authorities;
  // For a register enquiry that found a registered child (EnquiryNoticeFor).
  std::optional<v1::EnquiryNotice> notice;
  // For a feed: the events it delivered.
  std::vector<uint64_t> delivered_positions;
};

// Thread-safe. The store must outlive the gate.
class AccessGate {
 public:
  AccessGate(v1::AccessPolicy policy, eventstore::EventStore& store);
  // With the ids of the records it writes drawn from `event_ids` (e.g. a
  // seeded generator, so that generated histories repeat exactly).
  AccessGate(v1::AccessPolicy policy, eventstore::EventStore& store,
             std::function<std::string()> event_ids);

  // Authenticates the caller and checks the policy for `method`, whose kind
  // comes from the policy: reads also need a purpose, and a method the
  // policy does not classify is refused. A refusal is recorded (an
  // AccessRefused event naming `subject`) before it is returned as
  // UNAUTHENTICATED, PERMISSION_DENIED or INVALID_ARGUMENT.
  absl::StatusOr<Caller> Admit(const grpc::ServerContextBase& context,
                               const std::string& method,
                               const ReadSubject& subject = {});
  // The same for a caller already identified by another transport (the
  // console's TLS session): checks the policy and the purpose only.
  absl::StatusOr<Caller> Admit(Caller caller, const std::string& method,
                               const ReadSubject& subject = {});

  // The first screening of a call, before its request is even parsed: the
  // caller's quota (RESOURCE_EXHAUSTED, counted in a QuotaExceeded summary
  // rather than recorded), then the request's size and the metadata's
  // input limits (INVALID_ARGUMENT, recorded with a bounded excerpt).
  absl::Status Screen(const grpc::ServerContextBase& context,
                      const std::string& method, size_t request_bytes);

  // The policy's input limits applied to a parsed request; a refusal is
  // recorded, naming the field but quoting none of it.
  absl::Status CheckLimits(const grpc::ServerContextBase& context,
                           const std::string& method,
                           const google::protobuf::Message& request);

  // The kind the policy gives `method`; METHOD_KIND_UNSPECIFIED if none.
  v1::MethodKind KindOf(const std::string& method) const;

  // Records a granted read. The answer must not be sent unless this
  // returns OK.
  absl::Status RecordRead(const Caller& caller, const std::string& method,
                          const ReadRecord& record);

  // Records the caller's acknowledgement of the notification `notice`, an
  // AccessGranted event, as a NotificationAcknowledged event in the same
  // stream. Whether it may is the caller's to check (Acknowledger).
  absl::Status RecordAcknowledgement(
      const Caller& caller, const eventstore::EventEnvelope& notice,
      const v1::NotificationAcknowledgement& acknowledgement);

  // Records a refusal or failure of a call and returns `refusal` (or
  // UNAVAILABLE if it could not be recorded), so callers can `return` it.
  absl::Status RecordRefusal(const Caller& caller, const std::string& method,
                             const ReadSubject& subject,
                             const absl::Status& refusal);
  // The same for a call not yet admitted: the caller is whoever the
  // certificate names, or the peer address if it names no one.
  absl::Status RecordRefusal(const grpc::ServerContextBase& context,
                             const std::string& method,
                             const ReadSubject& subject,
                             const absl::Status& refusal);

  // OK if the caller may read `authority`'s records (a case, its register):
  // callers see their own authority's (certificate L), national roles
  // (all_authorities) every authority's. PERMISSION_DENIED otherwise;
  // nothing is recorded here.
  absl::Status ScopeTo(const Caller& caller,
                       const std::string& authority) const;

  // True when the caller's role never sees restricted report parts.
  bool IsFamilyFacing(const Caller& caller) const;

  const v1::AccessPolicy& policy() const { return policy_; }

  // Called with every access record once it is written (metrics count
  // them). Set before the first call.
  void SetObserver(std::function<void(const v1::AccessRecord&)> observer) {
    observer_ = std::move(observer);
  }

 private:
  absl::Status Authorize(const Caller& caller, const std::string& method) const;
  absl::Status Append(const Caller& caller, const std::string& event_type,
                      const v1::AccessRecord& record);
  absl::Status AppendTo(const Caller& caller, const std::string& stream,
                        const std::string& event_type,
                        const google::protobuf::Message& payload);
  // Records the QuotaExceeded summaries of windows that have ended.
  void RecordQuotaSummaries(absl::Time now);

  const v1::AccessPolicy policy_;
  eventstore::EventStore& store_;
  const std::function<std::string()> event_ids_;
  std::function<void(const v1::AccessRecord&)> observer_;
  CallerQuota quota_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_ACCESS_GATE_H_
