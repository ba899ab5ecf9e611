#include "eventstore/checkpoint_publisher.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace keeper::eventstore {
namespace {

// How often a publisher waiting for the log to grow checks for a stop.
constexpr absl::Duration kStopPoll = absl::Milliseconds(50);

}  // namespace

absl::Status CheckLatestCheckpoint(const EventStore& store,
                                   const NoteVerifier& verifier) {
  ASSIGN_OR_RETURN(std::optional<StoredCheckpoint> latest,
                   store.LatestCheckpoint());
  if (!latest.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(Checkpoint checkpoint,
                   OpenCheckpoint(latest->note, verifier));
  const uint64_t head = store.GetHead().position;
  if (checkpoint.size > head) {
    return absl::DataLossError(absl::StrCat(
        "the log holds ", head, " events but its signed checkpoint of size ",
        checkpoint.size, " covers more: events were removed"));
  }
  ASSIGN_OR_RETURN(std::string root, store.MerkleRoot(checkpoint.size));
  if (root != checkpoint.root_hash) {
    return absl::DataLossError(absl::StrCat(
        "the log's root at size ", checkpoint.size,
        " is not the one its signed checkpoint of that size holds: the "
        "history it signed was rewritten"));
  }
  return absl::OkStatus();
}

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
  publisher->integrity_ = CheckLatestCheckpoint(store, publisher->verifier());
  if (!publisher->integrity_.ok()) {
    if (!absl::IsDataLoss(publisher->integrity_)) {
      return publisher->integrity_;  // could not read the store at all
    }
    return publisher;  // signs nothing: PublishNow answers integrity_
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
  if (!integrity_.ok()) return integrity_;
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
    // In short waits, so that a stop is noticed at once.
    const uint64_t head =
        store_.WaitForHead(signed_size, std::min(options_.interval, kStopPoll));
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    if (head <= signed_size) continue;
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
