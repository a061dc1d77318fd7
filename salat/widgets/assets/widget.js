(function () {
  "use strict";
  // Progressive enhancement for salat widgets: countdown, moving highlight, roll-over
  // to tomorrow after Isha. Reads only data already in the markup; no requests.
  // A "unit" is a day widget, a strip or one city of a picker (see picker.js).
  var PRAYERS = ["fajr", "dhuhr", "asr", "maghrib", "isha"];
  var calm = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;

  function digits(s, zero) {
    return zero === 48 ? s : s.replace(/[0-9]/g, function (c) {
      return String.fromCharCode(zero + +c);
    });
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }

  function live(unit, root) {
    var zero = +root.getAttribute("data-zero") || 48;
    var out = unit.querySelector(".salat-countdown");
    var rolled = false, current = null, clock = null;

    function rows() {
      return Array.prototype.filter.call(unit.querySelectorAll("[data-prayer]"), function (r) {
        return PRAYERS.indexOf(r.getAttribute("data-prayer")) >= 0 && r.querySelector("time[datetime]");
      });
    }
    function rollOver() {
      rolled = true;
      Array.prototype.forEach.call(unit.querySelectorAll("[data-tomorrow-text]"), function (el) {
        var iso = el.getAttribute("data-tomorrow"), text = el.getAttribute("data-tomorrow-text");
        el.removeAttribute("data-tomorrow-text");
        if (iso === null) { el.textContent = text; return; }
        // A time may become undefined (or defined) from one day to the next.
        var node = document.createElement(iso ? "time" : "span");
        if (iso) node.setAttribute("datetime", iso);
        node.className = el.className;
        node.textContent = iso ? text : "\u2014";
        el.parentNode.replaceChild(node, el);
      });
    }
    function mark(row) {
      if (row === current) return;
      var old = unit.querySelector(".salat-tag");
      if (old) old.parentNode.removeChild(old);
      Array.prototype.forEach.call(unit.querySelectorAll("[data-prayer][aria-current]"), function (r) {
        r.removeAttribute("aria-current");
      });
      current = row;
      if (!row) { if (out) out.hidden = true; return; }
      row.setAttribute("aria-current", "true");
      var tag = document.createElement("span");
      tag.className = "salat-tag";
      tag.textContent = " " + root.getAttribute("data-next-label");
      name(row).appendChild(tag);
      if (!out) return;
      out.textContent = "";
      out.getAttribute("data-template").split(/(\{prayer\}|\{countdown\})/).forEach(function (part) {
        var el;
        if (part === "{prayer}") {
          el = document.createElement("strong");
          el.textContent = name(row).firstChild.textContent.trim();
        } else if (part === "{countdown}") {
          el = clock = document.createElement("time");
        } else {
          el = document.createTextNode(part);
        }
        out.appendChild(el);
      });
      out.hidden = false;
    }
    function name(row) { return row.querySelector("th, .salat-name"); }
    function tick() {
      var now = Date.now(), next = null, at = 0, list = rows();
      for (var i = 0; i < list.length && !next; i++) {
        at = Date.parse(list[i].querySelector("time[datetime]").getAttribute("datetime"));
        if (at > now) next = list[i];
      }
      if (!next && !rolled && unit.querySelector("[data-tomorrow-text]")) {
        rollOver();
        return tick();
      }
      mark(next);
      var step = calm ? 60000 : 1000;
      if (next && clock) {
        var left = Math.ceil((at - now) / step) * step / 1000;
        var h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
        clock.setAttribute("datetime", "PT" + h + "H" + m + "M" + (calm ? "" : s + "S"));
        clock.textContent = digits(h + ":" + two(m) + (calm ? "" : ":" + two(s)), zero);
      }
      setTimeout(tick, step - (now % step) || step);
    }
    tick();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-salat-live]"), function (unit) {
    unit.removeAttribute("data-salat-live");
    live(unit, unit.closest(".salat-w"));
  });
})();
