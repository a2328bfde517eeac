/* minutebook: the tools of a meeting page's transcript (the page works
   without them; they stay hidden then).

   - Find: a search box inside the opened transcript. Matches are
     highlighted with the CSS Custom Highlight API (no change to the DOM,
     so no reflow of thousands of turns; where it is missing, the turn of
     the current match is marked instead); "n of m"; Enter / Shift+Enter
     or the arrow buttons go to the next / previous match; Escape clears.
   - Speaker filter: a checkbox per speaker; unchecked speakers' turn
     groups are hidden by one generated style rule.
   - Collapse: the button at the end closes the transcript and puts the
     focus back on its summary. */
(function () {
  "use strict";
  var box = document.querySelector("details.transcript:not(.transcript-inline)");
  if (!box) return;
  var tools = box.querySelector(".transcript-tools");
  var list = box.querySelector(".turns");
  var summary = box.querySelector("summary");
  var collapse = box.querySelector(".transcript-collapse");
  if (collapse) {
    collapse.hidden = false;
    collapse.addEventListener("click", function () {
      box.open = false;
      summary.focus();
      summary.scrollIntoView({ block: "nearest" });
    });
  }
  if (!tools || !list) return;
  tools.hidden = false;

  /* ---- speaker filter ---- */
  var style = document.createElement("style");
  document.head.appendChild(style);
  var hidden = {};
  tools.querySelectorAll(".tt-speakers input[type=checkbox]").forEach(function (c) {
    c.addEventListener("change", function () {
      hidden = {};
      var rules = [];
      tools.querySelectorAll(".tt-speakers input[type=checkbox]").forEach(function (x) {
        if (!x.checked) { hidden[x.value] = true; rules.push('.turns > [data-s="' + x.value + '"]'); }
      });
      style.textContent = rules.length ? rules.join(",") + "{display:none}" : "";
      find(true);
    });
  });

  /* ---- find ---- */
  var input = tools.querySelector("#transcript-find");
  var count = tools.querySelector(".tt-count");
  var HL = window.CSS && CSS.highlights && typeof Highlight === "function";
  var turns = null; // [{el, text}] of every turn, read once
  var matches = [], at = -1, query = "";
  function read() {
    if (turns) return;
    turns = [];
    list.querySelectorAll(".turn").forEach(function (el) {
      var t = el.querySelector(".turn-text");
      if (t) turns.push({ el: el, text: t, group: el.closest("[data-s]") });
    });
  }
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // A range over the text nodes of `el` from character `start` to `end`.
  function rangeOf(el, start, end) {
    var w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), n, pos = 0, r = document.createRange(), begun = false;
    while ((n = w.nextNode())) {
      var len = n.nodeValue.length;
      if (!begun && start <= pos + len) { r.setStart(n, start - pos); begun = true; }
      if (begun && end <= pos + len) { r.setEnd(n, end - pos); return r; }
      pos += len;
    }
    return null;
  }
  function clear() {
    if (HL) { CSS.highlights.delete("mb-find"); CSS.highlights.delete("mb-find-current"); }
    list.querySelectorAll(".turn.find-current").forEach(function (el) { el.classList.remove("find-current"); });
  }
  function find(keep) {
    var q = input.value.trim();
    if (!keep && q === query) return;
    query = q;
    clear();
    matches = []; at = -1;
    if (!q) { count.textContent = ""; return; }
    read();
    var re = new RegExp(escapeRe(q), "giu"), all;
    for (var i = 0; i < turns.length; i++) {
      var t = turns[i];
      if (t.group && hidden[t.group.getAttribute("data-s")]) continue;
      var s = t.text.textContent, m;
      re.lastIndex = 0;
      while ((m = re.exec(s))) {
        matches.push({ t: t, start: m.index, end: m.index + m[0].length });
        if (m[0].length === 0) re.lastIndex++;
      }
    }
    if (HL) {
      // highlight every match (the first 5,000: beyond that the count says it)
      var rs = [];
      for (var k = 0; k < matches.length && k < 5000; k++) {
        var r = rangeOf(matches[k].t.text, matches[k].start, matches[k].end);
        if (r) rs.push(r);
      }
      all = new Highlight();
      rs.forEach(function (r) { all.add(r); });
      CSS.highlights.set("mb-find", all);
    }
    if (matches.length) go(0); else count.textContent = "No matches";
  }
  function go(k) {
    if (!matches.length) return;
    at = (k + matches.length) % matches.length;
    var m = matches[at];
    list.querySelectorAll(".turn.find-current").forEach(function (el) { el.classList.remove("find-current"); });
    m.t.el.classList.add("find-current");
    if (HL) {
      var r = rangeOf(m.t.text, m.start, m.end);
      if (r) CSS.highlights.set("mb-find-current", new Highlight(r));
    }
    m.t.el.scrollIntoView({ block: "center" });
    count.textContent = (at + 1) + " of " + matches.length;
  }
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { find(false); }, 150);
  });
  function step(d) {
    clearTimeout(timer);
    if (input.value.trim() !== query) find(false);
    else go(at + d);
  }
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    } else if (e.key === "Escape" && input.value) {
      e.preventDefault();
      input.value = "";
      find(false);
    }
  });
  tools.querySelector(".tt-next").addEventListener("click", function () { step(1); });
  tools.querySelector(".tt-prev").addEventListener("click", function () { step(-1); });
})();
