#!/usr/bin/env bash
# Installs the dependencies, builds, and starts Keeper's main job on the
# default data directory (./data, or $KEEPER_DATA_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh
data_dir="${KEEPER_DATA_DIR:-data}"
build/tools/keeper --data_dir "$data_dir" bench append --writers 64 --events 20000
build/tools/keeper --data_dir "$data_dir" verify
