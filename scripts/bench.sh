#!/usr/bin/env bash
# Benchmark minutebook on gen-vault vaults, against a `cp -r` floor and Hugo,
# on one machine in one run. See BENCHMARKS.md for results.
#
#   scripts/bench.sh [NOTES...]              (default: 1000 5000 20000)
#   BIN=/tmp/mb/minutebook-ref scripts/bench.sh 1000 5000
#   RUNS=1 CASES=build,check EXTRA_NOTES=1000 scripts/bench.sh 1000
#
# Run it from anywhere; wrap it in `nice` on a shared machine. It prints
# progress on stderr and, on stdout, Markdown (tables and ratios) that can be
# pasted into BENCHMARKS.md.
#
# Environment:
#   BIN          minutebook binary to measure (default: `cargo build --release`,
#                then ${CARGO_TARGET_DIR:-target}/release/minutebook)
#   RUNS         runs per row; every figure is the median of them (default 3)
#   BENCH_CACHE  where vaults, configs, the Hugo site and outputs live
#                (default /tmp/minutebook-bench; the 20k vault is ~630 MB and
#                takes minutes to generate, so it is kept)
#   CASES        comma-separated rows to run (default: all of them):
#                  build    minutebook build -v            (every size)
#                  cp       cp -r of the vault, the floor  (every size)
#                  hugo     Hugo + a JSON search index     (every size)
#                  check    minutebook check               (every size)
#                  people   build on a vault with $PEOPLE people (EXTRA_NOTES)
#                  profile  build --profile bench          (EXTRA_NOTES)
#   EXTRA_NOTES  the vault size the people and profile rows use, if it is one of
#                the sizes given (default 5000)
#   PEOPLE       people in the "people" vault (default 2000; gen-vault's
#                default, used everywhere else, is 40). gen-vault draws distinct
#                "First Last" names from fixed lists and loops forever when asked
#                for more people than it has names (40 x 36 + 3 = 1443 today):
#                PEOPLE is lowered to that number, with a message
#   GEN_VAULT    the generator (default: ../shared/tools/gen-vault beside the repo)
#   HUGO         the hugo binary (default: hugo on PATH; when missing and run as
#                root, `apt-get install -y hugo`, else the hugo rows are skipped)
#
# Vaults: `gen-vault --out DIR --notes N --seed 7 --no-defects [--people P]`.
# minutebook runs with --config $BENCH_CACHE/plain.toml (a title only, so the
# repo's site.toml does not apply) or profile.toml (the same plus a profile),
# --vault and --out. Every output folder is deleted before each run (untimed).
#
# Columns of the table:
#   case        what ran
#   notes       gen-vault --notes of the vault
#   wall s      elapsed time, seconds (/usr/bin/time %e)
#   CPU s       user + system time, seconds (%U + %S); above wall = parallel
#   RSS MiB     peak resident memory of the largest process (%M)
#   out MB      bytes written: the sum of the files' sizes (folders not
#               counted: on ext4 each is 4 KiB), 10^6 bytes
#   files       files written
#   out/vault   output bytes / vault bytes (both the sum of their files)
#   exit        exit status (check exits 1 when the vault has errors, and
#               gen-vault vaults have broken links; a build should exit 0)
#   stages      the `stages:` line of `build -v` (seconds per stage, median
#               per stage; whatever stage names the binary prints)
# wall, CPU and RSS are medians over RUNS runs; sizes come from the last run.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GEN=${GEN_VAULT:-$ROOT/../shared/tools/gen-vault}
CACHE=${BENCH_CACHE:-/tmp/minutebook-bench}
RUNS=${RUNS:-3}
CASES=${CASES:-build,cp,hugo,check,people,profile}
EXTRA_NOTES=${EXTRA_NOTES:-5000}
PEOPLE=${PEOPLE:-2000}
HUGO=${HUGO:-hugo}
BIN=${BIN:-}
SEED=7

# Results, by key "case-notes" (e.g. build-5000).
declare -A WALL CPU RSS OUTB FILES RATIO RC STAGES VAULTB VAULT
ROWS=()      # keys, in the order they ran
declare -A LABEL

