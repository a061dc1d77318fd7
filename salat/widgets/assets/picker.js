(() => {
  "use strict";
  // The picker: show the chosen city only, remember the choice (localStorage, no cookie).
  function picker(root) {
    const select = root.querySelector(".salat-pick select");
    const panels = root.querySelectorAll("details");
    const key = "salat-place:" + root.getAttribute("data-places");
    const show = () => panels.forEach((p, i) => {
      p.hidden = i !== select.selectedIndex;
      if (!p.hidden) p.open = true;
    });
    try {
      const saved = localStorage.getItem(key);
      if (saved !== null && +saved < panels.length) select.value = saved;
    } catch { /* storage may be blocked: keep the first city */ }
    select.addEventListener("change", () => {
      show();
      try { localStorage.setItem(key, select.value); } catch { /* not remembered */ }
    });
    root.classList.add("salat-js");
    select.parentNode.hidden = false;
    show();
  }

  for (const root of document.querySelectorAll(".salat-picker[data-places]")) {
    if (!root.classList.contains("salat-js") && root.querySelector(".salat-pick")) picker(root);
  }
})();
