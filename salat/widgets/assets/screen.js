(() => {
  "use strict";
  // kind="screen": a mosque's TV page. Every second: the clock, the next prayer and its
  // countdown (to the iqama where set); at local midnight the next date's times, from the
  // dates the page carries (no request). The same nodes are updated in place, so the page
  // holds no more memory on its tenth day than on its first.
  const digitsOf = (zero) => (s) =>
    zero === 48 ? s : s.replace(/[0-9]/g, (c) => String.fromCharCode(zero + +c));

  function screen(root) {
    const days = JSON.parse(root.querySelector("script.salat-days").textContent);
    const digits = digitsOf(+root.getAttribute("data-zero") || 48);
    const counted = root.getAttribute("data-counted").split(" ");
    const out = root.querySelector(".salat-countdown");
    const template = out.getAttribute("data-template");
    const clockEl = root.querySelector(".salat-clock");
    const greg = root.querySelector(".salat-greg"), hijri = root.querySelector(".salat-hijri");
    const jumuah = root.querySelector(".salat-jumuah"), tomorrow = root.querySelector(".salat-tomorrow");
    const rows = [...root.querySelectorAll("tbody tr[data-prayer]")];
    let clockFormat;
    const options = {hour: "numeric", minute: "2-digit", hour12: root.getAttribute("data-clock") === "12",
                     numberingSystem: root.getAttribute("data-numbering")};
    try {
      clockFormat = new Intl.DateTimeFormat(root.lang, {...options, timeZone: root.getAttribute("data-tz")});
    } catch {
      clockFormat = null;   // not an IANA zone: the offset of the date's times is used
    }
    let shown = -1, marked = root.querySelector("tbody tr[aria-current]");

    function setTime(cell, pair) {
      let t = cell.querySelector("time");
      if (!pair) { cell.textContent = cell.cellIndex === 1 ? "\u2014" : ""; return; }
      if (!t) { cell.textContent = ""; t = cell.appendChild(document.createElement("time")); }
      t.dateTime = pair[0];
      t.textContent = pair[1];
    }
    function render(i) {
      const day = days[i];
      root.setAttribute("data-date", day.d);
      greg.textContent = day.g;
      hijri.textContent = day.h;
      for (const row of rows) {
        const key = row.getAttribute("data-prayer");
        setTime(row.cells[1], day.t[key]);          // cells[0] is the name
        if (row.cells[2]) setTime(row.cells[2], day.i[key]);
      }
      jumuah.hidden = !day.j.length;
      // Each date and time isolated (FSI..PDI): "1:00 PM" in an Urdu line reads "PM 1:00" else
      jumuah.lastChild.textContent = (day.jd ? iso(day.jd) + " " : "") + day.j.map((p) => iso(p[1])).join(", ");
      root.classList.toggle("salat-stale", i === days.length - 1);
    }
    function iso(text) { return "\u2068" + text + "\u2069"; }
    function nextOf(day, now) {
      for (const key of counted) {
        const pair = (day.i[key] || day.t[key]);
        if (pair && Date.parse(pair[0]) > now) return [key, pair, !!day.i[key] && Date.parse(day.t[key][0]) <= now];
      }
      return null;
    }
    function clockText(now, day) {
      if (clockFormat) return clockFormat.format(now);
      const off = /([+-])(\d\d):(\d\d)$/.exec(day.s);
      const minutes = off ? (off[1] === "-" ? -1 : 1) * (60 * +off[2] + +off[3]) : 0;
      const local = new Date(now + minutes * 60000);
      const h = local.getUTCHours(), m = local.getUTCMinutes();
      const h12 = options.hour12 ? (h % 12 || 12) : h;
      return digits(h12 + ":" + (m < 10 ? "0" : "") + m);
    }
    function tick() {
      const now = Date.now();
      let i = 0;
      while (i + 1 < days.length && Date.parse(days[i + 1].s) <= now) i++;
      if (i !== shown) { render(i); shown = i; }
      const today = days[i];
      let next = nextOf(today, now), later = false;
      if (!next && days[i + 1]) { next = nextOf(days[i + 1], now); later = true; }
      const row = next && !later ? rows.find((r) => r.getAttribute("data-prayer") === next[0]) : null;
      if (row !== marked) {
        marked?.removeAttribute("aria-current");
        row?.setAttribute("aria-current", "true");
        marked = row;
      }
      tomorrow.hidden = !later;
      if (later) {
        const f = days[i + 1];
        tomorrow.lastChild.textContent = f.t.fajr ? iso(f.t.fajr[1]) + (f.i.fajr ? " \u00b7 " + iso(f.i.fajr[1]) : "") : "\u2014";
      }
      clockEl.textContent = clockText(now, today);
      clockEl.dateTime = new Date(now - now % 60000).toISOString();
      if (next) {
        const left = Math.ceil((Date.parse(next[1][0]) - now) / 1000);
        const h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
        const row2 = rows.find((r) => r.getAttribute("data-prayer") === next[0]);
        const label = row2 ? row2.querySelector("th").textContent : next[0];
        const what = next[2] ? " \u00b7 " + root.getAttribute("data-iqama-label") : "";
        out.textContent = template.replace("{prayer}", label + what).replace(
          "{countdown}", digits(h + ":" + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s));
        out.setAttribute("data-next", next[0] + (later ? "+1" : "") + (next[2] ? ":iqama" : ""));
      } else {
        out.textContent = "";
        out.setAttribute("data-next", "");
      }
      setTimeout(tick, 1000 - (now % 1000) || 1000);
    }
    tick();
  }

  for (const root of document.querySelectorAll(".salat-screen[data-salat-screen]")) {
    root.removeAttribute("data-salat-screen");
    screen(root);
  }
})();
