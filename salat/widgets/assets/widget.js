(() => {
  "use strict";
  // Progressive enhancement for salat widgets: countdown, moving highlight, roll-over
  // to tomorrow after Isha. Reads only data already in the markup; no requests.
  // A "unit" is a day widget, a strip or one city of a picker (see picker.js).
  // Baseline: the browsers of 2024, as the CSS (see assets.py).
  const PRAYERS = ["fajr", "dhuhr", "asr", "maghrib", "isha"];
  const calm = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

  const digits = (s, zero) =>
    zero === 48 ? s : s.replace(/[0-9]/g, (c) => String.fromCharCode(zero + +c));
  const two = (n) => (n < 10 ? "0" : "") + n;

  function live(unit, root) {
    const zero = +root.getAttribute("data-zero") || 48;
    const out = unit.querySelector(".salat-countdown");
    let rolled = false, current = null, clock = null;

    const name = (row) => row.querySelector("th, .salat-name");
    const rows = () => [...unit.querySelectorAll("[data-prayer]")].filter(
      (r) => PRAYERS.includes(r.getAttribute("data-prayer")) && r.querySelector("time[datetime]"));

    function rollOver() {
      rolled = true;
      for (const el of unit.querySelectorAll("[data-tomorrow-text]")) {
        const iso = el.getAttribute("data-tomorrow"), text = el.getAttribute("data-tomorrow-text");
        el.removeAttribute("data-tomorrow-text");
        if (iso === null) { el.textContent = text; continue; }
        // A time may become undefined (or defined) from one day to the next.
        const node = document.createElement(iso ? "time" : "span");
        if (iso) node.setAttribute("datetime", iso);
        node.className = el.className;
        node.textContent = iso ? text : "\u2014";
        el.replaceWith(node);
      }
    }
    function mark(row) {
      if (row === current) return;
      unit.querySelector(".salat-tag")?.remove();
      for (const r of unit.querySelectorAll("[data-prayer][aria-current]")) r.removeAttribute("aria-current");
      current = row;
      if (!row) { if (out) out.hidden = true; return; }
      row.setAttribute("aria-current", "true");
      const tag = document.createElement("span");
      tag.className = "salat-tag";
      tag.textContent = " " + root.getAttribute("data-next-label");
      name(row).appendChild(tag);
      if (!out) return;
      out.textContent = "";
      for (const part of out.getAttribute("data-template").split(/(\{prayer\}|\{countdown\})/)) {
        let el;
        if (part === "{prayer}") {
          el = document.createElement("strong");
          el.textContent = name(row).firstChild.textContent.trim();
        } else if (part === "{countdown}") {
          el = clock = document.createElement("time");
        } else {
          el = document.createTextNode(part);
        }
        out.appendChild(el);
      }
      out.hidden = false;
    }
    function tick() {
      const now = Date.now();
      let next = null, at = 0;
      for (const row of rows()) {
        // Count to the iqama where the mosque sets one, else to the adhan.
        const target = row.querySelector("time.salat-iqama") || row.querySelector("time[datetime]");
        at = Date.parse(target.getAttribute("datetime"));
        if (at > now) { next = row; break; }
      }
      if (!next && !rolled && unit.querySelector("[data-tomorrow-text]")) {
        rollOver();
        return tick();
      }
      mark(next);
      const step = calm ? 60000 : 1000;
      if (next && clock) {
        const left = Math.ceil((at - now) / step) * step / 1000;
        const h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
        clock.setAttribute("datetime", "PT" + h + "H" + m + "M" + (calm ? "" : s + "S"));
        clock.textContent = digits(h + ":" + two(m) + (calm ? "" : ":" + two(s)), zero);
      }
      setTimeout(tick, step - (now % step) || step);
    }
    tick();
  }

  for (const unit of document.querySelectorAll("[data-salat-live]")) {
    unit.removeAttribute("data-salat-live");
    live(unit, unit.closest(".salat-w"));
  }
})();
