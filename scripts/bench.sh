#!/usr/bin/env bash
# Benchmark release builds on gen-vault vaults.
#
#   scripts/bench.sh [SIZES...]        (default: 1000 5000)
#
# For each size it generates (once, cached in $BENCH_CACHE, default
# /tmp/minutebook-bench) `gen-vault --notes N --seed 7`, then reports the
# vault size, and the wall time and peak memory (max RSS) of `build` and
# `check`, best of $RUNS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=${GEN_VAULT:-../shared/tools/gen-vault}
CACHE=${BENCH_CACHE:-/tmp/minutebook-bench}
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 5000)
mkdir -p "$CACHE"
cargo build --release --quiet
BIN=target/release/minutebook

measure() { # prints "seconds max_rss_kb" of the best run
  local best="" rss=""
  for _ in $(seq "$RUNS"); do
    local tf out
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f "%e %M" "$@" >/dev/null 2>&1 || true  # check exits 1 on errors
    out=$(tail -1 "$tf")
    rm -f "$tf"
    local t=${out% *} m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  echo "$best $rss"
}

printf "%-8s %-10s %-8s %-10s %-12s %-10s %-12s\n" notes vault_MB files build_s build_MB check_s check_MB
for n in "${SIZES[@]}"; do
  v="$CACHE/vault-$n"
  if [ ! -d "$v" ]; then python3 "$GEN" --out "$v" --notes "$n" --seed 7 --manifest "$v.json" >/dev/null; fi
  mb=$(du -smL "$v" | cut -f1)
  out="$CACHE/out-$n"
  read -r bt bm < <(measure "$BIN" build --vault "$v" --out "$out")
  files=$(find "$out" -type f | wc -l)
  read -r ct cm < <(measure "$BIN" check --vault "$v" --format json)
  printf "%-8s %-10s %-8s %-10s %-12s %-10s %-12s\n" "$n" "$mb" "$files" "$bt" "$((bm / 1024))" "$ct" "$((cm / 1024))"
done
