#!/usr/bin/env bash
# Builds the proof fuzz target with clang's libFuzzer (and ASan/UBSan) and
# runs it for a fixed time. Usage: run_proof_fuzzer.sh CLANGXX SOURCE_DIR
# WORK_DIR. KEEPER_FUZZ_SECONDS sets the time (default 20).
set -euo pipefail
clangxx=$1 source_dir=$2 work_dir=$3
mkdir -p "$work_dir/corpus"
# shellcheck disable=SC2046 # pkg-config's words are separate flags
"$clangxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$source_dir" \
  "$source_dir/tests/eventstore/proof_fuzz.cc" \
  "$source_dir/eventstore/merkle.cc" "$source_dir/eventstore/merkle_tree.cc" \
  "$source_dir/eventstore/keys.cc" "$source_dir/eventstore/sha256.cc" \
  "$source_dir/eventstore/internal/ed25519.cc" "$source_dir/eventstore/signed_note.cc" \
  $(pkg-config --cflags --libs absl_statusor absl_strings libcrypto) \
  -o "$work_dir/proof_fuzzer"
"$work_dir/proof_fuzzer" -max_total_time="${KEEPER_FUZZ_SECONDS:-20}" \
  -seed=1 -max_len=2048 -print_final_stats=1 "$work_dir/corpus"
