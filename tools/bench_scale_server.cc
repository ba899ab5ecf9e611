#include "tools/bench_scale_server.h"

#include <fstream>
#include <future>
#include <random>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/data_dir.h"
#include "common/status_macros.h"
#include "eventstore/merkle.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/generic/generic_stub.h"
#include "keeper/v1/proof_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tools/bench_client.h"
#include "tools/bench_metrics.h"
#include "tools/client.h"
#include "tools/keeperd_child.h"

namespace keeper::tools {
namespace {

constexpr absl::Duration kGiveUp = absl::Seconds(60);

// Whether keeperd's health check answers SERVING (grpc.health.v1: field 1
// of HealthCheckResponse, 1 for SERVING). gRPC ships no descriptor of it,
// so its fields are read as protobuf's unknown fields.
bool HealthServing(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(
      absl::ToChronoTime(absl::Now() + absl::Milliseconds(500)));
  grpc::Slice empty("");  // an empty HealthCheckRequest: the whole server
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  grpc::GenericStub(channel).UnaryCall(
      &context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
      &response, [&](grpc::Status status) { done.set_value(status); });
  if (!done.get_future().get().ok()) return false;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromString(bytes)) return false;
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& field = fields.field(i);
    if (field.number() == 1 &&
        field.type() == google::protobuf::UnknownField::TYPE_VARINT) {
      return field.varint() == 1;
    }
  }
  return false;
}

// Whether every projection keeperd reports has applied the head.
bool CaughtUp(const std::string& metrics) {
  auto lags = ReadSamples(metrics, "keeper_projection_lag_events");
  if (!lags.ok()) return false;
  for (const auto& [labels, lag] : *lags) {
    if (lag != 0) return false;
  }
  return true;
}

// Starts keeperd and returns how long it took until it served a health
// check SERVING over mutual TLS with every projection caught up.
absl::StatusOr<double> TimedStart(KeeperdChild& keeperd,
                                  const std::string& data_dir) {
  const absl::Time begin = absl::Now();
  RETURN_IF_ERROR(keeperd.Start());
  absl::SetFlag(&FLAGS_server, keeperd.address());
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                   ConnectAs("inspector", /*own_connection=*/true));
  std::string metrics;
  while (absl::Now() - begin < kGiveUp) {
    if (metrics.empty()) metrics = keeperd.metrics_address();
    if (!metrics.empty() && HealthServing(channel) && CaughtUp(metrics)) {
      return absl::ToDoubleSeconds(absl::Now() - begin);
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return absl::UnavailableError(absl::StrCat(
      "keeperd did not serve with its projections caught up within ",
      absl::FormatDuration(kGiveUp), " (see ", data_dir, "/keeperd.log)"));
}

// `proofs` calls of each proof RPC, one after another; the first inclusion
// proofs are checked against `root`, the tree of `head`'s.
absl::Status TimeProofs(const std::shared_ptr<grpc::Channel>& channel,
                        uint64_t head, const std::string& root, int64_t proofs,
                        ServedFigures& figures) {
  auto stub = v1::ProofService::NewStub(channel);
  std::mt19937_64 random(7);
  std::vector<std::vector<double>> latencies(1);
  absl::Time start = absl::Now();
  for (int64_t i = 0; i < proofs; ++i) {
    v1::GetInclusionProofRequest request;
    request.set_position(1 + random() % head);
    request.set_tree_size(head);
    v1::InclusionProof proof;
    grpc::ClientContext context;
    AddMetadata(context);
    const absl::Time t = absl::Now();
    const grpc::Status status =
        stub->GetInclusionProof(&context, request, &proof);
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          "GetInclusionProof: " + status.error_message());
    }
    if (i < 100) {  // the proofs are right, not just fast
      RETURN_IF_ERROR(eventstore::VerifyInclusion(
          eventstore::MerkleLeafHash(proof.event_hash()), proof.position() - 1,
          head, {proof.path().begin(), proof.path().end()}, root));
    }
  }
  figures.inclusion = Summarize(latencies, absl::Now() - start);
  latencies.assign(1, {});
  start = absl::Now();
  for (int64_t i = 0; i < proofs; ++i) {
    const absl::Time t = absl::Now();
    const bool serving = HealthServing(channel);
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!serving) return absl::UnavailableError("keeperd stopped serving");
  }
  figures.health = Summarize(latencies, absl::Now() - start);
  latencies.assign(1, {});
  start = absl::Now();
  for (int64_t i = 0; i < proofs; ++i) {
    v1::GetConsistencyProofRequest request;
    request.set_first_size(1 + random() % (head - 1));
    request.set_second_size(head);
    v1::ConsistencyProof proof;
    grpc::ClientContext context;
    AddMetadata(context);
    const absl::Time t = absl::Now();
    const grpc::Status status =
        stub->GetConsistencyProof(&context, request, &proof);
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          "GetConsistencyProof: " + status.error_message());
    }
    if (proof.first_size() != request.first_size() ||
        proof.second_size() != head || proof.path().empty()) {
      return absl::InternalError("GetConsistencyProof answered another tree");
    }
  }
  figures.consistency = Summarize(latencies, absl::Now() - start);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServedFigures> MeasureKeeperd(const std::string& binary,
                                             const std::string& data_dir,
                                             uint64_t head,
                                             const std::string& root,
                                             int64_t proofs) {
  if (head < 2) return absl::InvalidArgumentError("the store needs 2 events");
  absl::SetFlag(&FLAGS_tls_dir, TlsDir(data_dir));
  ASSIGN_OR_RETURN(const std::string policy, WritePolicyWithoutQuota(data_dir));
  KeeperdChild keeperd(binary.empty() ? KeeperdBesideThisProgram() : binary,
                       data_dir,
                       {"--metrics_listen=127.0.0.1:0",
                        absl::StrCat("--access_policy=", policy)});
  // The first start makes the log's signing key and signs its first
  // checkpoint; what is timed is a restart, as after an upgrade or a crash.
  RETURN_IF_ERROR(TimedStart(keeperd, data_dir).status());
  RETURN_IF_ERROR(keeperd.Stop());
  ServedFigures figures;
  ASSIGN_OR_RETURN(figures.start_seconds, TimedStart(keeperd, data_dir));
  figures.rss_kb = RssKbOf(std::to_string(keeperd.pid()));
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                   ConnectAs("inspector", /*own_connection=*/true));
  HealthServing(channel);  // the handshake is not what is timed
  RETURN_IF_ERROR(TimeProofs(channel, head, root, proofs, figures));
  RETURN_IF_ERROR(keeperd.Stop());
  return figures;
}

}  // namespace keeper::tools
