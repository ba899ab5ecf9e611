// keeper backup | restore | import.
//
// keeperd holds RocksDB's lock on a running store, and a BackupEngine needs
// the primary (it stops file deletions while it copies), so a live backup is
// taken by keeperd itself, asked over its admin socket. With keeperd
// stopped, the command opens the store and takes the backup directly.
#include "tools/backup_commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "common/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "keeper/v1/admin_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "services/admin/backup.h"

ABSL_FLAG(std::string, admin_socket, "",
          "keeperd's admin socket; default <data_dir>/admin.sock");

namespace keeper::tools {
namespace {

constexpr size_t kImportBatch = 1000;

std::string AdminSocket() {
  std::string socket = absl::GetFlag(FLAGS_admin_socket);
  if (socket.empty()) socket = absl::GetFlag(FLAGS_data_dir) + "/admin.sock";
  return socket;
}

// Asks the running keeperd to take the backup.
absl::StatusOr<eventstore::BackupResult> BackupThroughKeeperd(
    const std::string& backup_dir) {
  auto channel = grpc::CreateChannel("unix:" + AdminSocket(),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::AdminService::NewStub(channel);
  grpc::ClientContext context;
  v1::BackupRequest request;
  request.set_backup_dir(backup_dir);
  v1::BackupResponse response;
  grpc::Status status = stub->Backup(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("keeperd's backup via ", AdminSocket(),
                                     ": ", status.error_message()));
  }
  eventstore::BackupResult result;
  result.backup_id = response.backup_id();
  result.head = {response.head_position(), response.head_hash()};
  result.size_bytes = response.size_bytes();
  return result;
}

absl::StatusOr<eventstore::BackupResult> TakeBackup(
    const std::string& backup_dir) {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.create_if_missing = false;
  auto store = eventstore::EventStore::Open(options);
  if (absl::IsUnavailable(store.status())) {
    return BackupThroughKeeperd(backup_dir);  // keeperd holds the lock
  }
  RETURN_IF_ERROR(store.status());
  return services::BackupDataDirectory(**store, KeysDir(data_dir), backup_dir);
}

void PrintBackup(const char* verb, const std::string& dir,
                 const eventstore::BackupResult& result) {
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"backup_id", result.backup_id},
                                {"dir", dir},
                                {"head_position", result.head.position},
                                {"head_hash", Hex(result.head.hash)},
                                {"size_bytes", result.size_bytes}}
                     .dump()
              << "\n";
  } else {
    std::cout << verb << " backup " << result.backup_id << " (" << dir
              << "): " << result.head.position << " events, head hash "
              << Hex(result.head.hash) << ", " << result.size_bytes
              << " bytes\n";
  }
}

}  // namespace

int RunBackup(const Args&) {
  if (absl::GetFlag(FLAGS_to).empty()) {
    return Fail(absl::InvalidArgumentError("backup needs --to DIR"));
  }
  const std::string dir =
      std::filesystem::absolute(absl::GetFlag(FLAGS_to)).string();
  auto result = TakeBackup(dir);
  if (!result.ok()) return Fail(result.status());
  PrintBackup("took", dir, *result);
  return 0;
}

int RunRestore(const Args&) {
  const std::string from = absl::GetFlag(FLAGS_from);
  if (from.empty()) {
    return Fail(absl::InvalidArgumentError(
        "restore needs --from DIR and a new --data_dir"));
  }
  auto result =
      services::RestoreDataDirectory(from, absl::GetFlag(FLAGS_data_dir));
  if (!result.ok()) return Fail(result.status());
  PrintBackup("restored", from, *result);
  return 0;
}

namespace {

// protobuf's JSON parser writes an Any's value in the order the JSON names
// its fields, while the original was packed in field-number order, and the
// hash covers those bytes: re-pack the payload the way it was packed.
void RepackPayload(eventstore::EventEnvelope* event) {
  const std::string& url = event->payload().type_url();
  const google::protobuf::Descriptor* type =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          url.substr(url.rfind('/') + 1));
  if (type == nullptr) return;  // kept as it is; its hash will tell
  std::unique_ptr<google::protobuf::Message> payload(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
  if (event->payload().UnpackTo(payload.get())) {
    event->mutable_payload()->PackFrom(*payload, url.substr(0, url.rfind('/')));
  }
}

// Writes the export's events into --data_dir's store; returns the first
// error, naming the line or position where the two stores differ.
absl::Status Import(std::istream& in, eventstore::EventStore& store) {
  google::protobuf::util::JsonParseOptions options;
  std::vector<eventstore::EventEnvelope> batch;
  std::string line;
  uint64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    eventstore::EventEnvelope event;
    auto parsed =
        google::protobuf::util::JsonStringToMessage(line, &event, options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", line_number,
          " is not an exported event: ", parsed.message().as_string()));
    }
    RepackPayload(&event);
    batch.push_back(std::move(event));
    if (batch.size() == kImportBatch) {
      RETURN_IF_ERROR(store.Import(std::move(batch)));
      batch.clear();
    }
  }
  return store.Import(std::move(batch));
}

}  // namespace

int RunImport(const Args&) {
  const std::string from = absl::GetFlag(FLAGS_from);
  if (from.empty()) {
    return Fail(absl::InvalidArgumentError(
        "import needs --from FILE (keeper export output) and --data_dir"));
  }
  std::ifstream file;
  if (from != "-") {
    file.open(from);
    if (!file) {
      return Fail(absl::NotFoundError(absl::StrCat("cannot read ", from)));
    }
  }
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(absl::GetFlag(FLAGS_data_dir));
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  const absl::Status imported = Import(from == "-" ? std::cin : file, **store);
  const eventstore::Head head = (*store)->GetHead();
  auto root = (*store)->MerkleRoot(head.position);
  if (!root.ok()) return Fail(root.status());
  if (!imported.ok()) {
    std::cerr << "keeper: the import stopped after position " << head.position
              << " (kept, with head hash " << Hex(head.hash)
              << "): " << imported << "\n";
    return 1;
  }
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"events", head.position},
                                {"head_hash", Hex(head.hash)},
                                {"tree_root", Hex(*root)}}
                     .dump()
              << "\n";
  } else {
    std::cout << "imported: " << head.position << " events, head hash "
              << Hex(head.hash) << ", tree root " << Hex(*root) << "\n";
  }
  return 0;
}

}  // namespace keeper::tools
