// Fuzz target for decoding a stored event, as Scan, ReadPosition and
// `keeper verify` do: the first 8 bytes are the position read from the key
// (big-endian), the rest the stored value. A corrupt value must give
// DATA_LOSS naming that position; a value that decodes must be the event at
// that position and hash canonically. Never a crash. The verifier's reader
// (ReadStoredEventView) must agree with parsing on every input: the same
// status, and for a value that decodes the same canonical encoding.
//
// Replayed over mutated real envelopes by envelope_fuzz_replay in every
// build and under ASan/UBSan (tools/sanitize.sh).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "eventstore/hash_chain.h"
#include "eventstore/stored_event.h"
#include "google/protobuf/stubs/logging.h"

// Inputs that decoded: the replay checks valid envelopes are reached.
uint64_t keeper_fuzz_decoded_envelopes = 0;

// Invalid UTF-8 in a string field is logged by protobuf as it is refused:
// under libFuzzer, millions of times.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  uint64_t position = 0;
  for (int i = 0; i < 8; ++i) position = (position << 8) | data[i];
  const std::string_view value(reinterpret_cast<const char*>(data + 8),
                               size - 8);
  auto event = keeper::eventstore::ParseStoredEvent(position, value);
  keeper::eventstore::EnvelopeView view;
  const absl::Status read =
      keeper::eventstore::ReadStoredEventView(position, value, &view);
  if (read != event.status()) std::abort();
  if (!event.ok()) {
    const bool named = event.status().message().find(absl::StrCat(
                           "position ", position)) != std::string_view::npos;
    if (!absl::IsDataLoss(event.status()) || !named) std::abort();
    return 0;
  }
  if (event->position() != position) std::abort();
  ++keeper_fuzz_decoded_envelopes;
  // What verify recomputes for every event, from the message and in place.
  if (keeper::eventstore::ComputeEventHash(*event).size() != 32) std::abort();
  std::string parsed;
  std::string in_place;
  keeper::eventstore::AppendCanonicalEncoding(*event, &parsed);
  keeper::eventstore::AppendCanonicalEncoding(view, &in_place);
  if (parsed != in_place || view.prev_hash != event->prev_hash() ||
      view.hash != event->hash()) {
    std::abort();
  }
  return 0;
}
