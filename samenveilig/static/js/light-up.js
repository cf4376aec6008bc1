// What is new lights up: an item added from this screen is scrolled into view and lights up
// briefly; on the projector a category that changed comes into view in its column, its new
// items lit.
(function () {
  "use strict";

  function lightUp(element) {
    element.scrollIntoView({ block: "center" });
    element.classList.remove("is-new");
    void element.offsetWidth;  // restart the animation
    element.classList.add("is-new");
  }

  // The server says "item-added" in its answer; the pushed HTML may come before or after it.
  var addedItemId = null;
  function added(id) {
    var item = document.getElementById("item-" + id);
    if (item) lightUp(item);
    else addedItemId = "item-" + id;
  }
  function addedArrived() {
    var item = addedItemId && document.getElementById(addedItemId);
    if (!item) return;
    addedItemId = null;
    lightUp(item);
  }

  // The projector: the items a category had before its swap, to light up the ones it has after.
  var seen = new WeakMap();
  function isWallCategory(region) {
    return region && region.matches && region.matches(".present .shared-category");
  }
  function rememberItems(region) {
    if (!isWallCategory(region)) return;
    seen.set(region, Array.prototype.map.call(region.querySelectorAll(".shared-item"), function (i) { return i.id; }));
  }
  function newItemsArrived(region) {
    if (!isWallCategory(region) || !seen.has(region)) return;
    var before = seen.get(region), fresh = Array.prototype.filter.call(
      region.querySelectorAll(".shared-item"), function (i) { return before.indexOf(i.id) < 0; });
    seen.delete(region);
    if (fresh.length) fresh.forEach(lightUp);
    else region.scrollIntoView({ block: "nearest" });
  }

  function animationend(event) {
    if (event.target.classList) event.target.classList.remove("is-new");
  }

  htmx.defineExtension("light-up", {
    onEvent: function (name, event) {
      var detail = event.detail;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*light-up\s*(,|$)/.test(event.target.getAttribute("hx-ext"))) {
        event.target.addEventListener("animationend", animationend);
      } else if (name === "item-added") {
        added(detail.id);
      } else if (name === "htmx:beforeSwap") {
        rememberItems(detail.target);
      } else if (name === "htmx:sseBeforeMessage") {
        if (!event.defaultPrevented) rememberItems(event.target);
      } else if (name === "htmx:afterSettle") {
        addedArrived();
        newItemsArrived(detail.target || event.target);  // a pushed swap settles on the region itself
      }
    },
  });
})();
