#!/usr/bin/env bash
# Builds a subset of the tests with sanitizers, each in its own build
# directory, and runs them:
#   build-asan  ASan + UBSan: the event store, domain and projection tests,
#               and the stored-event decoding fuzz target's replay
#   build-tsan  TSan: the event store tests (the commit pipeline's threads).
#               Debian's abseil is not built for TSan, so absl::Mutex's
#               ordering is invisible to it and it reports false races;
#               tools/test.sh therefore runs asan only.
# Only the targets each run needs are built.
#
#   tools/sanitize.sh [asan|tsan]...   # default: both
set -euo pipefail
cd "$(dirname "$0")/.."
modes=("$@")
((${#modes[@]} > 0)) || modes=(asan tsan)
for mode in "${modes[@]}"; do
  case $mode in
    asan) sanitize=address,undefined
          tests=(tests/eventstore/eventstore_test tests/eventstore/envelope_fuzz_replay
                 tests/domain/domain_unit_test
                 tests/domain/domain_rules_test tests/projections/projections_test) ;;
    tsan) sanitize=thread
          tests=(tests/eventstore/eventstore_test) ;;
    *) echo "unknown mode $mode: asan or tsan" >&2; exit 2 ;;
  esac
  dir=build-$mode
  # Unoptimised, with line tables only: the quickest to compile cold.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="-O0 -g1" -DKEEPER_SANITIZE="$sanitize" >/dev/null
  cmake --build "$dir" -j "$(nproc)" --target "${tests[@]##*/}"
  for test in "${tests[@]}"; do
    echo "== $mode: $test"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
      "$dir/$test" $([[ $test == *_test ]] && echo --gtest_brief=1)
  done
done
