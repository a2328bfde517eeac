#!/usr/bin/env bash
# Fuzz minutebook with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [TARGET] [SECONDS]
#
# TARGET: note | parsers | all (default: all, run one after the other).
# SECONDS: per target (default: 900). Extra libFuzzer flags via FUZZ_ARGS.
#
# Only the stable toolchain is available, so nightly-only flags are unlocked with
# RUSTC_BOOTSTRAP=1 (verified with rustc 1.95.0 stable and cargo-fuzz 0.13.2):
#
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none TARGET corpus/TARGET -- ...
#
# AddressSanitizer builds and links on stable too (the toolchain ships
# librustc-stable_rt.asan.a: FUZZ_SANITIZER=address), but it makes the `note`
# target ~10x slower (ASan's allocation bookkeeping dominates) and src/ has no
# `unsafe`, so the default is `none`: panics, arithmetic overflow (debug
# assertions are on), timeouts and OOM are still caught.
#
# -jobs=1 runs the fuzzer in one child process whose output goes to
# fuzz/fuzz-0.log and is printed when it ends; crashes still land in
# fuzz/artifacts/TARGET/.
#
# Crashes land in fuzz/artifacts/TARGET/; minimise one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin --sanitizer none TARGET fuzz/artifacts/TARGET/crash-...
# and save it as fuzz/regressions/TARGET-SHORT-NAME.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz="$root/fuzz"
target="${1:-all}"
seconds="${2:-900}"
sanitizer="${FUZZ_SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi

gen_vault="$root/../shared/tools/gen-vault"

# Fill fuzz/corpus/TARGET when it is missing or empty: the committed hand-made
# seeds, content-example's notes, regressions, and ~300 generated notes (with
# defects) truncated to 64 KiB.
prepare_corpus() {
    local t="$1" dir="$fuzz/corpus/$1"
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
        return
    fi
    mkdir -p "$dir"
    cp "$fuzz"/seeds/"$t"/* "$dir"/ 2>/dev/null || true
    cp "$fuzz"/regressions/"$t"-* "$dir"/ 2>/dev/null || true
    local i=0 f
    while IFS= read -r -d '' f; do
        i=$((i + 1))
        head -c 65536 "$f" >"$dir/example-$i.md"
    done < <(find "$root/content-example" -name '*.md' -print0)
    if [ -f "$gen_vault" ] && command -v python3 >/dev/null 2>&1; then
        local tmp
        tmp="$(mktemp -d)"
        python3 "$gen_vault" --out "$tmp/vault" --notes 300 --seed 9 --transcript-scale 0.1 >/dev/null
        i=0
        while IFS= read -r -d '' f; do
            i=$((i + 1))
            [ "$i" -gt 300 ] && break
            head -c 65536 "$f" >"$dir/gen-$i.md"
        done < <(find "$tmp/vault" -name '*.md' -print0 | sort -z)
        rm -rf "$tmp"
    else
        echo "fuzz.sh: $gen_vault not found; seeding from fuzz/seeds and content-example only" >&2
    fi
}

run_target() {
    local t="$1"
    prepare_corpus "$t"
    echo "== fuzzing $t for ${seconds}s"
    # shellcheck disable=SC2086
    (cd "$fuzz" && cargo fuzz run --sanitizer "$sanitizer" "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -jobs=1 -workers=1 \
        -print_final_stats=1 ${FUZZ_ARGS:-})
}

case "$target" in
    all)
        run_target note
        run_target parsers
        ;;
    note | parsers)
        run_target "$target"
        ;;
    *)
        echo "usage: scripts/fuzz.sh [note|parsers|all] [SECONDS]" >&2
        exit 2
        ;;
esac
