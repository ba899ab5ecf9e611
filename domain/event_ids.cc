#include "domain/event_ids.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "eventstore/sha256.h"
#include "eventstore/uuid.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace keeper::domain {

std::string DerivedEventId(std::string_view key, size_t index) {
  const std::string canonical = eventstore::CanonicalUuid(key);
  if (index == 0) return canonical;
  std::string bytes =
      eventstore::Sha256(absl::StrCat(canonical, ":", index)).substr(0, 16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x80);  // version 8
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = absl::BytesToHexString(bytes);
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-",
                      hex.substr(12, 4), "-", hex.substr(16, 4), "-",
                      hex.substr(20));
}

std::string CommandDigest(const v1::Command& command) {
  return MessageDigest(command);
}

std::string MessageDigest(const google::protobuf::Message& command) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    command.SerializeToCodedStream(&out);
  }
  return absl::StrCat("sha256:",
                      absl::BytesToHexString(eventstore::Sha256(bytes)));
}

}  // namespace keeper::domain
