#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure --timeout 600
# The core suites again under ASan and UBSan, in build-asan.
tools/sanitize.sh asan
