/* minutebook serve: reload this page when the site is rebuilt, show a failed
   build over it. Added by `minutebook serve` only; never part of a built site. */
(function () {
  "use strict";
  if (!window.EventSource) return;
  var me = document.currentScript;
  var gen = Number(new URL(me.src, location.href).searchParams.get("gen")) || 0;
  var KEY = "minutebook-live:" + location.pathname;

  // What a reload keeps: the open <details> (a transcript) and the scroll position.
  function save() {
    var open = [];
    document.querySelectorAll("details").forEach(function (d, i) {
      if (d.open) open.push(d.id ? "#" + d.id : i);
    });
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ x: scrollX, y: scrollY, open: open }));
    } catch (e) { /* storage off: reload without */ }
  }
  function restore() {
    var s = null;
    try { s = JSON.parse(sessionStorage.getItem(KEY) || "null"); sessionStorage.removeItem(KEY); } catch (e) { return; }
    if (!s) return;
    var all = document.querySelectorAll("details");
    (s.open || []).forEach(function (k) {
      var d = typeof k === "string" ? document.getElementById(k.slice(1)) : all[k];
      if (d && d.tagName === "DETAILS") d.open = true;
    });
    window.scrollTo(s.x || 0, s.y || 0);
  }
  if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);

  var box = null;
  function showError(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "minutebook-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0d0d;color:#ffe9e9;border:2px solid #ff6b6b;border-radius:8px;padding:1rem 1.2rem;" +
        "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 8px 30px rgba(0,0,0,.45)";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "Hide the build error");
      close.style.cssText = "float:right;background:none;border:0;color:inherit;font-size:20px;cursor:pointer";
      close.onclick = function () { box.hidden = true; };
      var head = document.createElement("strong");
      head.textContent = "Build failed: this is the last good site.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.6rem 0 0";
      box.appendChild(close);
      box.appendChild(head);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
    box.hidden = false;
  }
  function hideError() { if (box) box.hidden = true; }

  var es = new EventSource("/__minutebook/events");
  es.addEventListener("build", function (e) {
    var s;
    try { s = JSON.parse(e.data); } catch (err) { return; }
    if (!s.ok) { showError(s.error || "unknown error"); return; }
    hideError();
    if (s.gen > gen) { save(); es.close(); location.reload(); }
  });
})();
