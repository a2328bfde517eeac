/* minutebook: small progressive enhancements. The pages work without it. */
(function () {
  "use strict";
  var today = new Date();
  var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" + String(today.getDate()).padStart(2, "0");

  // Flag overdue open action items (done in the browser so the output stays deterministic).
  var overdue = 0;
  document.querySelectorAll(".task[data-due]").forEach(function (el) {
    var st = el.getAttribute("data-status");
    if ((st === "open" || st === "in-progress") && el.getAttribute("data-due") < iso) {
      el.classList.add("overdue");
      el.setAttribute("title", "Overdue since " + el.getAttribute("data-due"));
      overdue++;
    }
  });
  var note = document.querySelector(".overdue-note");
  if (note && overdue) { note.hidden = false; note.textContent = overdue + " overdue."; }

  // Sort action items by due date, meeting date or priority.
  var PRI = { highest: 0, high: 1, medium: 2, low: 4, lowest: 5 };
  var sel = document.getElementById("task-sort");
  function sortLists(by) {
    document.querySelectorAll(".task-list").forEach(function (ul) {
      var items = Array.prototype.slice.call(ul.children);
      items.sort(function (a, b) {
        function key(el) {
          if (by === "priority") { var p = el.getAttribute("data-priority"); return String(p in PRI ? PRI[p] : 3) + (el.getAttribute("data-due") || "9999"); }
          if (by === "meeting") { return el.getAttribute("data-meeting") || "9999"; }
          return el.getAttribute("data-due") || "9999-99-99";
        }
        var ka = key(a), kb = key(b);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      items.forEach(function (el) { ul.appendChild(el); });
    });
  }
  if (sel) { sel.addEventListener("change", function () { sortLists(sel.value); }); }

  // Opening a link to a transcript turn (#t-00-31-43) opens the transcript and highlights the turn.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    var d = el.closest("details");
    while (d) { d.open = true; d = d.parentElement && d.parentElement.closest("details"); }
    document.querySelectorAll(".turn.target").forEach(function (t) { t.classList.remove("target"); });
    if (el.classList.contains("turn")) el.classList.add("target");
    el.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  // Videos: a card links to the video; a click swaps in the host's player
  // (nothing is fetched from the host before). Only players of known hosts.
  document.documentElement.classList.add("js");
  var PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://www.dailymotion.com", "https://www.loom.com"];
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.web-embed.video[data-player]");
    if (!a || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var src;
    try { src = new URL(a.getAttribute("data-player")); } catch (err) { return; }
    if (PLAYERS.indexOf(src.origin) < 0) return;
    e.preventDefault();
    src.searchParams.set("autoplay", "1");
    var f = document.createElement("iframe");
    f.src = src.href;
    f.title = a.querySelector(".web-embed-title").textContent;
    f.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    f.setAttribute("allowfullscreen", "");
    f.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
    f.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    var box = document.createElement("span");
    box.className = "web-embed-frame";
    box.appendChild(f);
    a.replaceWith(box);
  });

  // Mermaid diagrams: drawn when the page loaded the mermaid script (pages
  // with a diagram do), in the light or dark theme the page shows, again
  // when it changes. A diagram that cannot be drawn keeps its source, with a notice.
  var sources = document.querySelectorAll("pre.mermaid");
  if (sources.length && window.mermaid) {
    var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    var count = 0;
    var drawAll = function () {
      // the page's toggle (<html data-theme>) over the system's scheme
      var chosen = document.documentElement.getAttribute("data-theme");
      var isDark = chosen ? chosen === "dark" : !!(dark && dark.matches);
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: isDark ? "dark" : "default" });
      var chain = Promise.resolve();
      sources.forEach(function (pre) {
        chain = chain.then(function () { return drawOne(pre); });
      });
    };
    var place = function (pre, cls, tag) {
      var el = pre.previousElementSibling;
      if (!el || !el.classList.contains(cls)) {
        el = document.createElement(tag);
        el.className = cls;
        pre.parentNode.insertBefore(el, pre);
      }
      return el;
    };
    var clear = function (pre, cls) {
      var el = pre.previousElementSibling;
      if (el && el.classList.contains(cls)) el.remove();
    };
    var drawOne = function (pre) {
      var id = "mermaid-" + (++count);
      return window.mermaid.render(id, pre.textContent).then(function (r) {
        clear(pre, "mermaid-error");
        place(pre, "mermaid-diagram", "div").innerHTML = r.svg;
        pre.classList.add("drawn");
      }, function (err) {
        ["d" + id, id].forEach(function (x) { var el = document.getElementById(x); if (el) el.remove(); });
        clear(pre, "mermaid-diagram");
        pre.classList.remove("drawn");
        var msg = String((err && err.message) || err).split("\n")[0];
        place(pre, "mermaid-error", "p").textContent = "This diagram could not be drawn (" + msg + "); its source is shown as written.";
      });
    };
    drawAll();
    if (dark && dark.addEventListener) dark.addEventListener("change", drawAll);
    window.addEventListener("mb-theme", drawAll);
  }

  // Canvases: zoom buttons, Ctrl+wheel zoom and drag to pan (without script a board fits the width and scrolls).
  document.querySelectorAll(".canvas").forEach(function (fig) {
    var tools = fig.querySelector(".canvas-tools"), view = fig.querySelector(".canvas-viewport"), stage = fig.querySelector(".canvas-stage");
    if (!tools || !view || !stage) return;
    var zoom = 1, base = 0;
    function set(z) {
      if (!base) base = stage.getBoundingClientRect().width;
      zoom = Math.min(4, Math.max(0.25, z));
      stage.style.width = zoom === 1 ? "" : (base * zoom) + "px";
    }
    tools.hidden = false;
    tools.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var k = b.getAttribute("data-zoom");
      set(k === "in" ? zoom * 1.25 : k === "out" ? zoom / 1.25 : 1);
    });
    view.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) return;
      e.preventDefault();
      set(zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
    }, { passive: false });
    view.addEventListener("keydown", function (e) {
      if (e.key === "+" || e.key === "=") set(zoom * 1.25);
      else if (e.key === "-") set(zoom / 1.25);
      else if (e.key === "0") set(1);
    });
    var drag = null;
    view.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || e.target.closest("a, button, input, summary")) return;
      drag = { x: e.clientX, y: e.clientY, l: view.scrollLeft, t: view.scrollTop };
      view.classList.add("dragging");
      view.setPointerCapture(e.pointerId);
    });
    view.addEventListener("pointermove", function (e) {
      if (!drag) return;
      view.scrollLeft = drag.l - (e.clientX - drag.x);
      view.scrollTop = drag.t - (e.clientY - drag.y);
    });
    function end() { drag = null; view.classList.remove("dragging"); }
    view.addEventListener("pointerup", end);
    view.addEventListener("pointercancel", end);
  });
})();
