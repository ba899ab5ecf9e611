// Runs the envelope fuzz target over real stored envelopes with bytes
// flipped, cut and appended, and over random bytes, in every build.
//
//   envelope_fuzz_replay [ITERATIONS]
//   envelope_fuzz_replay --write_corpus DIR   # the first inputs, as seeds
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "eventstore/hash_chain.h"
#include "google/protobuf/stubs/logging.h"
#include "keeper/v1/eventstore.pb.h"
#include "tests/fuzz/write_corpus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern uint64_t keeper_fuzz_decoded_envelopes;

namespace {

std::string RealEnvelope(uint64_t position) {
  keeper::v1::EventEnvelope event;
  event.set_position(position);
  event.set_stream_id("case-fife-2026-0042");
  event.set_stream_version(3);
  event.set_event_id("0f8fad5b-d9cb-469f-a165-70867728950e");
  event.set_event_type("CaseOpened");
  event.mutable_payload()->set_type_url("type.googleapis.com/keeper.v1.X");
  event.mutable_payload()->set_value(
      "\x0a\x03"
      "abc");
  event.mutable_recorded_time()->set_seconds(1780000000);
  event.mutable_actor()->set_subject("sam.social");
  event.set_purpose("child protection enquiry");
  event.set_prev_hash(std::string(32, '\x11'));
  event.set_hash(keeper::eventstore::ComputeEventHash(event));
  return event.SerializeAsString();
}

}  // namespace

int main(int argc, char** argv) {
  const bool write_corpus = keeper::fuzz::WantsCorpus(argc, argv);
  std::vector<std::string> seeds;
  const int iterations = write_corpus ? 20
                         : argc > 1   ? std::atoi(argv[1])
                                      : 100000;
  // Invalid UTF-8 in a string field is logged by protobuf as it is refused.
  google::protobuf::SetLogHandler(nullptr);
  std::mt19937_64 random(20261201);
  for (int i = 0; i < iterations; ++i) {
    uint64_t position = 1 + random() % 1000;
    std::string value = RealEnvelope(position);
    switch (i % 6) {
      case 0:
        break;  // intact
      case 1:   // a few flipped bytes
        for (int f = 0, n = 1 + random() % 3; f < n; ++f) {
          value[random() % value.size()] ^= 1 + random() % 255;
        }
        break;
      case 2:  // cut short
        value.resize(random() % value.size());
        break;
      case 3:  // trailing garbage, or another position's key
        if (random() % 2) {
          value += std::string(1 + random() % 8, static_cast<char>(random()));
        } else {
          ++position;
        }
        break;
      case 4:  // another envelope after it, which merges field by field;
               // or a field this version does not know
        if (random() % 2) {
          keeper::v1::EventEnvelope other;
          other.mutable_payload()->set_value(std::string(random() % 3, 'v'));
          if (random() % 2) other.mutable_actor()->set_role("chair");
          if (random() % 2) other.mutable_recorded_time()->set_nanos(7);
          if (random() % 2) other.set_purpose("audit");
          value += other.SerializeAsString();
        } else {
          value += std::string("\xa2\x06\x02hi", 5);  // field 100, "hi"
        }
        break;
      default:  // random bytes
        value.assign(random() % 200, 0);
        for (char& c : value) c = static_cast<char>(random());
    }
    std::string input(8, '\0');
    for (int b = 0; b < 8; ++b)
      input[b] = static_cast<char>(position >> (56 - 8 * b));
    input += value;
    if (write_corpus) seeds.push_back(input);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()),
                           input.size());
  }
  if (write_corpus) {
    keeper::fuzz::WriteCorpus(argv[2], seeds);
    return 0;
  }
  std::printf(
      "%d inputs, %llu decoded, every other one DATA_LOSS naming its "
      "position\n",
      iterations,
      static_cast<unsigned long long>(keeper_fuzz_decoded_envelopes));
  // Intact and merged envelopes are a third of the inputs: they must all
  // decode.
  return keeper_fuzz_decoded_envelopes >= static_cast<uint64_t>(iterations / 3)
             ? 0
             : 1;
}
