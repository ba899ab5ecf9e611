#!/usr/bin/env bash
# Installs the dependencies, builds keeperd and keeper (only what it runs),
# and starts keeperd on the default data directory (./data, or
# $KEEPER_DATA_DIR) at 127.0.0.1:50051 (or $KEEPER_LISTEN), with
# development certificates made by openssl on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh keeperd keeper
data_dir="${KEEPER_DATA_DIR:-data}"
tools/dev_certs.sh "$data_dir/tls"
exec build/tools/keeperd --data_dir "$data_dir" \
  --listen "${KEEPER_LISTEN:-127.0.0.1:50051}"
