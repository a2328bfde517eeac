/* minutebook: the light/dark toggle and the table of contents. The pages
   work without it (they follow the system's scheme; the contents are a
   collapsed list).

   Theme: an inline script in <head> sets <html data-theme> from
   localStorage["mb-theme"] before the first paint; the toggle flips the
   shown scheme and remembers the choice, or forgets it when the choice is
   the system's (so the page follows the system again). */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "mb-theme";
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function system() { return media && media.matches ? "dark" : "light"; }
  function shown() { return root.getAttribute("data-theme") || system(); }
  var btn = document.querySelector(".theme-toggle");
  function sync() {
    if (!btn) return;
    var dark = shown() === "dark";
    btn.setAttribute("aria-pressed", dark ? "true" : "false");
    btn.title = dark ? "Dark theme (click for light)" : "Light theme (click for dark)";
  }
  function set(theme) {
    var stored = theme === system() ? null : theme;
    try { if (stored) localStorage.setItem(KEY, stored); else localStorage.removeItem(KEY); } catch (e) { /* storage off */ }
    if (stored) root.setAttribute("data-theme", stored); else root.removeAttribute("data-theme");
    sync();
    // let other scripts (mermaid) redraw in the new scheme
    try { window.dispatchEvent(new CustomEvent("mb-theme", { detail: shown() })); } catch (e) { /* old browser */ }
  }
  if (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () { set(shown() === "dark" ? "light" : "dark"); });
    sync();
  }
  if (media && media.addEventListener) media.addEventListener("change", sync);
  // another tab changed the theme
  window.addEventListener("storage", function (e) {
    if (e.key !== KEY) return;
    if (e.newValue === "light" || e.newValue === "dark") root.setAttribute("data-theme", e.newValue);
    else root.removeAttribute("data-theme");
    sync();
  });

  /* ---- table of contents: open beside the text on wide screens, the
     section being read marked (aria-current) ---- */
  var toc = document.getElementById("toc");
  if (!toc) return;
  var wide = window.matchMedia ? window.matchMedia("(min-width: 76rem)") : null;
  function place() { if (wide && wide.matches) toc.open = true; }
  place();
  if (wide && wide.addEventListener) wide.addEventListener("change", place);
  var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
  var targets = links.map(function (a) {
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    return document.getElementById(id);
  });
  if (!("IntersectionObserver" in window)) return;
  var current = -1;
  function mark(k) {
    if (k === current) return;
    if (current >= 0) links[current].removeAttribute("aria-current");
    current = k;
    if (k >= 0) links[k].setAttribute("aria-current", "location");
  }
  function update() {
    // the last heading above the top fifth of the window
    var line = window.innerHeight * 0.2, k = -1;
    for (var i = 0; i < targets.length; i++) {
      if (targets[i] && targets[i].getBoundingClientRect().top <= line) k = i;
    }
    mark(k < 0 && targets.length ? 0 : k);
  }
  var io = new IntersectionObserver(update, { rootMargin: "0px 0px -80% 0px" });
  targets.forEach(function (t) { if (t) io.observe(t); });
  var tick = false;
  window.addEventListener("scroll", function () {
    if (tick) return;
    tick = true;
    requestAnimationFrame(function () { tick = false; update(); });
  }, { passive: true });
  update();
})();
