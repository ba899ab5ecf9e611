#include "services/admin/backup.h"

#include <sys/stat.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/status_macros.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

// Copies every regular file of `from` into `to`, keeping permissions (the
// private key stays 0600).
absl::Status CopyFiles(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(to, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", to, ": ", error.message()));
  }
  fs::permissions(to, fs::perms::owner_all, error);
  for (const fs::directory_entry& entry : fs::directory_iterator(from, error)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), fs::path(to) / entry.path().filename(),
                  fs::copy_options::overwrite_existing, error);
    if (error) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot copy ", entry.path().string(), ": ", error.message()));
    }
  }
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", from, ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<eventstore::BackupResult> BackupDataDirectory(
    eventstore::EventStore& store, const std::string& keys_dir,
    const std::string& backup_dir) {
  ASSIGN_OR_RETURN(eventstore::BackupResult result,
                   store.CreateBackup(EventsDir(backup_dir)));
  // A store with no key yet (nothing signed) has nothing to copy.
  if (std::filesystem::exists(keys_dir)) {
    RETURN_IF_ERROR(CopyFiles(keys_dir, KeysDir(backup_dir)));
  }
  return result;
}

absl::StatusOr<eventstore::BackupResult> RestoreDataDirectory(
    const std::string& backup_dir, const std::string& data_dir) {
  if (std::filesystem::exists(EventsDir(data_dir))) {
    return absl::FailedPreconditionError(absl::StrCat(
        data_dir, " already holds an event store; restore into a new one"));
  }
  ASSIGN_OR_RETURN(eventstore::BackupResult result,
                   eventstore::EventStore::RestoreBackup(EventsDir(backup_dir),
                                                         EventsDir(data_dir)));
  if (std::filesystem::exists(KeysDir(backup_dir))) {
    RETURN_IF_ERROR(CopyFiles(KeysDir(backup_dir), KeysDir(data_dir)));
  }
  return result;
}

grpc::Status AdminService::Backup(grpc::ServerContext*,
                                  const v1::BackupRequest* request,
                                  v1::BackupResponse* response) {
  if (request->backup_dir().empty() || request->backup_dir()[0] != '/') {
    return ToGrpcStatus(InvalidField("backup_dir", "must be an absolute path"));
  }
  absl::StatusOr<eventstore::BackupResult> result =
      BackupDataDirectory(store_, keys_dir_, request->backup_dir());
  if (!result.ok()) {
    return ToGrpcStatus(result.status());
  }
  response->set_backup_id(result->backup_id);
  response->set_head_position(result->head.position);
  response->set_head_hash(result->head.hash);
  response->set_size_bytes(result->size_bytes);
  return grpc::Status::OK;
}

absl::StatusOr<std::unique_ptr<grpc::Server>> StartAdminServer(
    const std::string& socket_path, AdminService* service) {
  grpc::ServerBuilder builder;
  // The socket's file permissions are its access control; it never leaves
  // the machine, so it needs no TLS.
  builder.AddListeningPort("unix:" + socket_path,
                           grpc::InsecureServerCredentials());
  builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on the admin socket ", socket_path));
  }
  if (chmod(socket_path.c_str(), S_IRUSR | S_IWUSR) != 0) {
    server->Shutdown();
    return absl::FailedPreconditionError(
        absl::StrCat("cannot restrict the admin socket ", socket_path));
  }
  return server;
}

}  // namespace keeper::services
