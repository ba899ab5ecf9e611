// Builders for event store tests.
#ifndef KEEPER_TESTS_EVENTSTORE_TEST_EVENTS_H_
#define KEEPER_TESTS_EVENTSTORE_TEST_EVENTS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eventstore/event_store.h"
#include "eventstore/keys.h"
#include "eventstore/uuid.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"

namespace keeper::eventstore::testing {

// An event with a fresh id and a StringValue payload.
inline EventEnvelope MakeEvent(const std::string& type = "Tested",
                               const std::string& body = "body",
                               const std::string& id = NewUuid()) {
  EventEnvelope event;
  event.set_event_id(id);
  event.set_event_type(type);
  google::protobuf::StringValue value;
  value.set_value(body);
  event.mutable_payload()->PackFrom(value);
  event.mutable_actor()->set_subject("CN=worker-1");
  event.mutable_actor()->set_agency("social_work");
  event.mutable_actor()->set_role("social_worker");
  event.set_purpose("testing");
  return event;
}

inline std::vector<StreamWrite> OneWrite(const std::string& stream,
                                         ExpectedVersion expected,
                                         std::vector<EventEnvelope> events) {
  std::vector<StreamWrite> writes(1);
  writes[0].stream_id = stream;
  writes[0].expected = expected;
  writes[0].events = std::move(events);
  return writes;
}

inline std::unique_ptr<EventStore> OpenStore(const std::string& dir,
                                             bool sync = false) {
  EventStore::Options options;
  options.data_dir = dir;
  options.sync = sync;
  auto store = EventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

// Opens the store's RocksDB directly, bypassing the event store, and puts
// (or, for nullopt, deletes) `key` in column family `family`.
inline void WriteRaw(const std::string& dir, const std::string& family,
                     const std::string& key,
                     const std::optional<std::string>& value) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
  for (const auto& name : names)
    families.emplace_back(name, rocksdb::Options());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::Options(), dir, families, &handles, &db).ok());
  bool found = false;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != family) continue;
    found = true;
    rocksdb::Status status =
        value.has_value()
            ? db->Put(rocksdb::WriteOptions(), handles[i], key, *value)
            : db->Delete(rocksdb::WriteOptions(), handles[i], key);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  EXPECT_TRUE(found) << "no column family " << family;
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  delete db;
}

inline void OverwriteEvent(const std::string& dir, uint64_t position,
                           const std::string& value) {
  WriteRaw(dir, kEventsCf, EncodeU64(position), value);
}

}  // namespace keeper::eventstore::testing

#endif  // KEEPER_TESTS_EVENTSTORE_TEST_EVENTS_H_
