#!/usr/bin/env bash
# Installs the dependencies, builds keeperd and keeper (only what it runs),
# and starts keeperd on the default data directory (./data, or
# $KEEPER_DATA_DIR) at 127.0.0.1:50051 (or $KEEPER_LISTEN), with
# development certificates made by openssl on first run.
#
#   tools/run.sh [--demo]   --demo: first fill a new data directory with
#                           `keeper demo`'s sample histories
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh keeperd keeper
data_dir="${KEEPER_DATA_DIR:-data}"
if [[ ${1:-} == --demo && ! -e $data_dir/events/CURRENT ]]; then
  build/tools/keeper --data_dir "$data_dir" demo
fi
tools/dev_certs.sh "$data_dir/tls"
exec build/tools/keeperd --data_dir "$data_dir" \
  --listen "${KEEPER_LISTEN:-127.0.0.1:50051}"
