#include "eventstore/keys.h"

namespace keeper::eventstore {

void AppendU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

void AppendU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
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
