// The follow link's stream, opened as soon as the page has read the element that names it
// (the page carries this script inside itself, just after that element: it waits for neither
// a request nor htmx), so a phone on 3G is live a round trip sooner. static/js/live.js hands
// this stream to htmx's sse extension; when an event came in before that (nobody swapped it
// in), a new stream from the page's own version catches up instead. On the element that opens
// the stream: data-early names every event the stream may send.
(function () {
  "use strict";

  function open() {
    var live = document.querySelector("[sse-connect][data-early]");
    if (!live || !window.EventSource) return false;
    if (window.samenveiligEarlyStream === false) return true;  // htmx came first and has its own
    var url = live.getAttribute("sse-connect"), names = live.getAttribute("data-early").split(" ");
    var early = { url: url, source: new EventSource(url, { withCredentials: true }), missed: false };
    function missed() { early.missed = true; }
    names.forEach(function (name) { early.source.addEventListener(name, missed); });
    early.release = function () {
      names.forEach(function (name) { early.source.removeEventListener(name, missed); });
    };
    window.samenveiligEarlyStream = early;
    return true;
  }

  // Not found (a page that carries it elsewhere): as soon as the page is read, then.
  if (!open() && document.readyState === "loading") {
    document.addEventListener("readystatechange", function later() {
      document.removeEventListener("readystatechange", later);
      open();
    });
  }
})();
