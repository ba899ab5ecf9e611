// Deterministic serialization for projection state: maps in a message are
// written in key order, so the same state always has the same bytes and a
// rebuilt projection equals the incrementally built one byte for byte.
#ifndef KEEPER_PROJECTIONS_STATE_BYTES_H_
#define KEEPER_PROJECTIONS_STATE_BYTES_H_

#include <string>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"

namespace keeper::projections {

inline std::string StateBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_STATE_BYTES_H_
