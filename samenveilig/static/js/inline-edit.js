// An inline edit form: Escape cancels it, as its "Annuleren" does; Enter saves (Shift+Enter
// starts a new line), and so does leaving it for something else than its own buttons. A save
// that did not reach the server stays open with its text (its live region waits for it) and
// is saved again when the connection is back. On a page whose rows are edited in place.
(function () {
  "use strict";

  function keydown(event) {
    var form = event.target.closest && event.target.closest("form");
    if (!form) return;
    var cancel = form.querySelector("[data-cancel]");
    if (event.key === "Escape" && cancel) {
      event.preventDefault();
      cancel.click();
    } else if (event.key === "Enter" && !event.shiftKey && event.target.matches("textarea") &&
               form.hasAttribute("data-autosave")) {
      event.preventDefault();
      form.requestSubmit();
    }
  }

  function focusout(event) {
    var form = event.target.closest && event.target.closest("form[data-autosave]");
    if (!form || form.contains(event.relatedTarget)) return;
    setTimeout(function () {
      if (form.isConnected && !form.contains(document.activeElement) && !form.hasAttribute("data-cancelled")) {
        form.requestSubmit();
      }
    }, 0);
  }

  function click(event) {
    var cancel = event.target.closest && event.target.closest("[data-cancel]");
    if (cancel && cancel.form) cancel.form.setAttribute("data-cancelled", "");
  }

  // When the connection is back, an unsaved edit you left is saved (or cancelled, as you asked).
  function connectionIsBack() {
    document.querySelectorAll("form[data-unsaved]").forEach(function (form) {
      if (form.hasAttribute("data-cancelled")) form.querySelector("[data-cancel]").click();
      else if (!form.contains(document.activeElement)) form.requestSubmit();
    });
  }

  htmx.defineExtension("inline-edit", {
    onEvent: function (name, event) {
      var detail = event.detail, elt = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*inline-edit\s*(,|$)/.test(elt.getAttribute("hx-ext"))) {
        elt.addEventListener("keydown", keydown);  // the element that switches this on
        elt.addEventListener("focusout", focusout);
        elt.addEventListener("click", click);
        window.addEventListener("online", connectionIsBack);
      } else if (name === "htmx:afterRequest") {
        if (elt.matches && elt.matches("form[data-autosave]")) {
          if (detail.xhr && detail.xhr.status) elt.removeAttribute("data-unsaved");
          else elt.setAttribute("data-unsaved", "");
        }
        if (detail.successful && detail.xhr && detail.xhr.status) connectionIsBack();
      } else if (name === "htmx:sseOpen") {
        connectionIsBack();
      }
    },
  });
})();
