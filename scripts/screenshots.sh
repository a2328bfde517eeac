#!/usr/bin/env bash
# Screenshots of every page type of the example site, light and dark, at
# 1280 and 390 px wide, taken by headless Chromium from file://.
#
#   scripts/screenshots.sh OUT_DIR            # content-example, built with site.toml
#   VAULT=/tmp/v1k scripts/screenshots.sh OUT_DIR   # another vault (a title-only config)
#
# Writes OUT_DIR/<page>-<light|dark>-<1280|390>.png and lists them
# (FORMAT=webp writes smaller .webp files, as docs/screenshots/ holds). Needs
# chromium and chromedriver (Debian's chromium and chromium-driver) and
# python3; builds with `cargo run --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/screenshots.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
command -v chromedriver >/dev/null || { echo "no chromedriver"; exit 1; }
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
declare -A pages=(
  [home]="index.html"
  [meeting]="$meeting"
  [transcript]="$meeting#transcript"
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
  [decisions]="decisions/index.html"
  [open-questions]="open-questions/index.html"
  [risks]="risks/index.html"
)
# One headless Chromium session through chromedriver: the colour scheme and
# the width are emulated (CDP), and a page may be set up first (the
# transcript opened and scrolled to).
args=()
for name in "${!pages[@]}"; do
  [ -n "${pages[$name]}" ] || { echo "no page for $name"; continue; }
  args+=("$name=${pages[$name]}")
done
fmt=${FORMAT:-png}
python3 - "$pub" "$out" "$fmt" "${args[@]}" <<'PY'
import base64, json, os, socket, subprocess, sys, tempfile, time, urllib.request
pub, out, fmt, pages = sys.argv[1], sys.argv[2], sys.argv[3], [a.split("=", 1) for a in sys.argv[4:]]
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, method=method, data=data, headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))["value"]
for _ in range(200):
    try: call("GET", "/status"); break
    except Exception: time.sleep(0.1)
profile = tempfile.mkdtemp()
opts = {"args": ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files", f"--user-data-dir={profile}"]}
for b in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
    if os.path.exists(b): opts["binary"] = b; break
sid = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": opts}}})["sessionId"]
S = f"/session/{sid}"
cdp = lambda cmd, params: call("POST", S + "/goog/cdp/execute", {"cmd": cmd, "params": params})
js = lambda script: call("POST", S + "/execute/sync", {"script": script, "args": []})
try:
    for name, rel in sorted(pages):
        path, _, frag = rel.partition("#")
        for scheme in ("light", "dark"):
            cdp("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            for w in (1280, 390):
                cdp("Emulation.setDeviceMetricsOverride", {"width": w, "height": 900 if w > 600 else 844, "deviceScaleFactor": 1, "mobile": w < 600})
                call("POST", S + "/url", {"url": "file://" + os.path.join(pub, path)})
                if frag == "transcript":
                    js("var d = document.querySelector('details.transcript'); d.open = true; d.scrollIntoView(); return null;")
                if "?q=" in path:
                    for _ in range(100):
                        if js("return document.querySelectorAll('#mb-results > li').length"): break
                        time.sleep(0.1)
                time.sleep(0.3)
                shot = cdp("Page.captureScreenshot", {"format": fmt, **({"quality": 80} if fmt != "png" else {})})["data"]
                with open(os.path.join(out, f"{name}-{scheme}-{w}.{fmt}"), "wb") as f:
                    f.write(base64.b64decode(shot))
finally:
    call("DELETE", S); driver.kill()
PY
ls -1 "$out"/*."$fmt"
