// A RocksDB FileSystem for tests that injects a disk fault on demand.
#ifndef KEEPER_TESTS_EVENTSTORE_FAULTY_FILE_SYSTEM_H_
#define KEEPER_TESTS_EVENTSTORE_FAULTY_FILE_SYSTEM_H_

#include <atomic>
#include <memory>
#include <string>

#include "rocksdb/file_system.h"

namespace keeper::eventstore::testing {

enum class Fault { kNone, kNoSpace, kIoError };

// While `*fault` is set, fails the operations `scope` names on files opened
// for writing with that fault; reads always work. Thread-safe: the fault is
// read atomically on every call. Does not own `fault`, which must outlive it.
class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  enum class Scope {
    kSyncs,      // only Sync and Fsync: a WAL sync that fails
    kAllWrites,  // creating, appending, flushing and syncing: a failing disk
  };

  FaultyFileSystem(std::atomic<Fault>* fault, Scope scope)
      : FileSystemWrapper(rocksdb::FileSystem::Default()),
        fault_(fault),
        scope_(scope) {}
  const char* Name() const override { return "Faulty"; }

  static rocksdb::IOStatus Injected(Fault fault) {
    switch (fault) {
      case Fault::kNoSpace:
        return rocksdb::IOStatus::NoSpace("injected: No space left on device");
      case Fault::kIoError:
        return rocksdb::IOStatus::IOError("injected: Input/output error");
      case Fault::kNone:
        break;
    }
    return rocksdb::IOStatus::OK();
  }

  // A full disk has no free space; this also keeps RocksDB's own recovery
  // waiting, as it would on a real one.
  rocksdb::IOStatus GetFreeSpace(const std::string& path,
                                 const rocksdb::IOOptions& options,
                                 uint64_t* free,
                                 rocksdb::IODebugContext* debug) override {
    if (scope_ == Scope::kAllWrites && *fault_ == Fault::kNoSpace) {
      *free = 0;
      return rocksdb::IOStatus::OK();
    }
    return target()->GetFreeSpace(path, options, free, debug);
  }

  rocksdb::IOStatus NewWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* debug) override {
    if (scope_ == Scope::kAllWrites) {
      if (rocksdb::IOStatus s = Injected(*fault_); !s.ok()) return s;
    }
    rocksdb::IOStatus status =
        target()->NewWritableFile(name, options, result, debug);
    if (status.ok()) {
      *result = std::make_unique<File>(std::move(*result), fault_, scope_);
    }
    return status;
  }

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file,
         std::atomic<Fault>* fault, Scope scope)
        : FSWritableFileOwnerWrapper(std::move(file)),
          fault_(fault),
          scope_(scope) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
      if (rocksdb::IOStatus s = WriteFault(); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Append(data, options, debug);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data,
                             const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* debug) override {
      if (rocksdb::IOStatus s = WriteFault(); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
    }
    rocksdb::IOStatus Flush(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      if (rocksdb::IOStatus s = WriteFault(); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Flush(options, debug);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      if (rocksdb::IOStatus s = Injected(*fault_); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Sync(options, debug);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      if (rocksdb::IOStatus s = Injected(*fault_); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Fsync(options, debug);
    }

   private:
    rocksdb::IOStatus WriteFault() const {
      if (scope_ != Scope::kAllWrites) return rocksdb::IOStatus::OK();
      return Injected(*fault_);
    }

    std::atomic<Fault>* fault_;
    const Scope scope_;
  };

  std::atomic<Fault>* fault_;
  const Scope scope_;
};

}  // namespace keeper::eventstore::testing

#endif  // KEEPER_TESTS_EVENTSTORE_FAULTY_FILE_SYSTEM_H_
