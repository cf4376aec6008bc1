// A child's drawing beside the child's words on the family's screens: the HTML pushed to the
// projector and to every phone is the same, so each page fills in its own access-checked URL
// (data-drawing-url, on the element that switches this on).
(function () {
  "use strict";

  function showDrawings(root) {
    var holder = document.querySelector("[data-drawing-url]");
    if (!holder || !root.querySelectorAll) return;
    root.querySelectorAll("img[data-drawing]:not([src])").forEach(function (image) {
      image.src = holder.getAttribute("data-drawing-url").replace("{item}", image.getAttribute("data-drawing"));
    });
  }

  htmx.defineExtension("drawings", {
    onEvent: function (name, event) {
      var root = event.target;
      if ((name === "htmx:afterProcessNode" && /(^|,)\s*drawings\s*(,|$)/.test(root.getAttribute("hx-ext"))) ||
          name === "htmx:load" || name === "htmx:afterSettle") {
        showDrawings(root);
      }
    },
  });
})();
