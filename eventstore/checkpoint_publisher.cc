#include "eventstore/checkpoint_publisher.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace keeper::eventstore {

CheckpointPublisher::CheckpointPublisher(EventStore& store,
                                         SigningIdentity identity,
                                         const Options& options)
    : store_(store), identity_(std::move(identity)), options_(options) {}

absl::StatusOr<std::unique_ptr<CheckpointPublisher>> CheckpointPublisher::Start(
    EventStore& store, SigningIdentity identity, const Options& options) {
  std::unique_ptr<CheckpointPublisher> publisher(
      new CheckpointPublisher(store, std::move(identity), options));
  ASSIGN_OR_RETURN(std::optional<StoredCheckpoint> latest,
                   store.LatestCheckpoint());
  if (latest.has_value()) {
    absl::StatusOr<Checkpoint> opened =
        OpenCheckpoint(latest->note, publisher->verifier());
    if (!opened.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the latest kept checkpoint (size ", latest->tree_size,
          ") does not open with this log's key: ", opened.status().message()));
    }
    absl::MutexLock lock(&publisher->mu_);
    publisher->latest_ = *std::move(latest);
  }
  RETURN_IF_ERROR(publisher->PublishNow().status());
  if (options.background) {
    publisher->thread_ = std::thread([p = publisher.get()] { p->Loop(); });
  }
  return publisher;
}

CheckpointPublisher::~CheckpointPublisher() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<StoredCheckpoint> CheckpointPublisher::PublishNow() {
  absl::MutexLock lock(&mu_);
  return SignLocked(store_.GetHead().position);
}

absl::StatusOr<StoredCheckpoint> CheckpointPublisher::Latest() const {
  absl::MutexLock lock(&mu_);
  return latest_;
}

absl::StatusOr<StoredCheckpoint> CheckpointPublisher::SignLocked(
    uint64_t size) {
  if (!latest_.note.empty() && size <= latest_.tree_size) return latest_;
  if (!latest_.note.empty()) {
    // The tree must still hold the signed one as its prefix.
    ASSIGN_OR_RETURN(Checkpoint signed_before,
                     OpenCheckpoint(latest_.note, identity_.verifier));
    ASSIGN_OR_RETURN(std::string root_now,
                     store_.MerkleRoot(signed_before.size));
    if (root_now != signed_before.root_hash) {
      return absl::DataLossError(
          absl::StrCat("refusing to sign: the stored tree's root at size ",
                       signed_before.size, " is not the one signed before"));
    }
  }
  Checkpoint checkpoint;
  checkpoint.origin = identity_.verifier.name;
  checkpoint.size = size;
  ASSIGN_OR_RETURN(checkpoint.root_hash, store_.MerkleRoot(size));
  ASSIGN_OR_RETURN(std::string note,
                   SignNote(FormatCheckpoint(checkpoint),
                            identity_.verifier.name, identity_.key));
  StoredCheckpoint stored{size, std::move(note)};
  RETURN_IF_ERROR(store_.PutCheckpoint(stored));
  latest_ = stored;
  return stored;
}

void CheckpointPublisher::Loop() {
  uint64_t signed_size = 0;
  {
    absl::MutexLock lock(&mu_);
    signed_size = latest_.tree_size;
  }
  bool reported = false;
  for (;;) {
    store_.WaitForHead(signed_size, options_.interval);
    absl::MutexLock lock(&mu_);
    // Let the log grow for an interval: one signature covers it all.
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval);
    if (stopping_) return;
    absl::StatusOr<StoredCheckpoint> signed_now =
        SignLocked(store_.GetHead().position);
    if (signed_now.ok()) {
      signed_size = signed_now->tree_size;
      reported = false;
    } else if (!reported) {
      std::cerr << "checkpoint not signed: " << signed_now.status() << "\n";
      reported = true;
    }
  }
}

}  // namespace keeper::eventstore
