// The one path of every read: admit the caller, run the read, make its
// record durable, and only then release the answer.
//
// Exactly one record per call: AccessGranted for an answer, AccessRefused
// (with the status code) for a refusal or a failure, either way naming what
// the request was about. The subject is taken from the request before the
// caller is admitted, so a refusal at the door names the child too.
#ifndef KEEPER_SERVICES_ACCESS_AUDITED_READ_H_
#define KEEPER_SERVICES_ACCESS_AUDITED_READ_H_

#include <string>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"

namespace keeper::services {

// What a request names: its `case_id` field, if it has one that is a valid
// case id, and the whole request as the query. An id the domain would
// refuse names no child; it stays in the query only.
ReadSubject SubjectOf(const google::protobuf::Message& request);

// Waits until the projections have applied everything committed before
// the call, so that an answer read from them is no older than the call.
// UNAVAILABLE if they do not catch up in time.
absl::Status CatchUp(const eventstore::EventStore& store,
                     const projections::ProjectionEngine& engine);

// Marks `status` as the answer itself (e.g. NOT_FOUND: whether a case
// exists is case data), so the read is recorded as granted, returning
// `status.message()`, and `status` is then returned to the caller.
absl::Status AnsweredWith(absl::Status status);

// One admitted read: who asks, and the record being made of it.
class ReadCall {
 public:
  ReadCall(AccessGate& gate, std::string method, Caller caller,
           ReadSubject subject);

  const Caller& caller() const { return caller_; }
  // OK if the caller may see `authority`'s records; a refusal is recorded
  // when the read returns it.
  absl::Status ScopeTo(const std::string& authority) const {
    return gate_.ScopeTo(caller_, authority);
  }
  // Whether restricted report parts must be withheld from this caller.
  bool family_facing() const { return gate_.IsFamilyFacing(caller_); }
  // Starts with the subject's case ids and query; the read fills in what
  // it returned and may name the children it turned out to concern.
  ReadRecord& record() { return record_; }

  // Records the read's `outcome`; returns what the caller is to be told.
  absl::Status Finish(const absl::Status& outcome);

 private:
  AccessGate& gate_;
  const std::string method_;
  const Caller caller_;
  ReadRecord record_;
};

// Runs `read` as `method` for the caller of `context`. The answer is
// returned only if its AccessGranted record was written and synced.
template <typename Response>
absl::StatusOr<Response> AuditedRead(
    AccessGate& gate, const grpc::ServerContextBase& context,
    const std::string& method, const google::protobuf::Message& request,
    absl::FunctionRef<absl::StatusOr<Response>(ReadCall&)> read) {
  ReadSubject subject = SubjectOf(request);
  absl::StatusOr<Caller> caller = gate.Admit(context, method, subject);
  if (!caller.ok()) return caller.status();
  return AuditedRead<Response>(gate, *std::move(caller), method,
                               std::move(subject), read, /*admitted=*/true);
}

// The same for a caller identified by another transport (the console):
// `caller` is admitted here unless `admitted`, and `subject` says what the
// request names.
template <typename Response>
absl::StatusOr<Response> AuditedRead(
    AccessGate& gate, Caller caller, const std::string& method,
    ReadSubject subject,
    absl::FunctionRef<absl::StatusOr<Response>(ReadCall&)> read,
    bool admitted = false) {
  if (!admitted) {
    absl::StatusOr<Caller> checked =
        gate.Admit(std::move(caller), method, subject);
    if (!checked.ok()) return checked.status();
    caller = *std::move(checked);
  }
  ReadCall call(gate, method, std::move(caller), std::move(subject));
  absl::StatusOr<Response> answer = read(call);
  if (absl::Status told = call.Finish(answer.status()); !told.ok()) {
    return told;
  }
  return answer;
}

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_AUDITED_READ_H_
