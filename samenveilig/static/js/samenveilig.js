// Samenveilig: the little behaviour htmx does not give us. No inline script (CSP), no eval.
(function () {
  "use strict";

  // Escape in an inline edit form cancels it, as its "Annuleren" button does.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var form = event.target.closest && event.target.closest("form");
    var cancel = form && form.querySelector("[data-cancel]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
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
