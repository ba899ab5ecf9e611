#!/usr/bin/env bash
# Long fuzzing runs, beyond CI's short ones:
#   - the proof, checkpoint, signed-note and verifier-key target under
#     libFuzzer with ASan/UBSan, for KEEPER_FUZZ_SECONDS (default 600);
#   - the stored-event decoding target over ITERATIONS mutated envelopes
#     (default 5,000,000), built with ASan/UBSan by tools/sanitize.sh.
#
#   tools/fuzz.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
clangxx=$(command -v clang++ || command -v clang++-14) ||
  { echo "clang++ is needed: tools/install_deps.sh installs it" >&2; exit 1; }
KEEPER_FUZZ_SECONDS=${KEEPER_FUZZ_SECONDS:-600} \
  tests/eventstore/run_proof_fuzzer.sh "$clangxx" "$PWD" build-fuzz/proof
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_FLAGS="-O0 -g1" -DKEEPER_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j "$(nproc)" --target envelope_fuzz_replay
build-asan/tests/eventstore/envelope_fuzz_replay "${1:-5000000}"
