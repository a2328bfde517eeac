#!/usr/bin/env bash
# Screenshots of every page type of the example site, light and dark, at
# 1280 and 390 px wide, taken by headless Chromium from file://.
#
#   scripts/screenshots.sh OUT_DIR            # content-example, built with site.toml
#   VAULT=/tmp/v1k scripts/screenshots.sh OUT_DIR   # another vault (a title-only config)
#
# Writes OUT_DIR/<page>-<light|dark>-<1280|390>.png and lists them. Needs
# chromium (Debian's package); builds with `cargo run --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/screenshots.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {
  echo "no chromium"; exit 1; }
site=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$site" "$profile"' EXIT

if [ -n "${VAULT:-}" ]; then
  cfg="$site/site.toml"
  echo 'title = "Meeting archive"' > "$cfg"
  cargo run --release --quiet -- --config "$cfg" --vault "$VAULT" build --out "$site/public" >/dev/null
else
  cargo run --release --quiet -- build --out "$site/public" >/dev/null
fi
pub="$site/public"

# The first page under a folder whose HTML holds a marker.
first() { grep -rl --include=index.html -- "$2" "$pub/$1" 2>/dev/null | sort | head -1 | sed "s|^$pub/||"; }

meeting=$(first meetings 'details class="transcript')
turn=$(grep -o 'id="t-[0-9-]*"' "$pub/$meeting" | head -1 | sed 's/id="\(.*\)"/\1/')
declare -A pages=(
  [home]="index.html"
  [meeting]="$meeting"
  [transcript]="$meeting#$turn"
  [person]="$(first people 'person-page' | grep -v '^people/index.html$' | head -1)"
  [people]="people/index.html"
  [series]="$(first series 'series-page')"
  [series-index]="series/index.html"
  [tag]="$(first tags 'page tag')"
  [tags]="tags/index.html"
  [archive]="archive/index.html"
  [archive-year]="$(first archive 'archive-list')"
  [search]="search/index.html?q=pricing"
  [actions]="actions/index.html"
)
for name in "${!pages[@]}"; do
  rel=${pages[$name]}
  [ -n "$rel" ] || { echo "no page for $name"; continue; }
  for scheme in light dark; do
    # Blink's preferred colour scheme: 0 dark, 1 light
    pref=$([ "$scheme" = dark ] && echo 0 || echo 1)
    for w in 1280 390; do
      h=$([ "$w" = 390 ] && echo 844 || echo 900)
      "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$profile" --no-first-run --disable-background-networking \
        --blink-settings=preferredColorScheme=$pref --virtual-time-budget=4000 \
        --window-size="$w,$h" --screenshot="$out/$name-$scheme-$w.png" \
        "file://$pub/$rel" >/dev/null 2>&1
    done
  done
done
ls -1 "$out"/*.png
