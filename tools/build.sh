#!/usr/bin/env bash
# Configures and builds Keeper into ./build (Release with debug info):
# everything, or only the given targets.
#
#   tools/build.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=()
(($# > 0)) && targets=(--target "$@")
cmake --build build -j "$(nproc)" "${targets[@]}"
