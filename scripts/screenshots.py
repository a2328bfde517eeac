#!/usr/bin/env python3
"""Screenshots of a built site in headless Chromium, through chromedriver.

    scripts/screenshots.py SITE_DIR OUT_DIR [PAGE[#STEP] ...]

PAGE is a page URL relative to SITE_DIR (`meetings/x/`, `` for the home
page); after `#`, a step to run first: `open` (open the transcript), `find`
(open it and find "the"), `toc`, or a turn anchor (`t-00-01-19`). Each page
is shot at 1280 and 390 px wide, light and dark: OUT_DIR/NAME-WIDTH-SCHEME.png.
Needs chromium and chromedriver; uses only Python's standard library.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

STEPS = {
    "open": "var d = document.querySelector('details.transcript'); d.open = true; d.scrollIntoView(); window.scrollBy(0, -60);",
    "find": "var d = document.querySelector('details.transcript'); d.open = true; var i = document.getElementById('transcript-find'); i.value = 'the'; i.dispatchEvent(new Event('input'));",
    "toc": "window.scrollTo(0, document.body.scrollHeight / 3);",
}


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read().decode())["value"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    site, out = os.path.abspath(sys.argv[1]), sys.argv[2]
    pages = sys.argv[3:] or [""]
    os.makedirs(out, exist_ok=True)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    drv = subprocess.Popen(["chromedriver", f"--port={port}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        profile = tempfile.mkdtemp()
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--user-data-dir={profile}"]}}}}
        sid = call(base, "POST", "/session", caps)["sessionId"]
        ses = f"/session/{sid}"

        def cdp(cmd, params):
            call(base, "POST", ses + "/goog/cdp/execute", {"cmd": cmd, "params": params})

        for page in pages:
            url, _, step = page.partition("#")
            name = (url.strip("/").replace("/", "_") or "home") + (f"-{step}" if step else "")
            for width in (1280, 390):
                for scheme in ("light", "dark"):
                    cdp("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500})
                    cdp("Emulation.setEmulatedMedia",
                        {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                    target = "file://" + os.path.join(site, url, "index.html")
                    if step and step not in STEPS:
                        target += "#" + step
                    call(base, "POST", ses + "/url", {"url": target})
                    if step in STEPS:
                        call(base, "POST", ses + "/execute/sync", {"script": STEPS[step], "args": []})
                    time.sleep(0.4)
                    png = call(base, "GET", ses + "/screenshot")
                    path = os.path.join(out, f"{name}-{width}-{scheme}.png")
                    with open(path, "wb") as f:
                        f.write(base64.b64decode(png))
                    print(path)
        call(base, "DELETE", ses)
    finally:
        drv.kill()


if __name__ == "__main__":
    main()
