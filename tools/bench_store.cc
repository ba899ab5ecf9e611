// Generated stores and raw scans for the `keeper bench` subcommands.
#include "tools/bench_store.h"

#include "absl/strings/str_format.h"
#include "eventstore/keys.h"
#include "eventstore/uuid.h"
#include "keeper/v1/access.pb.h"
#include "rocksdb/db.h"

namespace keeper::tools {

absl::Status GenerateAccessLog(eventstore::EventStore& store, int64_t events,
                               const AccessLogOptions& options) {
  const char* agencies[] = {"social_work", "health", "police", "education"};
  constexpr int64_t kPerAppend = 64;
  for (int64_t done = 0; done < events;) {
    std::vector<eventstore::StreamWrite> writes;
    for (int64_t i = 0; i < kPerAppend && done < events; ++i, ++done) {
      v1::AccessRecord record;
      record.set_method("/keeper.v1.RegisterService/CheckRegister");
      const bool granted = done % 10 != 0;
      record.set_outcome(granted ? v1::ACCESS_GRANTED : v1::ACCESS_REFUSED);
      const std::string case_id =
          options.case_ids.empty()
              ? absl::StrFormat("case-%d", done % 2000)
              : options.case_ids[done % options.case_ids.size()];
      record.add_case_ids(case_id);
      record.set_returned("on register: yes; areas of concern: 2");
      eventstore::EventEnvelope event;
      event.set_event_id(eventstore::NewUuid());
      event.set_event_type(granted ? "AccessGranted" : "AccessRefused");
      event.mutable_payload()->PackFrom(record);
      event.mutable_actor()->set_subject(
          absl::StrFormat("worker-%d", done % 300));
      event.mutable_actor()->set_agency(agencies[done % 4]);
      event.mutable_actor()->set_role("enquirer");
      event.set_purpose("register enquiry");
      writes.push_back({"access-" + case_id + "-" + std::to_string(i),
                        eventstore::ExpectedVersion::Any(),
                        {std::move(event)}});
    }
    if (auto result = store.Append(std::move(writes)); !result.ok()) {
      return result.status();
    }
    if (options.progress) options.progress(done);
  }
  return absl::OkStatus();
}

absl::Status GenerateAccessLogStore(const std::string& dir, int64_t events) {
  eventstore::EventStore::Options options;
  options.data_dir = dir;
  options.sync = false;
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return store.status();
  return GenerateAccessLog(**store, events);
}

absl::StatusOr<ScanResult> RawScan(
    const std::string& dir,
    const std::function<void(std::string_view value)>& visit) {
  std::vector<std::string> names;
  rocksdb::DBOptions options;
  if (auto s = rocksdb::DB::ListColumnFamilies(options, dir, &names); !s.ok()) {
    return absl::InternalError(s.ToString());
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names)
    families.emplace_back(name, rocksdb::Options());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (auto s =
          rocksdb::DB::OpenForReadOnly(options, dir, families, &handles, &raw);
      !s.ok()) {
    return absl::InternalError(s.ToString());
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  ScanResult result;
  const absl::Time start = absl::Now();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != eventstore::kEventsCf) continue;
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      result.bytes += it->value().size();
      if (visit) visit(it->value().ToStringView());
    }
  }
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  return result;
}

}  // namespace keeper::tools
