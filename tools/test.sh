#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test: the whole suite
# once, built with ASan and UBSan (clang, in build-asan), the fuzz targets'
# short libFuzzer runs among it; then the event store, projection and
# in-process server suites under TSan (build-tsan). tools/build.sh makes the ordinary optimised build in ./build
# that tools/run.sh runs.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/sanitize.sh asan tsan
