// A live page stays current: its event stream picks up where it left off when it has to
// reconnect, a region whose fetch failed fetches again, and a change of the meeting itself
// (closed, link revoked) reloads the page. On the element that opens the stream (sse-connect).
(function () {
  "use strict";

  // The stream remembers the last version this screen has: when the connection has to be
  // opened anew, the server sends what changed since then (Last-Event-ID does this while
  // the browser reconnects by itself).
  function remember(event) {
    var id = event.detail && event.detail.lastEventId, live = event.target.closest && event.target.closest("[sse-connect]");
    if (!id || !live) return;
    var url = new URL(live.getAttribute("sse-connect"), window.location.href);
    url.searchParams.set("since", id);
    live.setAttribute("sse-connect", url.pathname + url.search);
  }

  // A region whose fetch failed (no network, a server error) tries again: after 1 s, 2 s,
  // 4 s, ... at most 10 s apart, until it has its content.
  var retryIn = new WeakMap();
  function retry(detail) {
    var region = detail.elt;
    if (!region.matches || !region.matches("[data-region], [data-live-region]")) return;
    if (!detail.requestConfig || detail.requestConfig.verb !== "get") return;
    retryIn.set(region, Math.min(10000, (retryIn.get(region) || 500) * 2));
    setTimeout(function () { if (region.isConnected) htmx.trigger(region, "refresh"); }, retryIn.get(region));
  }

  // A change of the meeting itself reloads the page as a whole; but not while this page's own
  // request is under way, and not when that request sends the page elsewhere (closing the help
  // goes to the case page).
  var inFlight = 0, reloadWanted = false, leaving = false;

  htmx.defineExtension("live", {
    onEvent: function (name, event) {
      var detail = event.detail;
      if (name === "htmx:sseMessage") {
        remember(event);
      } else if (name === "htmx:responseError" || name === "htmx:sendError") {
        retry(detail);
      } else if (name === "htmx:beforeRequest") {
        inFlight += 1;
      } else if (name === "htmx:beforeOnLoad") {
        var xhr = detail.xhr;
        if (xhr && (xhr.getResponseHeader("HX-Redirect") || xhr.getResponseHeader("HX-Refresh"))) leaving = true;
      } else if (name === "htmx:afterRequest") {
        if (detail.successful && detail.elt) retryIn.delete(detail.elt);
        inFlight = Math.max(0, inFlight - 1);
        if (inFlight === 0 && reloadWanted && !leaving) window.location.reload();
      } else if (name === "sse:meeting-changed") {
        if (leaving) return;
        if (inFlight > 0) reloadWanted = true;
        else window.location.reload();
      }
    },
  });
})();
