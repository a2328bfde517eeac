#!/usr/bin/env bash
# Search benchmark: for gen-vault vaults of 1,000 and 5,000 notes (seed 8,
# default transcript scale), report the index build time, the total index
# size, the bytes (as read from file://, and gzip) a page loads before the
# first query and per query (rare words, the commonest content words, a
# two-word query whose words are all required, and a phrase said in one
# turn), and the time to the first results with snippets in headless
# Chromium (driven through chromedriver, real time, a cold browser each
# query, site opened from file://).
#
#   scripts/bench-search.sh [NOTES...]      (default: 1000 5000)
#
# Needs python3, ../shared/tools/gen-vault, chromium and chromium-driver.
# Vaults are cached in $BENCH_DIR (default /tmp/minutebook-bench-search).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-/tmp/minutebook-bench-search}
mkdir -p "$DIR"
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/minutebook
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 5000)
for n in "${SIZES[@]}"; do
  v="$DIR/v$n"
  if [ ! -f "$v.json" ]; then
    rm -rf "$v"
    python3 ../shared/tools/gen-vault --out "$v" --notes "$n" --seed 8 --no-defects --manifest "$v.json" >/dev/null
  fi
  out="$DIR/o$n"
  rm -rf "$out"
  log=$("$BIN" build -v --vault "$v" --out "$out" 2>&1 | grep -E '^(stages|built)')
  python3 - "$n" "$v" "$out" "$log" <<'PY'
import gzip, json, os, re, subprocess, sys, time, urllib.request, urllib.parse, socket, collections
n, vault, out, log = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
idx = os.path.join(out, "search", "idx")
def gz(p):
    with open(p, "rb") as f:
        return len(gzip.compress(f.read(), 6))
raw = tot_gz = files = 0
for root, _, names in os.walk(idx):
    for x in names:
        p = os.path.join(root, x)
        raw += os.path.getsize(p); files += 1
        if x.endswith(".js") and "/s/" in p:
            tot_gz += gz(p)
post = sum(os.path.getsize(os.path.join(idx, "s", x)) for x in os.listdir(os.path.join(idx, "s")))
frag = sum(os.path.getsize(os.path.join(idx, "f", x)) for x in os.listdir(os.path.join(idx, "f")))
m = re.search(r"search index ([\d.]+)(m?s)", log)
build_s = float(m.group(1)) / (1000 if m and m.group(2) == "ms" else 1) if m else float("nan")
total = re.search(r"in ([\d.]+m?s)", log)
print(f"== {n} notes: {log.splitlines()[-1]}")
print(f"index build (parallel with rendering): {build_s:.2f} s; whole build {total.group(1) if total else '?'}")
print(f"index on disk: {raw/1e6:.1f} MB in {files} files (term shards {post/1e6:.1f} MB, {tot_gz/1e6:.1f} MB gzip; snippet fragments {frag/1e6:.1f} MB)")
# query words: a rare one (as the conformance check picks them) and the commonest content words
man = json.load(open(vault + ".json"))
df, tf = {}, collections.Counter()
lib = open(os.path.join(out, "static", "elasticlunr.min.js")).read()
stop = set(re.findall(r"([a-z]+):!0", lib[lib.index("stopWords="):][:3000]))
for note in man["notes"]:
    if not note["transcript"]:
        continue
    text = open(os.path.join(vault, note["path"]), encoding="utf-8").read().split("ai:transcript:start", 1)[-1]
    for w in set(re.findall(r"[a-z]{7,}", text)):
        df[w] = df.get(w, 0) + 1
    tf.update(w for w in re.findall(r"[a-z]+", text.lower()) if w not in stop and len(w) > 3)
rare = sorted(w for w, c in df.items() if c == 1)[:: max(1, len(df) // 50)][:3]
common = [w for w, _ in tf.most_common(3)]
# a two-word query (all words required) and a phrase said in one turn
both = f"{common[0]} {tf.most_common(12)[-1][0]}"
phrase = None
for note in man["notes"]:
    if phrase or not note["transcript"]:
        continue
    text = open(os.path.join(vault, note["path"]), encoding="utf-8").read().split("ai:transcript:start", 1)[-1]
    for line in text.splitlines():
        ws = re.findall(r"[A-Za-z]+", line.split(":", 3)[-1])
        if len(ws) >= 9:
            phrase = '"' + " ".join(ws[4:7]).lower() + '"'
            break
# chromedriver
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
drv = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=120))
for _ in range(100):
    try:
        call("GET", "/status"); break
    except Exception:
        time.sleep(0.1)
def run(word):
    caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--disable-background-networking"]}}}}
    sid = call("POST", "/session", caps)["value"]["sessionId"]
    try:
        call("POST", f"/session/{sid}/url", {"url": "file://" + os.path.abspath(out) + "/search/index.html?mbbench=1&q=" + urllib.parse.quote(word)})
        for _ in range(600):
            v = call("POST", f"/session/{sid}/execute/sync", {"script": "var e=document.getElementById('mb-bench');return e&&e.textContent;", "args": []})["value"]
            if v:
                return json.loads(v)
            time.sleep(0.05)
    finally:
        call("DELETE", f"/session/{sid}")
try:
    pre_files = ["static/search.js"]
    first = None
    for kind, w in [("rare", x) for x in rare] + [("common", x) for x in common] + [("and", both), ("phrase", phrase)]:
        if not w:
            continue
        r = run(w)
        if r is None:
            print(f"  {kind} {w!r}: no result in 30 s"); continue
        path = lambda p: os.path.join(out, "static", p) if p.endswith(".min.js") else os.path.join(idx, p)
        size = lambda p: os.path.getsize(path(p))
        js = os.path.join(out, "static", "search.js")
        before = sum(gz(path(p)) for p in r["before"]) + gz(js)
        before_raw = sum(size(p) for p in r["before"]) + os.path.getsize(js)
        after = sum(gz(path(p)) for p in r["after"])
        after_raw = sum(size(p) for p in r["after"])
        listed = sum(gz(path(p)) for p in r["all"])
        if first is None:
            first = before
            print(f"before the first keystroke: {before_raw/1024:.1f} KB as read from file:// ({before/1024:.1f} KB gzip): search.js + {', '.join(r['before'])}")
        print(f"  {kind:6} {w!r:24} {r['notes']:5} notes {r['hits']:6} passages  +{after_raw/1024:7.1f} KB ({after/1024:.1f} KB gzip) in {len(r['after']):3} files  {r['ms']:7.1f} ms to the first results with snippets (query {r['tq']:.0f} ms); whole list of up to 200 notes +{listed/1024:.1f} KB gzip in {len(r['all'])} files, {r['msAll']:.0f} ms")
finally:
    drv.terminate()
PY
done
