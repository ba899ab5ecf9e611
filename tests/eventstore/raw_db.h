// A store's RocksDB opened directly, for tests that attack it.
#ifndef KEEPER_TESTS_EVENTSTORE_RAW_DB_H_
#define KEEPER_TESTS_EVENTSTORE_RAW_DB_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"

namespace keeper::eventstore::testing {

// The store's RocksDB opened directly, as an attacker with disk access.
// Holds the database's lock while it lives.
class RawDb {
 public:
  explicit RawDb(const std::string& dir) {
    std::vector<std::string> names;
    EXPECT_TRUE(
        rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names)
            .ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& name : names)
      families.emplace_back(name, rocksdb::Options());
    rocksdb::DB* db = nullptr;
    EXPECT_TRUE(
        rocksdb::DB::Open(rocksdb::Options(), dir, families, &handles_, &db)
            .ok());
    db_.reset(db);
    for (size_t i = 0; i < names.size(); ++i) by_name_[names[i]] = handles_[i];
  }
  ~RawDb() {
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  }
  std::string Get(const char* family, const std::string& key) {
    std::string value;
    EXPECT_TRUE(db_->Get({}, by_name_.at(family), key, &value).ok());
    return value;
  }
  void Put(const char* family, const std::string& key,
           const std::string& value) {
    EXPECT_TRUE(db_->Put({}, by_name_.at(family), key, value).ok());
  }
  void Delete(const char* family, const std::string& key) {
    EXPECT_TRUE(db_->Delete({}, by_name_.at(family), key).ok());
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name_;
};

}  // namespace keeper::eventstore::testing

#endif  // KEEPER_TESTS_EVENTSTORE_RAW_DB_H_
