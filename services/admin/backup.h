// Backing up a data directory: the event store through RocksDB's
// BackupEngine, and the checkpoint signing key beside it.
//
//   <backup_dir>/events  the BackupEngine's directory (incremental)
//   <backup_dir>/keys    a copy of <data_dir>/keys
//
// Projections are not backed up: they are rebuilt from the events.
#ifndef KEEPER_SERVICES_ADMIN_BACKUP_H_
#define KEEPER_SERVICES_ADMIN_BACKUP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "grpcpp/server.h"
#include "keeper/v1/admin_service.grpc.pb.h"

namespace keeper::services {

// Backs up `store` (the primary) and the key files of `keys_dir`.
absl::StatusOr<eventstore::BackupResult> BackupDataDirectory(
    eventstore::EventStore& store, const std::string& keys_dir,
    const std::string& backup_dir);

// Restores the latest backup in `backup_dir` into `data_dir`, which must
// hold no store yet.
absl::StatusOr<eventstore::BackupResult> RestoreDataDirectory(
    const std::string& backup_dir, const std::string& data_dir);

// AdminService on keeperd's admin socket. Synchronous: calls are rare.
class AdminService final : public v1::AdminService::Service {
 public:
  // Both must outlive the service.
  AdminService(eventstore::EventStore& store, std::string keys_dir)
      : store_(store), keys_dir_(std::move(keys_dir)) {}

  grpc::Status Backup(grpc::ServerContext* context,
                      const v1::BackupRequest* request,
                      v1::BackupResponse* response) override;

 private:
  eventstore::EventStore& store_;
  const std::string keys_dir_;
};

// Serves `service` on the Unix socket at `socket_path`, readable and
// writable by keeperd's user only.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartAdminServer(
    const std::string& socket_path, AdminService* service);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ADMIN_BACKUP_H_