TMPS=()     # temporary files, removed on exit
cleanup() { [ ${#TMPS[@]} -eq 0 ] || rm -f "${TMPS[@]}"; }
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }
die() { log "bench.sh: $*"; exit 2; }

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

want() { [[ ",$CASES," == *",$1,"* ]]; }

# median V... : the median of numbers (the mean of the middle two for an even count)
median() {
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
    END { if (NR == 0) print "";
          else if (NR % 2) print a[(NR + 1) / 2];
          else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# ratio A B : A / B with two decimals, or "n/a"
ratio() {
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN {
    if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

# stage_medians FILE : FILE holds one `stages: a 1.00s, b 2.00s` line per run;
# prints "a 1.00, b 2.00" with the median of each stage over the runs, in the
# order of the first line. Units s and ms are understood.
stage_medians() {
  awk '
    { sub(/^stages: */, ""); n = split($0, items, /, */)
      for (i = 1; i <= n; i++) {
        item = items[i]
        if (!match(item, /[0-9.]+ *(ms|s)?$/)) continue
        name = substr(item, 1, RSTART - 1); sub(/ +$/, "", name)
        val = substr(item, RSTART); unit = val; gsub(/[0-9. ]/, "", unit); gsub(/[^0-9.]/, "", val)
        if (unit == "ms") val /= 1000
        if (!(name in seen)) { seen[name] = 1; order[++k] = name }
        vals[name] = vals[name] " " val
      } }
    END {
      out = ""
      for (j = 1; j <= k; j++) {
        m = split(vals[order[j]], v, " ")
        for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (v[b] + 0 < v[a] + 0) { t = v[a]; v[a] = v[b]; v[b] = t }
        med = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
        out = out (j > 1 ? ", " : "") sprintf("%s %.2f", order[j], med)
      }
      print out
    }' "$1"
}

# the sum of the files' sizes under a folder (what `du -sb` gives, less the
# folders themselves: 4 KiB each on ext4, so 21 MB of 5,000 pages' folders)
bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

# ---------------------------------------------------------------- setup

ensure_bin() {
  if [ -z "$BIN" ]; then
    log "building the release binary (cargo build --release) ..."
    (cd "$ROOT" && cargo build --release --quiet)
    local td=${CARGO_TARGET_DIR:-target}
    [[ "$td" == /* ]] || td=$ROOT/$td   # cargo read it from $ROOT
    BIN=$td/release/minutebook
  fi
  [ -x "$BIN" ] || die "no executable minutebook at $BIN"
  BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
}

HUGO_OK=0
ensure_hugo() {
  want hugo || return 0
  if ! command -v "$HUGO" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "hugo missing: apt-get install -y hugo ..."
      apt-get install -y hugo >&2 || log "apt-get install hugo failed"
    fi
  fi
  if command -v "$HUGO" >/dev/null 2>&1; then
    HUGO_OK=1
  else
    log "hugo not found (install the Debian package hugo, or set HUGO=): skipping the hugo rows"
  fi
}

# vault NOTES [PEOPLE] : prints the path of the cached gen-vault vault, making it
# first if needed (into a temporary folder, renamed when complete).
vault() {
  local n=$1 p=${2:-}
  local v="$CACHE/vault-n$n${p:+-p$p}-s$SEED-nodefects"
  if [ ! -d "$v" ]; then
    log "generating $v (gen-vault --notes $n${p:+ --people $p}) ..."
    rm -rf "$v.tmp"
    python3 "$GEN" --out "$v.tmp" --notes "$n" ${p:+--people "$p"} --seed "$SEED" --no-defects >/dev/null
    mv "$v.tmp" "$v"
  fi
  printf '%s\n' "$v"
}

# people_capacity : how many distinct people gen-vault can name (its FIRST x
# LAST lists plus UNICODE_PEOPLE), or nothing when that cannot be read.
people_capacity() {
  python3 - "$GEN" <<'PY' 2>/dev/null || true
import runpy, sys
g = runpy.run_path(sys.argv[1], run_name="gen_vault")
print(len(g["FIRST"]) * len(g["LAST"]) + len(g["UNICODE_PEOPLE"]))
PY
}

# check_space VAULT : warn when the cache's file system has less room than the
# vault's largest output needs (about 4x the vault, Hugo's and minutebook's
# outputs are 2-3.5x); a full disk fails runs midway.
check_space() {
  local need avail
  need=$(( $(bytes "$1") * 4 / 1024 ))
  avail=$(df -Pk "$CACHE" | awk 'NR == 2 { print $4 }')
  if [ "$avail" -lt "$need" ]; then
    log "warning: $((avail / 1024)) MiB free in $CACHE, outputs of $(basename "$1") may need $((need / 1024)) MiB (set BENCH_CACHE, e.g. /dev/shm/minutebook-bench)"
  fi
}

# minutebook configs: plain.toml (title only) and profile.toml (the same plus
# profile "bench"). No `vault`/`output`: --vault and --out give them.
write_configs() {
  cat >"$CACHE/plain.toml" <<'EOF'
# scripts/bench.sh: plain build of a gen-vault vault (defaults otherwise)
title = "bench"
EOF
  cat >"$CACHE/profile.toml" <<'EOF'
# scripts/bench.sh: the same site with a publish profile
title = "bench"

[profiles.bench]
exclude_privacy = ["private"]   # gen-vault marks one note in ten private
unknown_privacy = "internal"    # people and project notes state no privacy: keep them
exclude_tags = ["interview"]    # and leave out the interviews
transcripts = "keep"
drop_fields = ["calendar_url", "location_or_link"]
drop_sections = ["Open questions"]
# case-insensitive: the leak guard reads case-folded, and tags spell the
# companies in lower case (customer/contoso), so a case-sensitive pattern
# fails the build
redact = ['(?i)\b(Northwind|Contoso|Fabrikam)\b']
people = "pseudonym"
pseudonym_salt = "bench-salt"
# leak_guard = true (the default): the guard's time is part of the row
EOF
}

# hugo_site NOTES VAULT : prints the path of a throwaway Hugo site whose content
# folder is VAULT: single and list pages rendering .Content, and index.json, the
# usual JSON search index (title, URL, plain content of every regular page).
hugo_site() {
  local n=$1 v=$2
  local s="$CACHE/hugo-site-n$n"
  rm -rf "$s"
  mkdir -p "$s/layouts/_default" "$s/layouts/partials"
  cat >"$s/config.toml" <<EOF
baseURL = "http://localhost/"
title = "bench"
contentDir = "$v"
# what minutebook reads neither: Templates/ holds {{placeholders}} that are not
# YAML (minutebook ignores Templates/** by default, Hugo would fail on it)
ignoreFiles = ['/Templates/', '/\.obsidian/', '/\.trash/']
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
# building index.json walks every page in one template: not in 30 s at 20k
timeout = "3600s"
[frontmatter]
date = ["created", ":default"]
[outputs]
home = ["HTML", "JSON"]
EOF
  cat >"$s/layouts/partials/title.html" <<'EOF'
{{- $t := .Title -}}
{{- if not $t -}}{{- with .File -}}{{- $t = .ContentBaseName -}}{{- end -}}{{- end -}}
{{- return $t -}}
EOF
  cat >"$s/layouts/_default/single.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ partial "title.html" . }} · {{ .Site.Title }}</title></head>
<body><main><h1>{{ partial "title.html" . }}</h1>
{{ with .Params.tags }}<p>{{ range . }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">#{{ . }}</a> {{ end }}</p>{{ end }}
{{ .Content }}</main></body></html>
EOF
  cat >"$s/layouts/_default/list.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ partial "title.html" . }} · {{ .Site.Title }}</title></head>
<body><main><h1>{{ partial "title.html" . }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ partial "title.html" . }}</a></li>{{ end }}</ul>
</main></body></html>
EOF
  cat >"$s/layouts/index.json" <<'EOF'
{{- $index := slice -}}
{{- range .Site.RegularPages -}}
{{- $index = $index | append (dict "title" (partial "title.html" .) "url" .RelPermalink "content" .Plain) -}}
{{- end -}}
{{- $index | jsonify -}}
EOF
  printf '%s\n' "$s"
}

# ---------------------------------------------------------------- measuring

# measure KEY LABEL NOTES VAULT OUT CMD... : runs CMD $RUNS times (OUT deleted
# before each run; "-" for no output) and records the medians under KEY.
measure() {
  local key=$1 label=$2 n=$3 v=$4 out=$5
  shift 5
  local walls=() cpus=() rsss=() rc=0 rcs="" i tf ef sf
  tf=$(mktemp) ef=$(mktemp) sf=$(mktemp)
  TMPS+=("$tf" "$ef" "$sf")
  log "$label, $n notes: $RUNS run(s) ..."
  for ((i = 1; i <= RUNS; i++)); do
    [ "$out" = - ] || rm -rf "$out"
    rc=0
    /usr/bin/time -o "$tf" -f '%e %U %S %M' "$@" >/dev/null 2>"$ef" || rc=$?
    local w u s m
    read -r w u s m < <(tail -n 1 "$tf")
    walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')"); rsss+=("$m")
    grep -E '^stages: ' "$ef" | tail -n 1 >>"$sf" || true
    case " $rcs " in *" $rc "*) ;; *) rcs="${rcs:+$rcs }$rc" ;; esac
    log "  run $i: ${w}s wall, ${u}+${s}s CPU, $((m / 1024)) MiB, exit $rc"
    if [ "$rc" != 0 ] && [[ "$key" != check-* ]]; then
      log "  (exit $rc; last lines of its stderr:)"; grep -v '^\(warning\|error\)\[\|: \(warning\|error\)\[' "$ef" | tail -n 5 | sed 's/^/    /' >&2 || true
    fi
  done
  ROWS+=("$key"); LABEL[$key]=$label
  WALL[$key]=$(median "${walls[@]}")
  CPU[$key]=$(median "${cpus[@]}")
  RSS[$key]=$(awk -v k="$(median "${rsss[@]}")" 'BEGIN { printf "%.0f", k / 1024 }')
  RC[$key]=$rcs
  VAULT[$key]=$v VAULTB[$key]=$(bytes "$v")
  if [ "$out" != - ] && [ -d "$out" ]; then
    OUTB[$key]=$(bytes "$out")
    FILES[$key]=$(find "$out" -type f | wc -l)
    RATIO[$key]=$(ratio "${OUTB[$key]}" "${VAULTB[$key]}")
  else
    OUTB[$key]=""; FILES[$key]=""; RATIO[$key]=""
  fi
  if [ -s "$sf" ]; then STAGES[$key]=$(stage_medians "$sf"); else STAGES[$key]=""; fi
  rm -f "$tf" "$ef" "$sf"
}

mb() { [ -n "${1:-}" ] && awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }' || printf -- '—'; }

# ---------------------------------------------------------------- report

print_report() {
  local k
  echo "#### Vaults"
  echo
  echo "| vault | notes | people | MB | files |"
  echo "|---|---:|---:|---:|---:|"
  local seen=" " v base n p
  for k in "${ROWS[@]}"; do
    v=${VAULT[$k]}
    case "$seen" in *" $v "*) continue ;; esac
    seen="$seen$v "
    base=$(basename "$v"); n=${base#vault-n}; n=${n%%-*}
    p=40; [[ "$base" == *-p[0-9]* ]] && { p=${base#*-p}; p=${p%%-*}; }
    echo "| $base | $n | $p | $(mb "$(bytes "$v")") | $(find "$v" -type f | wc -l) |"
  done
  echo
  echo "#### Runs (median of $RUNS)"
  echo
  echo "| case | notes | wall s | CPU s | RSS MiB | out MB | files | out/vault | exit | stages (s) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for k in "${ROWS[@]}"; do
    local n=${k##*-}
    echo "| ${LABEL[$k]} | $n | ${WALL[$k]} | ${CPU[$k]} | ${RSS[$k]} | $(mb "${OUTB[$k]}") | ${FILES[$k]:-—} | ${RATIO[$k]:-—} | ${RC[$k]} | ${STAGES[$k]:-—} |"
  done
  echo
  echo "#### Ratios (of median wall times; CPU in brackets)"
  echo
  local n prev=""
  line() { # line TEXT KEY_A KEY_B
    [ -n "${WALL[$2]:-}" ] && [ -n "${WALL[$3]:-}" ] || return 0
    echo "- $1: $(ratio "${WALL[$2]}" "${WALL[$3]}") ($(ratio "${CPU[$2]}" "${CPU[$3]}"))"
  }
  for n in "${SIZES[@]}"; do
    line "Hugo / minutebook build, $n notes (speed-up)" "hugo-$n" "build-$n"
    line "minutebook build / cp -r, $n notes" "build-$n" "cp-$n"
    line "check / build, $n notes" "check-$n" "build-$n"
    if [ -n "$prev" ]; then
      line "build $n / $prev notes (notes ×$(ratio "$n" "$prev"))" "build-$n" "build-$prev"
      line "hugo $n / $prev notes" "hugo-$n" "hugo-$prev"
    fi
    prev=$n
  done
  line "build with $PEOPLE people / 40 people, $EXTRA_NOTES notes" "people-$EXTRA_NOTES" "build-$EXTRA_NOTES"
  line "build --profile / plain build, $EXTRA_NOTES notes" "profile-$EXTRA_NOTES" "build-$EXTRA_NOTES"
  for k in "${ROWS[@]}"; do
    [ -n "${RATIO[$k]}" ] && [[ "$k" != cp-* ]] && echo "- output / vault bytes, ${LABEL[$k]}, ${k##*-} notes: ${RATIO[$k]}"
  done
  return 0
}

# ---------------------------------------------------------------- main

main() {
  case "${1:-}" in -h|--help) usage; exit 0 ;; esac
  SIZES=("$@")
  [ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 5000 20000)
  local n
  for n in "${SIZES[@]}"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a note count: $n"; done
  [[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
  [ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
  [ -f "$GEN" ] || die "gen-vault not found at $GEN (set GEN_VAULT)"
  mkdir -p "$CACHE"
  CACHE=$(cd "$CACHE" && pwd)
  if want people; then
    local cap
    cap=$(people_capacity)
    if [ -n "$cap" ] && [ "$PEOPLE" -gt "$cap" ]; then
      log "gen-vault can name only $cap distinct people (it would loop forever on --people $PEOPLE): using PEOPLE=$cap"
      PEOPLE=$cap
    fi
  fi
  ensure_bin
  ensure_hugo
  write_configs
  local plain="$CACHE/plain.toml" out="$CACHE/out"
  log "minutebook: $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"

  for n in "${SIZES[@]}"; do
    local v
    v=$(vault "$n")
    check_space "$v"
    if want build; then
      measure "build-$n" "minutebook build" "$n" "$v" "$out" \
        "$BIN" --config "$plain" --vault "$v" --out "$out" build -v
    fi
    if want cp; then
      measure "cp-$n" "cp -r (floor)" "$n" "$v" "$out" cp -r "$v" "$out"
    fi
    if want hugo && [ $HUGO_OK = 1 ]; then
      local site hv
      site=$(hugo_site "$n" "$v")
      hv=$("$HUGO" version | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)
      measure "hugo-$n" "hugo $hv + JSON index" "$n" "$v" "$out" \
        "$HUGO" --source "$site" --destination "$out" --quiet
    fi
    if want check; then
      measure "check-$n" "minutebook check" "$n" "$v" - \
        "$BIN" --config "$plain" --vault "$v" check
    fi
    if [ "$n" = "$EXTRA_NOTES" ]; then
      if want people; then
        local vp
        vp=$(vault "$n" "$PEOPLE")
        measure "people-$n" "minutebook build, $PEOPLE people" "$n" "$vp" "$out" \
          "$BIN" --config "$plain" --vault "$vp" --out "$out" build -v
      fi
      if want profile; then
        measure "profile-$n" "minutebook build --profile bench" "$n" "$v" "$out" \
          "$BIN" --config "$CACHE/profile.toml" --vault "$v" --out "$out" --profile bench build -v
      fi
    fi
  done
  rm -rf "$out"

  echo "minutebook \`$("$BIN" --version 2>/dev/null || basename "$BIN")\` ($BIN); $(nproc) CPUs; $(date -u +%Y-%m-%d)"
  echo
  print_report
}

main "$@"
