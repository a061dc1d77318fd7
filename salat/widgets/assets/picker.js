(function () {
  "use strict";
  // The picker: show the chosen city only, remember the choice (localStorage, no cookie).
  function picker(root) {
    var select = root.querySelector(".salat-pick select");
    var panels = root.querySelectorAll("details");
    var key = "salat-place:" + root.getAttribute("data-places");
    function show() {
      Array.prototype.forEach.call(panels, function (p, i) {
        p.hidden = i !== select.selectedIndex;
        if (!p.hidden) p.open = true;
      });
    }
    try {
      var saved = localStorage.getItem(key);
      if (saved !== null && +saved < panels.length) select.value = saved;
    } catch (e) { /* storage may be blocked: keep the first city */ }
    select.addEventListener("change", function () {
      show();
      try { localStorage.setItem(key, select.value); } catch (e) { /* not remembered */ }
    });
    root.classList.add("salat-js");
    select.parentNode.hidden = false;
    show();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".salat-picker[data-places]"), function (root) {
    if (!root.classList.contains("salat-js") && root.querySelector(".salat-pick")) picker(root);
  });
})();
