// keeper checkpoint | key | proof inclusion | proof consistency |
// proof event | proof verify.
#include "tools/proof_commands.h"

#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/files.h"
#include "common/status_macros.h"
#include "eventstore/signing_key.h"
#include "google/protobuf/util/json_util.h"
#include "keeper/v1/proof_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tools/client.h"
#include "tools/proof_check.h"

ABSL_FLAG(std::vector<std::string>, checkpoint, {},
          "signed checkpoint files saved earlier (comma-separated)");
ABSL_FLAG(std::string, verifier_key, "",
          "the log's verifier key, or a file holding it; default "
          "<data_dir>/keys/checkpoint.vkey");
ABSL_FLAG(std::string, proof, "", "a proof file written by `keeper proof`");
ABSL_FLAG(uint64_t, position, 0, "an event's position");
ABSL_FLAG(uint64_t, tree_size, 0, "a tree size; 0: the latest checkpoint's");
ABSL_FLAG(uint64_t, first_size, 0, "the smaller tree size");
ABSL_FLAG(uint64_t, second_size, 0,
          "the larger tree size; 0: the latest checkpoint's");

namespace keeper::tools {
namespace {

int PrintBundle(const v1::ProofBundle& bundle) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = !absl::GetFlag(FLAGS_json);
  std::string text;
  auto printed =
      google::protobuf::util::MessageToJsonString(bundle, &text, options);
  if (!printed.ok()) {
    return Fail(absl::InternalError(printed.message().as_string()));
  }
  std::cout << text;
  if (text.empty() || text.back() != '\n') std::cout << "\n";
  return 0;
}

absl::StatusOr<eventstore::StoredCheckpoint> LatestOf(
    const eventstore::EventStore& store) {
  ASSIGN_OR_RETURN(std::optional<eventstore::StoredCheckpoint> latest,
                   store.LatestCheckpoint());
  if (!latest.has_value()) {
    return absl::NotFoundError("the store holds no signed checkpoint yet");
  }
  return *latest;
}

void Attach(const eventstore::EventStore& store, uint64_t size,
            v1::SignedCheckpoint* out) {
  absl::StatusOr<eventstore::StoredCheckpoint> kept = store.CheckpointAt(size);
  if (!kept.ok()) return;
  out->set_tree_size(kept->tree_size);
  out->set_note(kept->note);
}

}  // namespace

absl::StatusOr<eventstore::NoteVerifier> VerifierFromFlags() {
  std::string flag = absl::GetFlag(FLAGS_verifier_key);
  if (flag.empty()) {
    return eventstore::LoadVerifierKey(
        eventstore::VerifierKeyPath(KeysDir(absl::GetFlag(FLAGS_data_dir))));
  }
  if (std::filesystem::exists(flag)) return eventstore::LoadVerifierKey(flag);
  return eventstore::ParseVerifierKey(flag);
}

int RunCheckpoint(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  const uint64_t size = absl::GetFlag(FLAGS_tree_size);
  auto checkpoint =
      size == 0 ? LatestOf(**store) : (*store)->CheckpointAt(size);
  if (!checkpoint.ok()) return Fail(checkpoint.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"tree_size", checkpoint->tree_size},
                                {"note", checkpoint->note}}
                     .dump()
              << "\n";
  } else {
    std::cout << checkpoint->note;
  }
  return 0;
}

int RunKey(const Args&) {
  auto verifier = VerifierFromFlags();
  if (!verifier.ok()) return Fail(verifier.status());
  std::cout << eventstore::FormatVerifierKey(*verifier) << "\n";
  return 0;
}

int RunProofInclusion(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  const uint64_t position = absl::GetFlag(FLAGS_position);
  uint64_t size = absl::GetFlag(FLAGS_tree_size);
  if (size == 0) {
    auto latest = LatestOf(**store);
    if (!latest.ok()) return Fail(latest.status());
    size = latest->tree_size;
  }
  auto path = (*store)->InclusionProof(position, size);
  if (!path.ok()) return Fail(path.status());
  auto event = (*store)->ReadPosition(position);
  if (!event.ok()) return Fail(event.status());
  v1::ProofBundle bundle;
  v1::InclusionProof* proof = bundle.mutable_inclusion();
  proof->set_position(position);
  proof->set_tree_size(size);
  proof->set_event_hash(event->hash());
  for (const std::string& hash : *path) proof->add_path(hash);
  Attach(**store, size, proof->mutable_checkpoint());
  return PrintBundle(bundle);
}

int RunProofConsistency(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  const uint64_t first = absl::GetFlag(FLAGS_first_size);
  uint64_t second = absl::GetFlag(FLAGS_second_size);
  if (second == 0) {
    auto latest = LatestOf(**store);
    if (!latest.ok()) return Fail(latest.status());
    second = latest->tree_size;
  }
  auto path = (*store)->ConsistencyProof(first, second);
  if (!path.ok()) return Fail(path.status());
  v1::ProofBundle bundle;
  v1::ConsistencyProof* proof = bundle.mutable_consistency();
  proof->set_first_size(first);
  proof->set_second_size(second);
  for (const std::string& hash : *path) proof->add_path(hash);
  Attach(**store, first, proof->mutable_first_checkpoint());
  Attach(**store, second, proof->mutable_second_checkpoint());
  return PrintBundle(bundle);
}

int RunProofEvent(const Args&) {
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::ProofService::NewStub(*channel);
  grpc::ClientContext context;
  AddCallMetadata(context);
  v1::VerifiedReadRequest request;
  request.set_position(absl::GetFlag(FLAGS_position));
  v1::ProofBundle bundle;
  grpc::Status status =
      stub->VerifiedRead(&context, request, bundle.mutable_verified_event());
  if (!status.ok()) {
    return Fail(absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                             status.error_message()));
  }
  return PrintBundle(bundle);
}

int RunProofVerify(const Args&) {
  auto verifier = VerifierFromFlags();
  if (!verifier.ok()) return Fail(verifier.status());
  auto text = ReadFileToString(absl::GetFlag(FLAGS_proof));
  if (!text.ok()) return Fail(text.status());
  v1::ProofBundle bundle;
  auto parsed = google::protobuf::util::JsonStringToMessage(*text, &bundle);
  std::vector<std::string> notes;
  for (const std::string& path : absl::GetFlag(FLAGS_checkpoint)) {
    auto note = ReadFileToString(path);
    if (!note.ok()) return Fail(note.status());
    notes.push_back(*std::move(note));
  }
  absl::StatusOr<std::string> verdict =
      parsed.ok() ? CheckProofBundle(bundle, notes, *verifier)
                  : absl::InvalidArgumentError(absl::StrCat(
                        "not a proof file: ", parsed.message().as_string()));
  if (absl::GetFlag(FLAGS_json)) {
    nlohmann::json out{{"valid", verdict.ok()}};
    out[verdict.ok() ? "proved" : "problem"] =
        verdict.ok() ? *verdict : std::string(verdict.status().message());
    std::cout << out.dump() << "\n";
  } else if (verdict.ok()) {
    std::cout << "VALID: " << *verdict << "\n";
  } else {
    std::cout << "REJECTED: " << verdict.status().message() << "\n";
  }
  return verdict.ok() ? 0 : 1;
}

}  // namespace keeper::tools
