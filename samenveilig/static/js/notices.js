// Notices: shown in an area that is always in view, each with a close button; the next thing
// you do makes an earlier confirmation step aside; a lost connection is said at once and taken
// back as soon as the connection returns. Other extensions show one with `notices:show`
// ({text, kind}) or `notices:connection-lost` ({text}). On the page's <body>.
(function () {
  "use strict";

  var NO_CONNECTION = "Geen verbinding met Samenveilig. Controleer het netwerk en probeer het opnieuw.";

  function area() { return document.getElementById("notices"); }

  // A notice's words in the screen's language: the family's screens give them on #notices
  // (public.html: data-close, data-no-connection, data-reconnecting); the desk says Dutch.
  function said(key, dutch) {
    var notices = area();
    return (notices && notices.getAttribute("data-" + key)) || dutch;
  }

  // The projector recovers by itself: its notice about the connection has no close button.
  function closeButtons() {
    var wall = document.body.classList.contains("present");
    document.querySelectorAll("#notices .notice").forEach(function (notice) {
      if (notice.querySelector(".notice__close") || (wall && notice.hasAttribute("data-connection"))) return;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "notice__close";
      close.textContent = said("close", "Sluiten");
      notice.appendChild(close);
    });
  }

  function show(text, kind, connection) {
    var notices = area();
    if (!notices) return;
    var p = document.createElement("p");
    p.className = "notice " + kind;
    p.setAttribute("role", "alert");
    if (connection) p.setAttribute("data-connection", "");
    p.textContent = text;
    notices.appendChild(p);
    closeButtons();
  }

  function connectionLost(text) {
    var notices = area();
    if (!notices) return;
    notices.innerHTML = "";
    show(text, "notice--error", true);
  }

  function connectionBack() {
    document.querySelectorAll("#notices [data-connection]").forEach(function (notice) { notice.remove(); });
  }

  // A screen that only follows (the projector, a phone) hears of a lost connection from its
  // event stream. A stream that was refused (the server holds as many screens as it may: 503)
  // is opened again by the sse extension after a growing pause; meanwhile the page says so,
  // calmly. Either notice leaves once the stream is open again.
  function streamLost(source) {
    var notices = area();
    if (!notices || notices.querySelector("[data-connection]")) return;
    if (!source || source.readyState !== EventSource.CLOSED) {
      connectionLost(said("no-connection", NO_CONNECTION));
      return;
    }
    var p = document.createElement("p");
    p.className = "notice";
    p.setAttribute("role", "status");
    p.setAttribute("data-connection", "");
    p.textContent = said("reconnecting", "Opnieuw verbinden…");
    notices.appendChild(p);
  }

  function closeClicked(event) {
    var close = event.target.closest && event.target.closest(".notice__close");
    if (close) close.closest(".notice").remove();
  }

  htmx.defineExtension("notices", {
    onEvent: function (name, event) {
      var detail = event.detail, elt = detail.elt;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*notices\s*(,|$)/.test(elt.getAttribute("hx-ext"))) {
        closeButtons();
        elt.addEventListener("click", closeClicked);
      } else if (name === "htmx:afterSettle") {
        closeButtons();
      } else if (name === "htmx:beforeRequest") {
        // The next thing you do makes an earlier confirmation step aside; errors stay until closed.
        if (detail.requestConfig && detail.requestConfig.verb === "get") return;
        if (elt.closest && elt.closest("#notices")) return;
        document.querySelectorAll("#notices .notice:not(.notice--error)").forEach(function (notice) { notice.remove(); });
      } else if (name === "htmx:afterRequest") {
        // "Ongedaan maken" in a notice: once done, the notice has said what it had to say.
        var notice = elt.closest && elt.closest("#notices .notice");
        if (notice && detail.successful) notice.remove();
        if (detail.successful) connectionBack();
      } else if (name === "htmx:sendError") {
        // The notice says what happens to what was sent: an element may say so in `data-lost`.
        var own = elt.closest && elt.closest("[data-lost]");
        connectionLost(own ? own.getAttribute("data-lost") : said("no-connection", NO_CONNECTION));
      } else if (name === "htmx:sseError") {
        streamLost(detail.source);
      } else if (name === "htmx:sseOpen") {
        connectionBack();
      } else if (name === "notices:show") {
        show(detail.text, detail.kind);
      } else if (name === "notices:connection-lost") {
        connectionLost(detail.text);
      }
    },
  });
})();
