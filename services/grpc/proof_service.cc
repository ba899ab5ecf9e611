#include "services/grpc/proof_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kGetCheckpoint[] = "/keeper.v1.ProofService/GetCheckpoint";
constexpr char kGetInclusion[] = "/keeper.v1.ProofService/GetInclusionProof";
constexpr char kGetConsistency[] =
    "/keeper.v1.ProofService/GetConsistencyProof";
constexpr char kVerifiedRead[] = "/keeper.v1.ProofService/VerifiedRead";

void Copy(const eventstore::StoredCheckpoint& from, v1::SignedCheckpoint* to) {
  to->set_tree_size(from.tree_size);
  to->set_note(from.note);
}

void CopyPath(const std::vector<std::string>& path,
              google::protobuf::RepeatedPtrField<std::string>* to) {
  for (const std::string& hash : path) to->Add(std::string(hash));
}

// The case an event is about, if its stream is a case's.
std::vector<std::string> CaseOf(const eventstore::EventEnvelope& event) {
  const std::string& stream = event.stream_id();
  for (const char* prefix : {"case-", "access-"}) {
    const std::string p(prefix);
    if (stream.size() > p.size() && stream.compare(0, p.size(), p) == 0 &&
        stream != "access-register") {
      return {stream.substr(p.size())};
    }
  }
  return {};
}

}  // namespace

absl::StatusOr<eventstore::EventEnvelope> ProofService::FindEvent(
    uint64_t position, const std::string& id) {
  if (!id.empty()) return store_.ReadEvent(id);
  if (position == 0) {
    return InvalidField("position", "name the event by position or event_id");
  }
  if (position > store_.GetHead().position) {
    return absl::OutOfRangeError(
        absl::StrCat("position ", position, " is beyond the log's head"));
  }
  return store_.ReadPosition(position);
}

absl::Status ProofService::AttachCheckpoint(uint64_t size,
                                            v1::SignedCheckpoint* out) {
  absl::StatusOr<eventstore::StoredCheckpoint> kept = store_.CheckpointAt(size);
  if (absl::IsNotFound(kept.status())) return absl::OkStatus();
  RETURN_IF_ERROR(kept.status());
  Copy(*kept, out);
  return absl::OkStatus();
}

absl::Status ProofService::Prove(const eventstore::EventEnvelope& event,
                                 uint64_t tree_size,
                                 v1::InclusionProof* proof) {
  if (tree_size == 0) {
    ASSIGN_OR_RETURN(eventstore::StoredCheckpoint latest, publisher_.Latest());
    if (latest.tree_size < event.position()) {
      ASSIGN_OR_RETURN(latest, publisher_.PublishNow());
    }
    tree_size = latest.tree_size;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> path,
                   store_.InclusionProof(event.position(), tree_size));
  proof->set_position(event.position());
  proof->set_tree_size(tree_size);
  proof->set_event_hash(event.hash());
  CopyPath(path, proof->mutable_path());
  return AttachCheckpoint(tree_size, proof->mutable_checkpoint());
}

grpc::Status ProofService::HandleGetCheckpoint(
    grpc::ServerContextBase* context, const v1::GetCheckpointRequest* request,
    v1::SignedCheckpoint* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kGetCheckpoint, false);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<eventstore::StoredCheckpoint> checkpoint =
      request->tree_size() == 0 ? publisher_.Latest()
                                : store_.CheckpointAt(request->tree_size());
  if (!checkpoint.ok()) return ToGrpcStatus(checkpoint.status());
  Copy(*checkpoint, response);
  return grpc::Status::OK;
}

grpc::Status ProofService::HandleGetInclusionProof(
    grpc::ServerContextBase* context,
    const v1::GetInclusionProofRequest* request, v1::InclusionProof* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kGetInclusion, false);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<eventstore::EventEnvelope> event =
      FindEvent(request->position(), request->event_id());
  if (!event.ok()) return ToGrpcStatus(event.status());
  return ToGrpcStatus(Prove(*event, request->tree_size(), response));
}

grpc::Status ProofService::HandleGetConsistencyProof(
    grpc::ServerContextBase* context,
    const v1::GetConsistencyProofRequest* request,
    v1::ConsistencyProof* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kGetConsistency, false);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  uint64_t second = request->second_size();
  if (second == 0) {
    absl::StatusOr<eventstore::StoredCheckpoint> latest = publisher_.Latest();
    if (!latest.ok()) return ToGrpcStatus(latest.status());
    second = latest->tree_size;
  }
  if (request->first_size() > second) {
    return ToGrpcStatus(InvalidField(
        "first_size", absl::StrCat("must not be above second_size ", second)));
  }
  absl::StatusOr<std::vector<std::string>> path =
      store_.ConsistencyProof(request->first_size(), second);
  if (!path.ok()) return ToGrpcStatus(path.status());
  response->set_first_size(request->first_size());
  response->set_second_size(second);
  CopyPath(*path, response->mutable_path());
  absl::Status attached = AttachCheckpoint(
      request->first_size(), response->mutable_first_checkpoint());
  if (attached.ok()) {
    attached = AttachCheckpoint(second, response->mutable_second_checkpoint());
  }
  return ToGrpcStatus(attached);
}

grpc::Status ProofService::HandleVerifiedRead(
    grpc::ServerContextBase* context, const v1::VerifiedReadRequest* request,
    v1::VerifiedEvent* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kVerifiedRead, true);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<eventstore::EventEnvelope> event =
      FindEvent(request->position(), request->event_id());
  if (!event.ok()) {
    if (absl::IsInvalidArgument(event.status())) {
      return ToGrpcStatus(
          gate_.RecordRefusal(*caller, kVerifiedRead, {}, event.status()));
    }
    return ToGrpcStatus(event.status());
  }
  absl::Status proved = Prove(*event, 0, response->mutable_proof());
  if (!proved.ok()) return ToGrpcStatus(proved);
  ReadRecord read;
  read.case_ids = CaseOf(*event);
  read.query = request->ShortDebugString();
  read.returned =
      absl::StrCat("event ", event->position(), " (", event->event_type(),
                   ") with its inclusion proof at tree size ",
                   response->proof().tree_size());
  if (absl::Status recorded = gate_.RecordRead(*caller, kVerifiedRead, read);
      !recorded.ok()) {
    return ToGrpcStatus(recorded);
  }
  *response->mutable_event() = *std::move(event);
  return grpc::Status::OK;
}

}  // namespace keeper::services
