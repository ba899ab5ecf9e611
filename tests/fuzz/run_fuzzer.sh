#!/usr/bin/env bash
# Runs a libFuzzer target for KEEPER_FUZZ_SECONDS (default 10) from its seed
# corpus, keeping what it finds (new inputs, crash artifacts) in WORK_DIR,
# never in the repository's corpus.
#
#   run_fuzzer.sh FUZZER SEED_CORPUS WORK_DIR MAX_LEN
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 max_len=$4
mkdir -p "$work/corpus"
exec "$fuzzer" -max_total_time="${KEEPER_FUZZ_SECONDS:-10}" -seed=1 \
  -max_len="$max_len" -timeout=20 -rss_limit_mb=2560 -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/corpus" "$seeds"
