// Backups with RocksDB's BackupEngine, and RocksDB's memory use.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/rocks_status.h"
#include "common/status_macros.h"
#include "eventstore/internal/event_store_impl.h"
#include "rocksdb/utilities/backup_engine.h"

namespace keeper::eventstore {
namespace {

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngine>> OpenBackupEngine(
    const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  options.max_background_operations = 2;
  rocksdb::BackupEngine* raw = nullptr;
  RETURN_IF_ERROR(FromRocks(
      rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &raw),
      absl::StrCat("opening the backups in ", backup_dir)));
  return std::unique_ptr<rocksdb::BackupEngine>(raw);
}

}  // namespace

absl::StatusOr<BackupResult> EventStore::Impl::CreateBackup(
    const std::string& backup_dir) {
  if (pipeline_ == nullptr) {
    return absl::FailedPreconditionError(
        "only the store's primary can take a backup");
  }
  std::error_code error;
  std::filesystem::create_directories(backup_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", backup_dir, ": ", error.message()));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngine> engine,
                   OpenBackupEngine(backup_dir));
  BackupResult result;
  // Read before the backup starts: everything acknowledged by now is synced
  // to the WAL or flushed, and the backup copies both.
  result.head = GetHead();
  rocksdb::CreateBackupOptions options;
  // Copying the live WAL instead of flushing keeps the backup consistent
  // across column families without atomic flush.
  options.flush_before_backup = false;
  rocksdb::BackupID id = 0;
  RETURN_IF_ERROR(FromRocks(engine->CreateNewBackup(options, db_.get(), &id),
                            absl::StrCat("backing up to ", backup_dir)));
  rocksdb::BackupInfo info;
  RETURN_IF_ERROR(FromRocks(engine->GetBackupInfo(id, &info),
                            "reading the new backup's size"));
  result.backup_id = id;
  result.size_bytes = info.size;
  return result;
}

absl::StatusOr<BackupResult> EventStore::RestoreBackup(
    const std::string& backup_dir, const std::string& data_dir) {
  std::error_code error;
  if (std::filesystem::exists(data_dir, error) &&
      !std::filesystem::is_empty(data_dir, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(data_dir, " is not empty; restore into a new directory"));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  RETURN_IF_ERROR(
      FromRocks(rocksdb::BackupEngineReadOnly::Open(
                    rocksdb::BackupEngineOptions(backup_dir),
                    rocksdb::Env::Default(), &raw),
                absl::StrCat("opening the backups in ", backup_dir)));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> backups;
  engine->GetBackupInfo(&backups);
  if (backups.empty()) {
    return absl::NotFoundError(absl::StrCat(backup_dir, " holds no backup"));
  }
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", data_dir, ": ", error.message()));
  }
  // Verifies every file's checksum as it copies.
  RETURN_IF_ERROR(
      FromRocks(engine->RestoreDBFromLatestBackup(data_dir, data_dir),
                absl::StrCat("restoring ", backup_dir)));
  Options options;
  options.data_dir = data_dir;
  options.create_if_missing = false;
  ASSIGN_OR_RETURN(std::unique_ptr<EventStore> restored, Open(options));
  BackupResult result;
  result.backup_id = backups.back().backup_id;
  result.size_bytes = backups.back().size;
  result.head = restored->GetHead();
  return result;
}

MemoryStats EventStore::Impl::GetMemoryStats() const {
  MemoryStats stats;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables,
                                &stats.memtable_bytes);
  // The cache is shared by every column family: any one reports it.
  db_->GetIntProperty(events_, rocksdb::DB::Properties::kBlockCacheUsage,
                      &stats.block_cache_bytes);
  db_->GetIntProperty(events_, rocksdb::DB::Properties::kBlockCacheCapacity,
                      &stats.block_cache_capacity);
  stats.merkle_cache_bytes = merkle_cache_.capacity_bytes();
  stats.merkle_nodes_held = merkle_cache_.nodes_held();
  return stats;
}

}  // namespace keeper::eventstore
