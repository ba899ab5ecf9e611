// The store's Merkle tree reads and its kept checkpoints.
#include <bit>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/internal/event_store_impl.h"
#include "eventstore/keys.h"
#include "rocksdb/write_batch.h"

namespace keeper::eventstore {

MerkleNodeReader EventStore::Impl::NodeReader() const {
  return [this](std::span<const MerkleNodeId> ids,
                std::vector<std::string>* hashes) -> absl::Status {
    hashes->assign(ids.size(), std::string());
    // The nodes not held in memory, looked up together: one batched
    // lookup shares its index and filter reads among them.
    std::vector<size_t> missing;
    std::vector<std::string> keys;
    Sha256Digest cached;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (merkle_cache_.Lookup(ids[i], &cached)) {
        (*hashes)[i].assign(AsView(cached));
      } else {
        missing.push_back(i);
        keys.push_back(MerkleNodeKey(ids[i]));
      }
    }
    if (missing.empty()) return absl::OkStatus();
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::PinnableSlice> values(keys.size());
    std::vector<rocksdb::Status> statuses(keys.size());
    db_->MultiGet(rocksdb::ReadOptions(), merkle_, keys.size(), slices.data(),
                  values.data(), statuses.data());
    for (size_t k = 0; k < missing.size(); ++k) {
      const MerkleNodeId id = ids[missing[k]];
      auto what = [&] {
        return absl::StrCat("Merkle node (level ", id.level, ", index ",
                            id.index, ")");
      };
      if (statuses[k].IsNotFound()) {
        return absl::DataLossError(absl::StrCat(what(), " is missing"));
      }
      RETURN_IF_ERROR(FromRocks(statuses[k], absl::StrCat("reading ", what())));
      if (values[k].size() != kHashSize) {
        return absl::DataLossError(absl::StrCat(what(), " is not 32 bytes"));
      }
      merkle_cache_.Insert(id, values[k].ToStringView());
      (*hashes)[missing[k]].assign(values[k].ToStringView());
    }
    return absl::OkStatus();
  };
}

void EventStore::Impl::HoldMerkleNodes(const rocksdb::WriteBatch& batch) const {
  class Holder final : public rocksdb::WriteBatch::Handler {
   public:
    Holder(uint32_t merkle, MerkleNodeCache& cache)
        : merkle_(merkle), cache_(cache) {}
    rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
      if (family != merkle_ || key.size() != 9) return rocksdb::Status::OK();
      const std::optional<uint64_t> index =
          DecodeU64(key.ToStringView().substr(1));
      if (index.has_value()) {
        cache_.Insert({static_cast<uint8_t>(key[0]), *index},
                      value.ToStringView());
      }
      return rocksdb::Status::OK();
    }

   private:
    const uint32_t merkle_;
    MerkleNodeCache& cache_;
  } holder(merkle_->GetID(), merkle_cache_);
  batch.Iterate(&holder).PermitUncheckedError();  // a batch we built
}

absl::Status EventStore::Impl::WarmMerkleCache() {
  // A small share: the lower levels are each proof's own, and left to
  // fill as proofs read them.
  const uint64_t budget = merkle_cache_.capacity_nodes() / 8;
  const uint64_t leaves = GetHead().position;
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, merkle_));
  uint64_t held = 0;
  for (int level = std::bit_width(leaves); level >= 0; --level) {
    const uint64_t nodes = leaves >> level;
    if (held + nodes > budget) break;
    const std::string end =
        MerkleNodeKey({static_cast<uint32_t>(level + 1), 0});
    for (it->Seek(MerkleNodeKey({static_cast<uint32_t>(level), 0}));
         it->Valid() && it->key().ToStringView() < end; it->Next()) {
      const std::optional<uint64_t> index =
          DecodeU64(it->key().ToStringView().substr(1));
      if (index.has_value()) {
        merkle_cache_.Insert({static_cast<uint32_t>(level), *index},
                             it->value().ToStringView());
      }
    }
    held += nodes;
  }
  return FromRocks(it->status(), "reading the Merkle tree's top levels");
}

absl::Status EventStore::Impl::CompleteMerkleTree() {
  // Leaves are level-0 keys: 0x00 ‖ u64be(index). Count the stored ones.
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), merkle_));
  it->SeekForPrev(MerkleNodeKey({0, ~uint64_t{0}}));
  RETURN_IF_ERROR(FromRocks(it->status(), "finding the last Merkle leaf"));
  uint64_t leaves = 0;
  if (it->Valid() && it->key().size() == 9 && it->key()[0] == 0) {
    leaves = *DecodeU64(it->key().ToStringView().substr(1)) + 1;
  }
  it.reset();
  const uint64_t head = GetHead().position;
  if (leaves >= head) return absl::OkStatus();
  ASSIGN_OR_RETURN(MerkleFrontier frontier,
                   MerkleFrontier::Load(leaves, NodeReader()));
  rocksdb::WriteBatch batch;
  auto put = [&](MerkleNodeId id, const std::string& hash) {
    batch.Put(merkle_, MerkleNodeKey(id), hash);
  };
  RETURN_IF_ERROR(Scan(leaves + 1, head, [&](const EventEnvelope& event) {
    frontier.Append(event.hash(), put);
    return absl::OkStatus();
  }));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(db_->Write(sync, &batch), "completing the Merkle tree");
}

