// The board's filter per child: dangers, goals and scale rounds about another child step aside;
// what is about all children (data-child="") always stays. Applied again after every swap, so a
// live refresh keeps the choice. On a board with more than one child.
(function () {
  "use strict";

  function filterChildren() {
    var filter = document.querySelector("[data-child-filter]");
    if (!filter) return;
    document.querySelectorAll("[data-child]").forEach(function (element) {
      var about = element.getAttribute("data-child");
      element.hidden = Boolean(filter.value && about && about !== filter.value);
    });
  }

  function change(event) {
    if (event.target.matches("[data-child-filter]")) filterChildren();
  }

  htmx.defineExtension("child-filter", {
    onEvent: function (name, event) {
      var root = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*child-filter\s*(,|$)/.test(root.getAttribute("hx-ext"))) {
        root.addEventListener("change", change);
      } else if (name === "htmx:afterSettle") {
        filterChildren();
      }
    },
  });
})();
