#include "services/access/audited_read.h"

#include "absl/strings/cord.h"
#include "domain/ids.h"
#include "google/protobuf/descriptor.h"

namespace keeper::services {
namespace {

// How long a read waits for the projections to reach the log's head.
constexpr absl::Duration kFreshness = absl::Seconds(5);

// Marks a status as an answer; never leaves the server.
constexpr char kAnswerPayload[] = "keeper.services/answered-read";

}  // namespace

ReadSubject SubjectOf(const google::protobuf::Message& request) {
  ReadSubject subject;
  subject.query = request.ShortDebugString();
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("case_id");
  if (field != nullptr &&
      field->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
      !field->is_repeated()) {
    const std::string id = request.GetReflection()->GetString(request, field);
    if (domain::CheckId(id, "case_id").ok()) subject.case_ids.push_back(id);
  }
  return subject;
}

absl::Status CatchUp(const eventstore::EventStore& store,
                     const projections::ProjectionEngine& engine) {
  if (absl::Status fresh = engine.WaitFor(store.GetHead().position, kFreshness);
      !fresh.ok()) {
    return absl::UnavailableError(fresh.message());
  }
  return absl::OkStatus();
}

absl::Status AnsweredWith(absl::Status status) {
  status.SetPayload(kAnswerPayload, absl::Cord());
  return status;
}

ReadCall::ReadCall(AccessGate& gate, std::string method, Caller caller,
                   ReadSubject subject)
    : gate_(gate), method_(std::move(method)), caller_(std::move(caller)) {
  record_.case_ids = std::move(subject.case_ids);
  record_.query = std::move(subject.query);
}

absl::Status ReadCall::Finish(const absl::Status& outcome) {
  absl::Status told = outcome;
  const bool answered = told.ErasePayload(kAnswerPayload);
  if (told.ok() || answered) {
    if (answered) record_.returned = std::string(told.message());
    if (absl::Status recorded = gate_.RecordRead(caller_, method_, record_);
        !recorded.ok()) {
      return recorded;
    }
    return told;
  }
  return gate_.RecordRefusal(caller_, method_,
                             {record_.case_ids, record_.query}, told);
}

}  // namespace keeper::services
