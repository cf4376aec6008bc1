// The follow link's stream, opened as soon as the page is read, before htmx has arrived: a
// phone on 3G is live a round trip sooner. static/js/live.js hands this stream to htmx's sse
// extension; when an event came in before that (nobody swapped it in), a new stream from the
// page's own version catches up instead. On the element that opens the stream (data-early).
(function () {
  "use strict";
  var live = document.querySelector("[sse-connect][data-early]");
  if (!live || !window.EventSource) return;
  var source = new EventSource(live.getAttribute("sse-connect"), { withCredentials: true });
  var early = { url: live.getAttribute("sse-connect"), source: source, missed: false, names: [] };
  function missed() { early.missed = true; }
  function listen(name) {
    early.names.push(name);
    source.addEventListener(name, missed);
  }
  live.querySelectorAll("[sse-swap]").forEach(function (element) {
    element.getAttribute("sse-swap").split(",").forEach(function (name) { listen(name.trim()); });
  });
  live.querySelectorAll("[hx-trigger]").forEach(function (element) {
    (element.getAttribute("hx-trigger").match(/sse:[\w-]+/g) || []).forEach(function (name) { listen(name.slice(4)); });
  });
  early.release = function () {
    early.names.forEach(function (name) { source.removeEventListener(name, missed); });
  };
  window.samenveiligEarlyStream = early;
})();
