#include "services/grpc/proof_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/access/audited_read.h"
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
  return ProveInclusion(store_, publisher_, event, tree_size, proof);
}

absl::StatusOr<eventstore::StoredCheckpoint> CheckpointCovering(
    eventstore::CheckpointPublisher& publisher, uint64_t position) {
  ASSIGN_OR_RETURN(eventstore::StoredCheckpoint latest, publisher.Latest());
  if (latest.tree_size < position) return publisher.PublishNow();
  return latest;
}

absl::Status ProveInclusion(const eventstore::EventStore& store,
                            eventstore::CheckpointPublisher& publisher,
                            const eventstore::EventEnvelope& event,
                            uint64_t tree_size, v1::InclusionProof* proof) {
  if (tree_size == 0) {
    ASSIGN_OR_RETURN(eventstore::StoredCheckpoint latest,
                     CheckpointCovering(publisher, event.position()));
    tree_size = latest.tree_size;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> path,
                   store.InclusionProof(event.position(), tree_size));
  proof->set_position(event.position());
  proof->set_tree_size(tree_size);
  proof->set_event_hash(event.hash());
  CopyPath(path, proof->mutable_path());
  absl::StatusOr<eventstore::StoredCheckpoint> kept =
      store.CheckpointAt(tree_size);
  if (absl::IsNotFound(kept.status())) return absl::OkStatus();
  RETURN_IF_ERROR(kept.status());
  Copy(*kept, proof->mutable_checkpoint());
  return absl::OkStatus();
}

ProofService::ProofService(const eventstore::EventStore& store,
                           eventstore::CheckpointPublisher& publisher,
                           AccessGate& gate, HandlerPool& pool)
    : PooledService(pool, gate), store_(store), publisher_(publisher) {
  Serve("GetCheckpoint", &ProofService::HandleGetCheckpoint);
  Serve("GetInclusionProof", &ProofService::HandleGetInclusionProof);
  Serve("GetConsistencyProof", &ProofService::HandleGetConsistencyProof);
  Serve("VerifiedRead", &ProofService::HandleVerifiedRead);
}

absl::StatusOr<v1::SignedCheckpoint> ProofService::HandleGetCheckpoint(
    grpc::ServerContextBase& context, const v1::GetCheckpointRequest& request) {
  RETURN_IF_ERROR(gate_.Admit(context, kGetCheckpoint).status());
  ASSIGN_OR_RETURN(eventstore::StoredCheckpoint checkpoint,
                   request.tree_size() == 0
                       ? publisher_.Latest()
                       : store_.CheckpointAt(request.tree_size()));
  v1::SignedCheckpoint response;
  Copy(checkpoint, &response);
  return response;
}

absl::StatusOr<v1::InclusionProof> ProofService::HandleGetInclusionProof(
    grpc::ServerContextBase& context,
    const v1::GetInclusionProofRequest& request) {
  RETURN_IF_ERROR(gate_.Admit(context, kGetInclusion).status());
  ASSIGN_OR_RETURN(eventstore::EventEnvelope event,
                   FindEvent(request.position(), request.event_id()));
  v1::InclusionProof response;
  RETURN_IF_ERROR(Prove(event, request.tree_size(), &response));
  return response;
}

absl::StatusOr<v1::ConsistencyProof> ProofService::HandleGetConsistencyProof(
    grpc::ServerContextBase& context,
    const v1::GetConsistencyProofRequest& request) {
  RETURN_IF_ERROR(gate_.Admit(context, kGetConsistency).status());
  uint64_t second = request.second_size();
  if (second == 0) {
    ASSIGN_OR_RETURN(eventstore::StoredCheckpoint latest, publisher_.Latest());
    second = latest.tree_size;
  }
  if (request.first_size() > second) {
    return InvalidField("first_size",
                        absl::StrCat("must not be above second_size ", second));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> path,
                   store_.ConsistencyProof(request.first_size(), second));
  v1::ConsistencyProof response;
  response.set_first_size(request.first_size());
  response.set_second_size(second);
  CopyPath(path, response.mutable_path());
  RETURN_IF_ERROR(AttachCheckpoint(request.first_size(),
                                   response.mutable_first_checkpoint()));
  RETURN_IF_ERROR(
      AttachCheckpoint(second, response.mutable_second_checkpoint()));
  return response;
}

absl::StatusOr<v1::VerifiedEvent> ProofService::HandleVerifiedRead(
    grpc::ServerContextBase& context, const v1::VerifiedReadRequest& request) {
  return AuditedRead<v1::VerifiedEvent>(
      gate_, context, kVerifiedRead, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::VerifiedEvent> {
        ASSIGN_OR_RETURN(eventstore::EventEnvelope event,
                         FindEvent(request.position(), request.event_id()));
        v1::VerifiedEvent response;
        RETURN_IF_ERROR(Prove(event, 0, response.mutable_proof()));
        call.record().case_ids = CaseOf(event);
        call.record().returned =
            absl::StrCat("event ", event.position(), " (", event.event_type(),
                         ") with its inclusion proof at tree size ",
                         response.proof().tree_size());
        *response.mutable_event() = std::move(event);
        return response;
      });
}

}  // namespace keeper::services
