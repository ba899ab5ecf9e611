#!/usr/bin/env bash
# Sanitizer builds and runs, each in its own build directory:
#   asan  build-asan: everything, built once by clang with ASan and UBSan
#         (-O1 -g1; the tests' own code -O0, quicker to build), and with
#         libFuzzer's coverage so that the fuzz targets
#         link from the same objects; then the whole ctest suite there: the
#         end-to-end tests' keeperd processes, the Python, Node and browser
#         tests and the fuzz targets' short libFuzzer runs included.
#   tsan  build-tsan: TSan (-O0 -g1), with tests/sanitizers/
#         absl_mutex_annotations.cc linked into every executable so that it
#         sees absl::Mutex, and tests/sanitizers/tsan.supp for RocksDB's
#         internals; builds only the event store, projection and in-process
#         server suites (tests/services) and runs them.
#   tsan-store  the same build, the event store's suites only (the commit
#         pipeline's threads): quicker to build.
# A sanitizer report fails the run, from any process: the reports are
# written under <build dir>/sanitizer-reports and printed.
#
#   tools/sanitize.sh [asan|tsan|tsan-store]... [-- CTEST_ARGS...]
#                                            # default: asan tsan
#   tools/sanitize.sh configure asan|tsan    # configure only
# CTEST_ARGS (asan only) select tests, e.g. -- -R '^domain\.'.
set -euo pipefail
cd "$(dirname "$0")/.."

configure() {
  case $1 in
    asan) clangxx=$(command -v clang++ || command -v clang++-14) || {
            echo "clang++ is needed: tools/install_deps.sh installs it" >&2
            exit 1; }
          cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=None \
            -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_CXX_FLAGS="-O1 -g1" -DKEEPER_TEST_CXX_FLAGS=-O0 \
            -DKEEPER_SANITIZE=address,undefined,fuzzer-no-link >/dev/null ;;
    tsan) cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=None \
            -DCMAKE_CXX_FLAGS="-O0 -g1" \
            -DKEEPER_SANITIZE=thread >/dev/null ;;
    *) echo "unknown mode $1: asan, tsan or tsan-store" >&2; exit 2 ;;
  esac
}

# Fails, printing them, if any process wrote a sanitizer report in $1.
check_reports() {
  local reports=("$1"/*)
  [[ -e ${reports[0]} ]] || return 0
  for report in "${reports[@]}"; do echo "== $report"; cat "$report"; done
  echo "sanitizer reports: ${#reports[@]}, above" >&2
  return 1
}

if [[ ${1:-} == configure ]]; then configure "$2"; exit 0; fi
modes=() ctest_args=()
while (($# > 0)); do
  if [[ $1 == -- ]]; then shift; ctest_args=("$@"); break; fi
  modes+=("$1"); shift
done
((${#modes[@]} > 0)) || modes=(asan tsan)
suppressions=$PWD/tests/sanitizers
for mode in "${modes[@]}"; do
  build=${mode%-store}
  configure "$build"
  dir=build-$build reports=$PWD/build-$build/sanitizer-reports
  rm -rf "$reports" && mkdir -p "$reports"
  case $mode in
    asan)
      cmake --build "$dir" -j "$(nproc)"
      status=0
      ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan" \
        LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0" \
        UBSAN_OPTIONS="print_stacktrace=1:log_path=$reports/ubsan" \
        ctest --test-dir "$dir" -j "$(nproc)" --output-on-failure \
        --timeout 900 "${ctest_args[@]}" || status=$?
      check_reports "$reports" || status=1
      ((status == 0)) || exit "$status" ;;
    tsan|tsan-store)
      tests=(tests/eventstore/eventstore_test
             tests/sanitizers/absl_mutex_annotations_test)
      [[ $mode == tsan-store ]] ||
        tests+=(tests/projections/projections_test
                tests/services/grpc_handler_pool_test
                tests/services/services_access_test)
      cmake --build "$dir" -j "$(nproc)" --target "${tests[@]##*/}"
      # The longest history (history_size=7) so that a race report keeps
      # the earlier access's stack, which the suppressions match.
      for test in "${tests[@]}"; do
        echo "== tsan: $test"
        TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=7 log_path=$reports/tsan suppressions=$suppressions/tsan.supp" \
          "$dir/$test" --gtest_brief=1 || { check_reports "$reports"; exit 1; }
      done
      check_reports "$reports" ;;
  esac
done
