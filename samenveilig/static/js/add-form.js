// An add form ([data-quick-add]): Enter adds (Shift+Enter starts a new line) and empties the
// text field at once, so the next one can be typed while this one is saved; if the server
// cannot be reached, the text comes back. An invalid entry comes back from the server as a fresh
// form with its errors and its text; errors the page finds itself are put on their fields with
// `add-form:errors` ({errors: [[field, text], ...]}, none to clear them), and announced.
(function () {
  "use strict";

  function isAddForm(element) {
    return element && element.matches && element.matches("form[data-quick-add]");
  }

  function keydown(event) {
    var form = event.target.closest && event.target.closest("form");
    if (event.key === "Enter" && !event.shiftKey && event.target.matches("textarea") && isAddForm(form)) {
      event.preventDefault();
      form.requestSubmit();
    }
  }

  function clearErrors(form) {
    form.querySelectorAll(".field__error").forEach(function (error) { error.remove(); });
    form.querySelectorAll(".field--error").forEach(function (field) { field.classList.remove("field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      describedBy(input, input.id + "-error", false);
    });
  }

  // An error joins a field's hint in its aria-describedby, and leaves it again.
  function describedBy(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (other) {
      return other && other !== id;
    });
    if (on) ids.push(id);
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function markError(input, text) {
    var id = input.id + "-error", error = document.getElementById(id);
    if (!error) {
      error = document.createElement("span");
      error.className = "field__error";
      error.id = id;
      error.setAttribute("role", "alert");  // said at once, also when the focus stays where it is
      input.closest(".field").appendChild(error);
    }
    error.textContent = text;
    input.closest(".field").classList.add("field--error");
    input.setAttribute("aria-invalid", "true");
    describedBy(input, id, true);
  }

  htmx.defineExtension("add-form", {
    onEvent: function (name, event) {
      var detail = event.detail, form = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*add-form\s*(,|$)/.test(form.getAttribute("hx-ext"))) {
        form.addEventListener("keydown", keydown);  // the element that switches this on
      } else if (name === "add-form:errors") {
        clearErrors(form);
        detail.errors.forEach(function (error) { markError(error[0], error[1]); });
      } else if (!isAddForm(form)) {
        return;
      } else if (name === "htmx:beforeRequest") {
        form.querySelectorAll("input[type=text], textarea").forEach(function (field) {
          field.setAttribute("data-sent", field.value);
          field.value = "";
        });
      } else if (name === "htmx:sendError") {
        form.querySelectorAll("[data-sent]").forEach(function (field) {
          if (!field.value) field.value = field.getAttribute("data-sent");
        });
      } else if (name === "htmx:afterRequest" && detail.successful) {
        clearErrors(form);
      }
    },
  });
})();
