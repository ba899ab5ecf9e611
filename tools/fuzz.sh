#!/usr/bin/env bash
# Long fuzzing runs, beyond CI's short ones: each libFuzzer target
# (cmake/KeeperFuzz.cmake) built in build-asan (tools/sanitize.sh asan's
# build: clang, ASan, UBSan) and run for KEEPER_FUZZ_SECONDS (default 600)
# from its seed corpus in tests/fuzz/corpus/<target>. What a run finds
# (new inputs, and crash-* artifacts to replay with `<fuzzer> FILE`) stays
# in build-asan/fuzz/<target>.
#
#   tools/fuzz.sh [TARGET...]   # default: request proof envelope
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
((${#targets[@]} > 0)) || targets=(request proof envelope)
tools/sanitize.sh configure asan
cmake --build build-asan -j "$(nproc)" --target "${targets[@]/%/_fuzzer}"
for target in "${targets[@]}"; do
  fuzzer=$(find build-asan/tests -name "${target}_fuzzer" -type f | head -1)
  max_len=4096
  [[ $target == proof ]] && max_len=2048
  echo "== $target: ${KEEPER_FUZZ_SECONDS:=600} s"
  KEEPER_FUZZ_SECONDS=$KEEPER_FUZZ_SECONDS tests/fuzz/run_fuzzer.sh \
    "$fuzzer" "tests/fuzz/corpus/$target" "build-asan/fuzz/$target" "$max_len"
done
