// Key and value encodings of the store's column families (FORMAT.md).
#ifndef KEEPER_EVENTSTORE_KEYS_H_
#define KEEPER_EVENTSTORE_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keeper::eventstore {

// Column family names. `events` is fixed by the format; the rest are ours.
inline constexpr char kEventsCf[] = "events";
inline constexpr char kStreamsCf[] = "streams";
inline constexpr char kEventIdsCf[] = "event_ids";
inline constexpr char kMetaCf[] = "meta";
inline constexpr char kMerkleCf[] = "merkle";
inline constexpr char kCheckpointsCf[] = "checkpoints";

inline constexpr char kFormatKey[] = "format";
inline constexpr char kFormatValue[] = "keeper-eventstore-1";

inline constexpr size_t kHashSize = 32;
inline constexpr size_t kMaxStreamIdBytes = 256;

// 8-byte big-endian, so that byte order is numeric order.
std::string EncodeU64(uint64_t v);
void AppendU64(std::string* out, uint64_t v);
void AppendU32(std::string* out, uint32_t v);
// The same written at `out`, which must have room; returns the end.
char* PutU64(char* out, uint64_t v);
char* PutU32(char* out, uint32_t v);
// nullopt unless `bytes` is exactly 8 bytes.
std::optional<uint64_t> DecodeU64(std::string_view bytes);

// streams: stream_id ‖ 0x00 ‖ u64be(version) -> u64be(position).
std::string StreamKey(std::string_view stream_id, uint64_t version);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_KEYS_H_
