#!/usr/bin/env bash
# Installs the dependencies, builds keeperd and keeper (only what it runs),
# and starts keeperd on the default data directory (./data, or
# $KEEPER_DATA_DIR) at 127.0.0.1:50051 (or $KEEPER_LISTEN), with
# development certificates made by openssl on first run, and the web
# console at https://127.0.0.1:8443/ (or $KEEPER_CONSOLE_LISTEN; import a
# role's <data_dir>/tls/<role>.p12, password "keeper", into the browser).
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
console="${KEEPER_CONSOLE_LISTEN:-127.0.0.1:8443}"
echo "console: https://$console/ (client certificates: $data_dir/tls/<role>.p12)"
exec build/tools/keeperd --data_dir "$data_dir" \
  --listen "${KEEPER_LISTEN:-127.0.0.1:50051}" --console_listen "$console"
