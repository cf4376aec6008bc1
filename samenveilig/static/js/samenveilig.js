// Samenveilig: the little behaviour htmx does not give us. No inline script (CSP), no eval.
(function () {
  "use strict";

  function isTyping(element) {
    return element && element.matches && element.matches("input, textarea, select") &&
      element.closest("form") !== null;
  }

  // An update from someone else never wipes what you are typing: a region that holds your
  // cursor waits, and refreshes itself as soon as you leave it.
  document.addEventListener("htmx:confirm", function (event) {
    var region = event.target.closest && event.target.closest("[data-live-region]");
    if (!region || region !== event.target || event.detail.verb !== "get") return;
    if (region.contains(document.activeElement) && isTyping(document.activeElement)) {
      event.preventDefault();
      region.setAttribute("data-stale", "");
    }
  });

  function refreshStaleRegions() {
    document.querySelectorAll("[data-live-region][data-stale]").forEach(function (region) {
      if (region.contains(document.activeElement) && isTyping(document.activeElement)) return;
      region.removeAttribute("data-stale");
      htmx.trigger(region, "refresh");
    });
  }
  document.addEventListener("focusout", function () { setTimeout(refreshStaleRegions, 0); });
  document.addEventListener("htmx:afterSettle", refreshStaleRegions);

  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form");
    // Escape in an inline edit form cancels it, as its "Annuleren" button does.
    if (event.key === "Escape" && form) {
      var cancel = form.querySelector("[data-cancel]");
      if (cancel) { event.preventDefault(); cancel.click(); }
      return;
    }
    // Enter saves an inline edit or adds; Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey && event.target.matches("textarea") &&
        form && (form.hasAttribute("data-autosave") || form.hasAttribute("data-quick-add"))) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    var quick = document.querySelector("[data-quick-add]");
    // Alt+1 … Alt+9 picks the category of the quick add; Alt+N goes to its text field.
    if (quick && /^Digit[1-9]$/.test(event.code)) {
      var select = quick.querySelector("select[name$='category']");
      var option = select && select.options[Number(event.code.slice(5)) - 1];
      if (option) { event.preventDefault(); select.value = option.value; select.dispatchEvent(new Event("change")); }
    } else if (quick && event.code === "KeyN") {
      event.preventDefault();
      quick.querySelector("input[type=text], textarea").focus();
    } else if (event.code === "KeyZ" && document.getElementById("undo")) {
      event.preventDefault();
      document.getElementById("undo").click();
    }
  });

  // Quick add: Enter empties the text field at once, so the next item can be typed while
  // this one is saved. The form itself stays as it is (choices kept); only an invalid
  // item comes back as a fresh form with its errors and its text.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("[data-quick-add]")) {
      form.querySelectorAll("input[type=text], textarea").forEach(function (field) { field.value = ""; });
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-quick-add]") || !event.detail.successful) return;
    form.querySelectorAll(".field__error").forEach(function (error) { error.remove(); });
    form.querySelectorAll(".field--error").forEach(function (field) { field.classList.remove("field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
  });

  // Leaving an inline edit form saves it, unless you left for its own buttons.
  document.addEventListener("focusout", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosave]");
    if (!form || form.contains(event.relatedTarget)) return;
    setTimeout(function () {
      if (form.isConnected && !form.contains(document.activeElement) && !form.hasAttribute("data-cancelled")) {
        form.requestSubmit();
      }
    }, 0);
  });
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-cancel]");
    if (cancel && cancel.form) cancel.form.setAttribute("data-cancelled", "");
  });

  // A change of the meeting itself (closed, link revoked) reloads the page as a whole; but
  // not while this page's own request is under way, and not when that request sends the
  // page elsewhere (closing the help goes to the case page).
  var inFlight = 0, reloadWanted = false, leaving = false;
  document.addEventListener("htmx:beforeRequest", function () { inFlight += 1; });
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && (xhr.getResponseHeader("HX-Redirect") || xhr.getResponseHeader("HX-Refresh"))) leaving = true;
  });
  document.addEventListener("htmx:afterRequest", function () {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0 && reloadWanted && !leaving) window.location.reload();
  });
  document.addEventListener("sse:meeting-changed", function () {
    if (leaving) return;
    if (inFlight > 0) reloadWanted = true;
    else window.location.reload();
  });

  // The projector's full-screen button.
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-fullscreen]")) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });

  // A plain (non-htmx) form that asks before it does something drastic.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // When the server cannot be reached, say so instead of doing nothing.
  document.addEventListener("htmx:sendError", function () {
    var notices = document.getElementById("notices");
    if (!notices) return;
    notices.innerHTML = "";
    var p = document.createElement("p");
    p.className = "notice notice--error";
    p.setAttribute("role", "alert");
    p.textContent = "Geen verbinding met Samenveilig. Controleer het netwerk en probeer het opnieuw.";
    notices.appendChild(p);
  });
})();
