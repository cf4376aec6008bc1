// The item tools: one set per board (_item_tools.html), put in the item that has the focus or
// the mouse (or `item-tools:show` on an item), with that item's id filled into their URLs. A swap
// that removes their item parks them first; they come back to the same item, with the focus on
// the same tool. After a move to another category the focus goes back to the moved item.
(function () {
  "use strict";

  var tools = null, toolsHome = null, toolsItemId = null, toolsFocusId = null, moved = null;

  function showTools(item) {
    if (!item || !item.matches(".board .item:not(.item--editing)") || tools.parentNode === item) return;
    var id = item.id.replace("item-", ""), category = item.closest(".category").id.replace("category-", "");
    tools.querySelectorAll("[data-tool-get], [data-tool-post]").forEach(function (tool) {
      var verb = tool.hasAttribute("data-tool-get") ? "get" : "post";
      tool.setAttribute("hx-" + verb, tool.getAttribute("data-tool-" + verb).replace("{item}", id));
    });
    var move = tools.querySelector("select[data-tool='move']");
    move.value = "";
    Array.prototype.forEach.call(move.options, function (option) {
      option.hidden = option.disabled = option.value === category;
    });
    tools.querySelector("[data-tool='plan']").hidden = !item.hasAttribute("data-plannable");
    var labels = JSON.parse(tools.getAttribute("data-visibility-labels"));
    Object.keys(labels).forEach(function (visibility) {
      if (item.classList.contains("item--" + visibility)) tools.querySelector("[data-visibility-label]").textContent = labels[visibility];
    });
    item.appendChild(tools);
    toolsItemId = item.id;
    htmx.process(tools);
  }
  function parkTools() {
    toolsFocusId = tools.contains(document.activeElement) ? document.activeElement.id : null;
    toolsHome.appendChild(tools);
  }
  function comeBack() {
    if (tools.isConnected && tools.parentNode !== toolsHome) return;
    var item = toolsItemId && document.getElementById(toolsItemId);
    if (!item) return;
    showTools(item);
    var again = toolsFocusId && document.getElementById(toolsFocusId);
    toolsFocusId = null;
    if (again && tools.contains(again) && (document.activeElement === document.body || !document.activeElement)) {
      htmx.trigger(item, "board:focus");  // the current item of the board's keys (board-keys.js)
      again.focus();
    }
  }

  function focusin(event) {
    var item = event.target.closest && event.target.closest(".board .item");
    if (item) showTools(item);
  }
  function mouseover(event) {
    var item = event.target.closest && event.target.closest(".board .item");
    var choosing = tools.contains(document.activeElement) && document.activeElement.matches("select");
    if (item && !choosing) showTools(item);
  }
  // Enter on an item's "Verplaats naar" moves it (the key m goes there).
  function keydown(event) {
    if (event.key === "Enter" && event.target.matches("select[data-tool='move']") && event.target.value) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  }

  // After a move to another category the focus goes back to the moved item (not to the
  // "Verplaats naar" choice), so j, k and Enter act on the board again.
  function moving(elt) {
    var item = toolsItemId && document.getElementById(toolsItemId);
    if (!elt.matches || !elt.matches(".item__move") || !item || !item.contains(elt)) return;
    moved = { id: item.id, from: item.closest(".category").id };
  }
  function movedAnswer(detail) {
    var elt = detail.elt;
    if (!elt.matches || !elt.matches(".item__move") || !moved) return;
    if (!detail.successful) { moved = null; return; }
    // Out of the choice at once: a category holding your cursor in a form waits with its
    // refresh, and the moved item would stay in it until you left.
    var item = document.getElementById(moved.id);
    if (item && item.contains(document.activeElement)) item.focus();
  }
  function movedArrived() {
    var item = moved && document.getElementById(moved.id), category = item && item.closest(".category");
    if (!category || category.id === moved.from) return;
    moved = null;
    var active = document.activeElement;
    if (!active || active === document.body || item.contains(active)) htmx.trigger(item, "board:focus");  // not when you went on elsewhere
  }

  htmx.defineExtension("item-tools", {
    onEvent: function (name, event) {
      var detail = event.detail, root = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*item-tools\s*(,|$)/.test(root.getAttribute("hx-ext"))) {
        tools = document.getElementById("item-tools");
        toolsHome = tools.parentNode;
        root.addEventListener("focusin", focusin);
        root.addEventListener("mouseover", mouseover);
        root.addEventListener("keydown", keydown);
      } else if (!tools) {
        return;
      } else if (name === "item-tools:show") {
        showTools(event.target);
      } else if (name === "htmx:beforeCleanupElement") {
        // Its item is swapped: the tools step out first. A region that waits because you are
        // in its tools (hold.js) is not swapped, so they stay.
        if (tools.parentNode !== toolsHome && event.target.contains(tools)) parkTools();
      } else if (name === "htmx:beforeRequest") {
        moving(detail.elt);
      } else if (name === "htmx:afterRequest") {
        movedAnswer(detail);
      } else if (name === "htmx:afterSettle") {
        comeBack();
        movedArrived();
      }
    },
  });
})();
