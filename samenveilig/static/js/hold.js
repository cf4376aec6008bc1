// A live region holds still while you work in it: an update from someone else never wipes what
// you are typing, a change you made and did not send yet, or an edit whose save did not arrive.
// The region waits and fetches itself as soon as you leave it. On a page's live regions
// ([data-live-region]).
(function () {
  "use strict";

  function isTyping(element) {
    return element && element.matches && element.matches("input, textarea, select") &&
      element.closest("form") !== null;
  }

  // An edit whose save did not reach the server stays open until it is saved or cancelled.
  function holdsUnsaved(region) {
    return region.querySelector("form[data-unsaved]") !== null;
  }

  // A form you changed and did not send yet (a name chosen, "Dit ben ik" not yet pressed) holds
  // its region for a while too, also when the focus left it: a phone's picker closes and a tap
  // on a button does not always take the focus.
  var CHANGED_HOLDS_MS = 20000, touchedAt = new WeakMap();
  function touched(event) {
    var form = event.target.closest && event.target.closest("form");
    if (!form) return;
    touchedAt.set(form, Date.now());
    setTimeout(refreshStaleRegions, CHANGED_HOLDS_MS + 50);
  }
  function sent(form) { if (form) touchedAt.delete(form); }
  function changed(form) {
    var at = touchedAt.get(form);
    if (!at || Date.now() - at > CHANGED_HOLDS_MS) return false;
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") return false;
      return "defaultValue" in field && field.value !== field.defaultValue;
    });
  }
  function holdsChanged(region) {
    return Array.prototype.some.call(region.querySelectorAll("form"), changed);
  }
  function holdsWork(region) {
    return (region.contains(document.activeElement) && isTyping(document.activeElement)) || holdsUnsaved(region) ||
      holdsChanged(region);
  }
  function isRegion(element) {
    return element && element.matches && element.matches("[data-live-region]");
  }
  function busy(region) {
    return region.matches(".htmx-request") || region.querySelector(".htmx-request") !== null;
  }

  function refreshStaleRegions() {
    document.querySelectorAll("[data-live-region][data-stale]").forEach(function (region) {
      var active = document.activeElement;
      // Still in the same form (from its select to its button): wait until you leave the form.
      if ((region.contains(active) && (isTyping(active) || active.closest("form"))) || holdsUnsaved(region) ||
          holdsChanged(region)) return;
      region.removeAttribute("data-stale");
      htmx.trigger(region, "refresh");
    });
  }

  // Pushed HTML that arrived while a request from inside its region was under way (its answer
  // may need the element that sent it): swapped in when that request is done, unless that answer
  // gave you something to work in (an item's edit form): then it fetches when you leave. Each
  // push carries its version (the event's id): a held push never goes in over a newer one that
  // arrived after its request was done.
  var held = new Map(), newest = new WeakMap();
  function versionOf(detail) {
    var version = parseInt(detail && detail.lastEventId, 10);
    return version > 0 ? version : 0;
  }
  function swapHeld() {
    held.forEach(function (push, region) {
      if (!region.isConnected) { held.delete(region); return; }
      if (busy(region)) return;
      held.delete(region);
      if (push.version < (newest.get(region) || 0)) return;  // a newer push is already in
      if (region.hasAttribute("data-stale") || hold(region)) return;  // you work in it: it fetches when you leave
      if (push.version) newest.set(region, push.version);
      htmx.swap(region, push.html, { swapStyle: "innerHTML" });
    });
    refreshStaleRegions();
  }

  function hold(region) {
    if (!holdsWork(region)) return false;
    region.setAttribute("data-stale", "");
    return true;
  }

  htmx.defineExtension("hold", {
    onEvent: function (name, event) {
      var detail = event.detail, root = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*hold\s*(,|$)/.test(root.getAttribute("hx-ext"))) {
        root.addEventListener("input", touched, true);
        root.addEventListener("change", touched, true);
        root.addEventListener("submit", function (submit) { sent(submit.target); }, true);
        root.addEventListener("focusout", function () { setTimeout(refreshStaleRegions, 0); });
      } else if (name === "htmx:beforeRequest") {
        sent(detail.elt && detail.elt.closest && detail.elt.closest("form"));
      } else if (name === "htmx:confirm") {
        // A refresh asked while you work in the region waits; so does one already under way
        // when you started typing (htmx:beforeSwap), and pushed HTML (htmx:sseBeforeMessage).
        if (isRegion(event.target) && detail.verb === "get" && hold(event.target)) {
          event.preventDefault();
        }
      } else if (name === "htmx:beforeSwap") {
        if (isRegion(detail.target) && detail.requestConfig.verb === "get" && hold(detail.target)) detail.shouldSwap = false;
      } else if (name === "htmx:sseBeforeMessage") {
        if (!isRegion(event.target)) return;
        var version = versionOf(detail);
        if (version && version < (newest.get(event.target) || 0)) {
          event.preventDefault();  // older than what this region already has
        } else if (hold(event.target)) {
          event.preventDefault();
        } else if (busy(event.target)) {
          event.preventDefault();
          held.set(event.target, { html: detail.data, version: version });
        } else if (version) {
          newest.set(event.target, version);
        }
      } else if (name === "htmx:afterRequest") {
        setTimeout(swapHeld, 0);
      } else if (name === "htmx:afterSettle") {
        refreshStaleRegions();
      }
    },
  });
})();
