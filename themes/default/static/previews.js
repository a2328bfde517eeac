/* minutebook: hover previews of internal links (title, date, series,
   people, a short summary), as Quartz and Obsidian Publish show them.

   The build writes the previews of the published site in shards,
   previews/N.js, each a script calling __mb_pv(N, {url: [title, date,
   series, people, summary]}); a link's shard is FNV-1a of its page URL
   (relative to the site root, as src/render/previews.rs computes it)
   modulo data-shards. Shards load with a <script> tag, so previews work
   from file:// too, and only when a preview is asked for.

   Shown after a short rest of the pointer on a link, or when the link has
   the keyboard focus; described to assistive technology through
   aria-describedby; Escape hides it. The popup is positioned over the
   page: nothing moves. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var SHARDS = Number(me.getAttribute("data-shards")) || 0;
  if (!SHARDS) return;
  var ROOT = new URL(me.getAttribute("data-root") || "./", location.href);
  var data = {}, loading = {};
  window.__mb_pv = function (k, d) { data[k] = d; };

  function hash(key) {
    var h = 0x811c9dc5, b = new TextEncoder().encode(key);
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h;
  }
  // The page URL of a link relative to the site root (`meetings/x/`), or null.
  function keyOf(a) {
    var href = a.getAttribute("href");
    if (!href || href.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
    var u;
    try { u = new URL(href, location.href); } catch (e) { return null; }
    if (u.protocol !== ROOT.protocol || u.host !== ROOT.host || u.pathname.indexOf(ROOT.pathname) !== 0) return null;
    var here = location.pathname.replace(/index\.html$/, "");
    var path = u.pathname.replace(/index\.html$/, "");
    if (path === here) return null;
    var rel = path.slice(ROOT.pathname.length);
    try { rel = decodeURIComponent(rel); } catch (e) { return null; }
    return rel;
  }
  function shard(k) {
    if (!loading[k]) {
      loading[k] = new Promise(function (res) {
        var s = document.createElement("script");
        s.src = new URL("previews/" + k + ".js", ROOT).href;
        s.async = true;
        s.onload = function () { res(data[k] || {}); };
        s.onerror = function () { res({}); };
        document.head.appendChild(s);
      });
    }
    return loading[k];
  }

  var pop = document.createElement("div");
  pop.id = "mb-preview";
  pop.className = "mb-preview";
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  document.body.appendChild(pop);
  var owner = null, timer = 0, hideTimer = 0, seq = 0;

  function text(tag, cls, s) {
    var el = document.createElement(tag);
    el.className = cls;
    el.textContent = s;
    return el;
  }
  function fill(p) {
    pop.textContent = "";
    pop.appendChild(text("p", "mb-preview-title", p[0]));
    var meta = [p[1], p[2]].filter(Boolean).join(" · ");
    if (meta) pop.appendChild(text("p", "mb-preview-meta", meta));
    if (p[3]) pop.appendChild(text("p", "mb-preview-people", p[3]));
    if (p[4]) pop.appendChild(text("p", "mb-preview-summary", p[4]));
  }
  function place(a) {
    var r = a.getBoundingClientRect(), w = pop.offsetWidth, h = pop.offsetHeight;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
    var top = r.bottom + 6;
    if (top + h > window.innerHeight - 8 && r.top - h - 6 > 8) top = r.top - h - 6;
    pop.style.left = (left + window.scrollX) + "px";
    pop.style.top = (top + window.scrollY) + "px";
  }
  function show(a) {
    var key = keyOf(a);
    if (key === null) return;
    var my = ++seq;
    shard(hash(key) % SHARDS).then(function (d) {
      if (my !== seq || !Object.prototype.hasOwnProperty.call(d, key)) return;
      hide();
      fill(d[key]);
      owner = a;
      pop.hidden = false;
      place(a);
      var ids = (a.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (ids.indexOf(pop.id) < 0) { ids.push(pop.id); a.setAttribute("aria-describedby", ids.join(" ")); }
    });
  }
  function hide() {
    clearTimeout(hideTimer);
    if (owner) {
      var ids = (owner.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== pop.id; });
      if (ids.length) owner.setAttribute("aria-describedby", ids.join(" ")); else owner.removeAttribute("aria-describedby");
    }
    owner = null;
    pop.hidden = true;
  }
  function link(e) {
    var a = e.target && e.target.closest && e.target.closest("a[href]");
    if (!a || a.closest(".site-header, .toc, .mb-preview, .turn-time, .mb-drop")) return null;
    return a;
  }
  document.addEventListener("mouseover", function (e) {
    var a = link(e);
    if (e.target.closest && e.target.closest(".mb-preview")) { clearTimeout(hideTimer); return; }
    if (!a || a === owner) return;
    clearTimeout(timer);
    timer = setTimeout(function () { show(a); }, 350);
  });
  document.addEventListener("mouseout", function (e) {
    var a = link(e);
    if (a) clearTimeout(timer);
    if (owner && (a === owner || (e.target.closest && e.target.closest(".mb-preview")))) {
      var to = e.relatedTarget;
      if (to && (owner.contains(to) || pop.contains(to))) return;
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 250);
    }
  });
  document.addEventListener("focusin", function (e) {
    var a = link(e);
    if (a) { clearTimeout(timer); show(a); } else if (owner) hide();
  });
  document.addEventListener("focusout", function (e) {
    if (owner && e.target === owner) { seq++; hide(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !pop.hidden) { seq++; hide(); }
  });
  window.addEventListener("resize", function () { if (owner) place(owner); });
})();
