// A live page stays current: its event stream picks up where it left off when it has to
// reconnect, a region whose fetch failed fetches again, and a change of the meeting itself
// (closed, link revoked) reloads the page. A stream that went quiet without closing (a phone
// that slept, a Wi-Fi that lost its route) is never trusted: with no event or ping for about
// two ping intervals (data-ping-ms, from the server), on `online` and when the page is shown
// again after a quiet while, the stream is opened anew and says "Opnieuw verbinden…"
// meanwhile. The page's <html>
// says how its stream is (data-stream: open, reconnecting). On the element that opens the
// stream (sse-connect).
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

  // The stream is watched: every event and every ping (`event: ping`, live/stream.py) counts.
  var stream = null, heardAt = 0;
  function heard() { heardAt = Date.now(); }
  function say(state) { document.documentElement.setAttribute("data-stream", state); }
  function opened(live, source) {
    var first = stream === null;
    stream = { live: live, source: source };
    heard();
    say("open");
    source.addEventListener("ping", heard);
    if (first) watch(live);
  }
  // Closed here, the sse extension reports it as a lost stream (the notice says
  // "Opnieuw verbinden…") and opens it again after half a second, from the version this page has.
  function reopen() {
    var source = stream && stream.source;
    if (!source || source.readyState === EventSource.CLOSED || !stream.live.isConnected) return;
    source.close();
    heard();  // the new stream has its own two intervals to say something
    if (source.onerror) source.onerror(new Event("error"));
  }
  // Only pages that know the ping interval watch (the follow page, the projector).
  function watch(live) {
    var ping = parseInt(live.getAttribute("data-ping-ms"), 10);
    if (!(ping > 0)) return;
    setInterval(function () {
      if (Date.now() - heardAt > 2 * ping + 500) reopen();
    }, Math.max(250, Math.min(ping / 2, 5000)));
    window.addEventListener("online", reopen);
    // Shown again after a while (a phone that slept): at once, not after two intervals.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && Date.now() - heardAt > ping) reopen();
    });
  }

  // The stream the follow page opened before htmx arrived (static/early/stream.js) becomes the
  // sse extension's, unless an event came in before it listened: then a new one catches up.
  var createEventSource = htmx.createEventSource;
  htmx.createEventSource = function (url) {
    var early = window.samenveiligEarlyStream;
    window.samenveiligEarlyStream = false;  // taken over: an early script that arrives later opens none
    if (early) {
      early.release();
      if (early.url === url && !early.missed && early.source.readyState !== EventSource.CLOSED) {
        var source = early.source;
        if (source.readyState === EventSource.OPEN) {
          setTimeout(function () { if (source.onopen) source.onopen(new Event("open")); }, 0);
        }
        return source;
      }
      early.source.close();
    }
    return createEventSource ? createEventSource(url) : new EventSource(url, { withCredentials: true });
  };

  // A change of the meeting itself reloads the page as a whole; but not while this page's own
  // request is under way, and not when that request sends the page elsewhere (closing the help
  // goes to the case page).
  var inFlight = 0, reloadWanted = false, leaving = false;

  htmx.defineExtension("live", {
    onEvent: function (name, event) {
      var detail = event.detail;
      if (name === "htmx:sseOpen") {
        opened(event.target, detail.source);
      } else if (name === "htmx:sseError") {
        say("reconnecting");
      } else if (name === "htmx:sseMessage") {
        heard();
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
