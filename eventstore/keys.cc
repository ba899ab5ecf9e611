#include "eventstore/keys.h"

namespace keeper::eventstore {

// One append of a whole number, not one a byte: a canonical encoding has
// a dozen of them, on every append and every verified event.
void AppendU64(std::string* out, uint64_t v) {
  char bytes[8];
  for (int i = 7; i >= 0; --i, v >>= 8) bytes[i] = static_cast<char>(v & 0xff);
  out->append(bytes, sizeof(bytes));
}

void AppendU32(std::string* out, uint32_t v) {
  char bytes[4];
  for (int i = 3; i >= 0; --i, v >>= 8) bytes[i] = static_cast<char>(v & 0xff);
  out->append(bytes, sizeof(bytes));
}

std::string EncodeU64(uint64_t v) {
  std::string out;
  out.reserve(8);
  AppendU64(&out, v);
  return out;
}

std::optional<uint64_t> DecodeU64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

std::string StreamKey(std::string_view stream_id, uint64_t version) {
  std::string key(stream_id);
  key.push_back('\0');
  AppendU64(&key, version);
  return key;
}

}  // namespace keeper::eventstore
