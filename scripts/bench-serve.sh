#!/usr/bin/env bash
# Benchmark `minutebook serve` as a writer feels it: save one note, and time
# until the event that tells the open pages to reload (issue 13's figure).
#
#   scripts/bench-serve.sh [NOTES]          (default: 5000)
#   EDITS=20 BIN=target/release/minutebook scripts/bench-serve.sh 1000
#
# It generates (and keeps) a gen-vault vault (`--seed 7 --no-defects`), starts
# `serve --port 0` on it with a config holding a title only, reads the
# Server-Sent Events stream as a page does, then EDITS times (default 20)
# rewrites one meeting note (a different one each time) and measures from the
# write's close to the `build` event of the new generation. Prints each edit's
# milliseconds on stderr and, on stdout, a Markdown line: median, worst, and
# the server's own "built … in N ms" / "re-rendered … in N ms" /
# "rebuilt in place, … in N ms" / "resolved on their own, … in N ms" median.
#
# EDIT says what a save changes:
#   word  (default) a word added to the first paragraph after the first `## `
#         heading: prose only, which serve re-renders incrementally
#   line  a new paragraph inserted after that heading: every line below moves,
#         which resolves and renders the site again, in place
#   task  a new action item with a due date added at the end of the
#         note: the actions and person pages change too
#   link  a paragraph linking to another meeting added at the end of the
#         note: the linked note gets a backlink
#
# Environment:
#   BIN          minutebook binary (default: `cargo build --release`, then
#                ${CARGO_TARGET_DIR:-target}/release/minutebook)
#   EDITS        edits to time (default 20)
#   EDIT         word, line, task or link (above)
#   BENCH_CACHE  where the vault and output live (default /tmp/minutebook-bench)
#   GEN_VAULT    the generator (default: ../shared/tools/gen-vault beside the repo)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NOTES=${1:-5000}
EDITS=${EDITS:-20}
CACHE=${BENCH_CACHE:-/tmp/minutebook-bench}
GEN=${GEN_VAULT:-$ROOT/../shared/tools/gen-vault}
mkdir -p "$CACHE"
[ -n "${BIN:-}" ] && BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
if [ -z "${BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/minutebook
fi
VAULT=$CACHE/vault-n$NOTES-s7-nodefects
if [ ! -d "$VAULT" ]; then
  echo "generating $VAULT" >&2
  "$GEN" --out "$VAULT" --notes "$NOTES" --seed 7 --no-defects >/dev/null
fi
SITE=$CACHE/serve-site
rm -rf "$SITE" && mkdir -p "$SITE"
printf 'title = "bench"\n' > "$SITE/site.toml"
# a private copy of the vault: the edits must not change the cached one
cp -r "$VAULT" "$SITE/vault"

python3 - "$BIN" "$SITE" "$EDITS" "${EDIT:-word}" <<'PY'
import http.client, json, os, queue, re, statistics, subprocess, sys, threading, time

binary, site, edits, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if kind not in ("word", "line", "task", "link"):
    sys.exit(f"EDIT must be word, line, task or link, not {kind!r}")


def edited(text, i):
    """The note's text after edit number i."""
    if kind == "task":
        return text.rstrip("\n") + f"\n\n- [ ] Bench check {i} 📅 2031-05-{i % 28 + 1:02d}\n"
    if kind == "link":
        other = os.path.basename(notes[((i + 1) * step + 1) % len(notes)])[:-3]
        return text.rstrip("\n") + f"\n\nSee also [[{other}]].\n"
    lines = text.split("\n")
    h = next((k for k, l in enumerate(lines) if l.startswith("## ")), None)
    if h is None:
        return text.rstrip("\n") + f" benchedit{i}\n"
    if kind == "line":
        lines[h + 1:h + 1] = ["", f"An inserted paragraph, edit {i}."]
        return "\n".join(lines)
    k = next((k for k in range(h + 1, len(lines)) if lines[k].strip()), None)
    if k is None:
        return text.rstrip("\n") + f" benchedit{i}\n"
    lines[k] = lines[k] + f" benchedit{i}"
    return "\n".join(lines)

proc = subprocess.Popen([binary, "serve", "--port", "0", "--config", "site.toml", "--vault", "vault", "--out", "public"],
                        cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l.rstrip("\n")) for l in proc.stderr], daemon=True).start()
try:
    port = None
    while port is None:
        l = lines.get(timeout=600)
        m = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", l)
        port = m and int(m.group(1))
    events = queue.Queue()

    def listen():
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("GET", "/__minutebook/events")
        r = c.getresponse()
        for raw in r:
            line = raw.decode().rstrip("\n")
            if line.startswith("data: "):
                events.put((time.perf_counter(), json.loads(line[6:])))
    threading.Thread(target=listen, daemon=True).start()
    _, first = events.get(timeout=60)
    gen = first["gen"]
    notes = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, "vault", "Meetings")) for f in fs if f.endswith(".md"))
    step = max(1, len(notes) // edits)
    took, server_ms = [], []
    for i in range(edits):
        path = notes[(i * step) % len(notes)]
        text = open(path, encoding="utf-8", errors="surrogateescape").read()
        while not lines.empty():
            lines.get_nowait()
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(edited(text, i))
        t0 = time.perf_counter()
        while True:
            t, e = events.get(timeout=600)
            if e.get("ok") and e["gen"] > gen:
                gen = e["gen"]
                break
        took.append((t - t0) * 1000)
        while True:
            l = lines.get(timeout=60)
            m = re.search(r"(?:built \d+ files|re-rendered \d+ pages? \(\d+ changed\)|rebuilt in place, .*?|resolved on their own, .*?) in (\d+) ms", l)
            if m:
                server_ms.append(int(m.group(1)))
                how = "incremental" if "re-rendered" in l else "local" if "on their own" in l else "in place" if "in place" in l else "full build"
                break
        print(f"edit {i + 1}: {took[-1]:.0f} ms (server: {how}, {server_ms[-1]} ms) {os.path.relpath(path, site)}", file=sys.stderr)
        time.sleep(0.3)
    print(f"| save → reload event, {len(notes)} meeting notes, EDIT={kind} | median {statistics.median(took):.0f} ms | worst {max(took):.0f} ms "
          f"| server's own median {statistics.median(server_ms):.0f} ms | {edits} edits |")
finally:
    proc.terminate()
    proc.wait()
PY