absl::Status EventStore::Impl::CheckTreeSize(uint64_t tree_size) const {
  const uint64_t head = GetHead().position;
  if (tree_size > head) {
    return absl::OutOfRangeError(absl::StrCat(
        "tree size ", tree_size, " is beyond the log's head ", head));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> EventStore::Impl::MerkleRoot(
    uint64_t tree_size) const {
  RETURN_IF_ERROR(CheckTreeSize(tree_size));
  return MerkleRootAt(tree_size, NodeReader());
}

absl::StatusOr<std::vector<std::string>> EventStore::Impl::InclusionProof(
    uint64_t position, uint64_t tree_size) const {
  RETURN_IF_ERROR(CheckTreeSize(tree_size));
  if (position == 0 || position > tree_size) {
    return absl::OutOfRangeError(absl::StrCat(
        "position ", position, " is not in the tree of size ", tree_size));
  }
  return MerkleInclusionPath(position - 1, tree_size, NodeReader());
}

absl::StatusOr<std::vector<std::string>> EventStore::Impl::ConsistencyProof(
    uint64_t first_size, uint64_t second_size) const {
  RETURN_IF_ERROR(CheckTreeSize(second_size));
  if (first_size > second_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "first_size ", first_size, " is above second_size ", second_size));
  }
  return MerkleConsistencyPath(first_size, second_size, NodeReader());
}

absl::Status EventStore::Impl::PutCheckpoint(
    const StoredCheckpoint& checkpoint) {
  if (pipeline_ == nullptr) {
    return absl::FailedPreconditionError(
        "a secondary store cannot keep checkpoints");
  }
  if (checkpoint.tree_size > GetHead().position) {
    return absl::FailedPreconditionError(
        absl::StrCat("a checkpoint of size ", checkpoint.tree_size,
                     " is beyond the log's head"));
  }
  absl::MutexLock lock(&checkpoint_mu_);
  const std::string key = EncodeU64(checkpoint.tree_size);
  std::string stored;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), checkpoints_, key, &stored);
  if (status.ok()) {
    if (stored == checkpoint.note) return absl::OkStatus();
    return absl::AlreadyExistsError(absl::StrCat(
        "another checkpoint is kept for tree size ", checkpoint.tree_size));
  }
  if (!status.IsNotFound()) {
    RETURN_IF_ERROR(FromRocks(status, "reading a checkpoint"));
  }
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(db_->Put(sync, checkpoints_, key, checkpoint.note),
                   "keeping a checkpoint");
}

absl::StatusOr<std::optional<StoredCheckpoint>>
EventStore::Impl::LatestCheckpoint() const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), checkpoints_));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "finding the latest checkpoint"));
  if (!it->Valid()) return std::nullopt;
  const std::optional<uint64_t> size = DecodeU64(it->key().ToStringView());
  if (!size.has_value()) {
    return absl::DataLossError("a checkpoint key is not 8 bytes");
  }
  return StoredCheckpoint{*size, it->value().ToString()};
}

absl::StatusOr<StoredCheckpoint> EventStore::Impl::CheckpointAt(
    uint64_t tree_size) const {
  std::string note;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), checkpoints_,
                                    EncodeU64(tree_size), &note);
  if (status.IsNotFound()) {
    return absl::NotFoundError(
        absl::StrCat("no checkpoint was signed for tree size ", tree_size));
  }
  RETURN_IF_ERROR(FromRocks(status, "reading a checkpoint"));
  return StoredCheckpoint{tree_size, std::move(note)};
}

absl::Status EventStore::Impl::ScanCheckpoints(
    const std::function<absl::Status(const StoredCheckpoint&)>& visitor) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), checkpoints_));
  StoredCheckpoint checkpoint;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::optional<uint64_t> size = DecodeU64(it->key().ToStringView());
    if (!size.has_value()) {
      return absl::DataLossError("a checkpoint key is not 8 bytes");
    }
    checkpoint.tree_size = *size;
    checkpoint.note = it->value().ToString();
    RETURN_IF_ERROR(visitor(checkpoint));
  }
  return FromRocks(it->status(), "reading the checkpoints");
}

}  // namespace keeper::eventstore
