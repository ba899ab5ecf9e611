// One memory budget for every RocksDB database in the process: a block
// cache and a write buffer manager (memtables), each with a single size,
// shared by the event store and the projections alike; and the bound on
// what the projections buffer to write in bulk.
#ifndef KEEPER_COMMON_STORAGE_BUDGET_H_
#define KEEPER_COMMON_STORAGE_BUDGET_H_

#include <algorithm>
#include <cstddef>
#include <memory>

#include "rocksdb/cache.h"
#include "rocksdb/write_buffer_manager.h"

namespace keeper {

// keeperd's budget unless told otherwise, and that of the benchmarks that
// measure what it would do.
inline constexpr int kDefaultMemtableBudgetMb = 64;
inline constexpr int kDefaultBlockCacheMb = 64;
inline constexpr int kDefaultBulkWriteMb = 40;

struct StorageBudget {
  // Null members leave each database to its own (unshared) default.
  std::shared_ptr<rocksdb::Cache> block_cache;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers;
  // The state changes a projection catch-up (a rebuild, keeperd's first
  // run after a gap) holds in memory before writing them out as sorted
  // files; 0 writes through WriteBatches only. After the cache and the
  // memtables it is the largest part of a rebuild's memory (its copies
  // and change entries, the stored state it has read, plus its sort's
  // scratch at the write), so it is sized here with them: a rebuild of
  // 1M events peaked at 262 MB at 48 MiB and 248 MB at 40 MiB; at 32 MiB
  // more, smaller files made it slower.
  size_t bulk_write_bytes = size_t{kDefaultBulkWriteMb} << 20;

  // The size of one memtable within the budget, 0 for RocksDB's default.
  // RocksDB's default (64 MiB, allocated in 8 MiB arena blocks) would let
  // a few column families' first blocks alone outgrow a small budget.
  size_t memtable_size() const {
    if (write_buffers == nullptr) return 0;
    return std::max<size_t>(write_buffers->buffer_size() / 8, 64 << 10);
  }

  static StorageBudget Make(size_t memtable_bytes, size_t block_cache_bytes) {
    StorageBudget budget;
    budget.block_cache = rocksdb::NewLRUCache(block_cache_bytes);
    // Past the budget RocksDB flushes the largest memtables. No stall: a
    // write must fail, not hang, when a full disk keeps flushes from
    // freeing memory.
    budget.write_buffers = std::make_shared<rocksdb::WriteBufferManager>(
        memtable_bytes, /*cache=*/nullptr, /*allow_stall=*/false);
    return budget;
  }

  static StorageBudget Default() {
    return Make(size_t{kDefaultMemtableBudgetMb} << 20,
                size_t{kDefaultBlockCacheMb} << 20);
  }
};

}  // namespace keeper

#endif  // KEEPER_COMMON_STORAGE_BUDGET_H_
