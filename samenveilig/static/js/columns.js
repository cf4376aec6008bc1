// The projector's columns each scroll on their own: each counts its items and says how many
// more follow below it ("nog 5 ↓", in the screen's language), after every scroll and change.
// On the projector's mapping.
(function () {
  "use strict";

  var hintsDue = false, said = new WeakMap();

  function columnHints() {
    hintsDue = false;
    document.querySelectorAll("[data-column]").forEach(function (column) {
      var items = column.querySelectorAll(".shared-item"), hint = column.querySelector("[data-more]");
      var count = column.querySelector("[data-column-count]");
      if (count) count.textContent = "(" + items.length + ")";
      if (!hint) return;
      if (!said.has(hint)) said.set(hint, hint.innerHTML);
      // The hint sticks to the column's bottom edge while more follows; at the end it sits
      // after the last item. What reaches below its top is not (wholly) in view.
      var edge = hint.getBoundingClientRect().top, below = 0;
      items.forEach(function (item) { if (item.getBoundingClientRect().bottom > edge + 1) below += 1; });
      if (below) hint.innerHTML = said.get(hint).split("{n}").join(String(below));
      hint.classList.toggle("is-none", !below);
    });
  }
  function hintsSoon() {
    if (hintsDue) return;
    hintsDue = true;
    requestAnimationFrame(columnHints);
  }

  htmx.defineExtension("columns", {
    onEvent: function (name, event) {
      var root = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*columns\s*(,|$)/.test(root.getAttribute("hx-ext"))) {
        root.addEventListener("scroll", hintsSoon, true);  // a column's own scroll does not bubble
        root.addEventListener("load", hintsSoon, true);  // a drawing's thumbnail takes room
        window.addEventListener("resize", hintsSoon);
        hintsSoon();
      } else if (name === "htmx:afterSettle") {
        hintsSoon();
      }
    },
  });
})();
