// A plain (non-htmx) form that asks before it does something drastic: its data-confirm is the
// question. On the form.
(function () {
  "use strict";

  function submit(event) {
    var message = event.currentTarget.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }

  htmx.defineExtension("confirm", {
    onEvent: function (name, event) {
      var form = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*confirm\s*(,|$)/.test(form.getAttribute("hx-ext"))) {
        form.addEventListener("submit", submit);
      }
    },
  });
})();
