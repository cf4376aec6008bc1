// The board by keyboard (the "Sneltoetsen" help on the board): on the board, outside the text
// fields, keys walk the items, edit, move, hide and delete them, and go to the quick add and
// back. They act only where the focus is on the board (or was, before a swap took it away), and
// "Sneltoetsen uit" in the help turns the single-character ones off (WCAG 2.1.4): Enter, Escape,
// Delete and the arrows stay. One item is the board's Tab stop, and the item (or control) you were
// on keeps the focus when a swap takes it away; when that item is gone (deleted), the next one
// gets it. Other extensions focus an item as the current one with `board:focus` on it.
(function () {
  "use strict";

  function isField(element) {
    return element.matches && element.matches("input, textarea, select, [contenteditable]");
  }
  function quickText() { return document.querySelector("[data-quick-add] input[type=text], [data-quick-add] textarea"); }
  function boardItems() { return Array.prototype.slice.call(document.querySelectorAll(".board .item:not([hidden])")); }

  // "Sneltoetsen uit", remembered for the user (the help's form posts it).
  function shortcutsOff() {
    var off = document.getElementById("shortcuts-off");
    return Boolean(off && off.checked);
  }

  var currentItemId = null;
  // The focus fell to <body> because a swap removed what had it on the board: a key pressed
  // meanwhile is meant for the current item. Anything focused (or clicked) ends it.
  var lostBySwap = false;
  function onBoard(target) {
    if (target === document.body || !target) return lostBySwap;
    return Boolean(target.closest && target.closest(".board"));
  }
  function currentItem() {
    return (currentItemId && document.getElementById(currentItemId)) || boardItems()[0] || null;
  }
  function toBoard() {
    var item = currentItem();
    if (item) focusItem(item);
    else document.querySelector(".board").focus();
  }
  function makeCurrent(item) {
    boardItems().forEach(function (other) { other.setAttribute("tabindex", other === item ? "0" : "-1"); });
    currentItemId = item.id;
  }
  function focusItem(item) {
    if (!item) return;
    makeCurrent(item);
    item.classList.add("is-keyed");  // its tools show, as for the mouse
    item.focus();
  }

  // The keys act through the item's tools (item-tools.js), which are put in the item first.
  function withTools(item) {
    htmx.trigger(item, "item-tools:show");
    return item;
  }
  function clickTool(item, name) {
    var tool = withTools(item).querySelector("[data-tool='" + name + "']");
    if (tool && !tool.hidden) tool.click();
  }

  var walk = { "j": 1, "ArrowDown": 1, "k": -1, "ArrowUp": -1 };
  function boardKey(event) {
    var key = event.key, item = event.target.closest && event.target.closest(".board .item");
    if (!onBoard(event.target)) return;
    // A key pressed while a swap has just taken the focus away is meant for the current item.
    if (!item && event.target === document.body && currentItemId) item = document.getElementById(currentItemId);
    if (key.length === 1 && shortcutsOff()) return;  // a character: a shortcut only when they are on
    var help = document.getElementById("board-keys");
    if (key === "?" && help) { help.showModal(); }
    else if (key === "Escape" || key === "n" || key === "/") { quickText().focus(); }
    else if (/^[1-9]$/.test(key)) {
      var select = document.querySelector("[data-quick-add] select[name$='category']");
      var option = select && select.options[Number(key) - 1];
      if (!option) return;
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      quickText().focus();
    } else if (key in walk) {
      var items = boardItems(), from = item || currentItem();
      if (!items.length) return;
      var at = from ? items.indexOf(from) : -1;
      focusItem(items[Math.min(items.length - 1, Math.max(0, item ? at + walk[key] : Math.max(at, 0)))]);
    } else if (key === "Enter" && item && item === event.target) { clickTool(item, "edit"); }
    else if (key === "m" && item) {
      var move = withTools(item).querySelector("[data-tool='move']");
      item.classList.add("is-keyed");
      if (move) move.focus();
    }
    else if (key === "v" && item) { clickTool(item, "visibility"); }
    else if (key === "Delete" && item) { clickTool(item, "delete"); }  // its notice offers "Ongedaan maken"
    else if (key === "p" && item) { clickTool(item, "plan"); }
    else if (key === "u" && document.getElementById("undo")) { document.getElementById("undo").click(); }
    else return;
    event.preventDefault();
  }

  // On the document: a key pressed while a swap took the focus away lands on <body>. The keys
  // of a form (an edit's Escape, a quick add's Enter) are its own extension's: those are taken.
  function keydown(event) {
    if (event.defaultPrevented) return;
    var form = event.target.closest && event.target.closest("form");
    if (event.key === "Escape" && form) {
      // Escape in the quick add goes to the board; in an item's tools, back to the quick add.
      if (form.matches("[data-quick-add]")) { event.preventDefault(); toBoard(); }
      else if (form.closest(".board .item")) { event.preventDefault(); quickText().focus(); }
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    // Alt with a letter only: Alt with a digit switches browser tabs on Linux and Windows.
    if (event.altKey) {
      if (event.code === "KeyN" && quickText()) { event.preventDefault(); quickText().focus(); }
      else if (event.code === "KeyZ" && document.getElementById("undo")) {
        event.preventDefault();
        document.getElementById("undo").click();
      }
      return;
    }
    if (!isField(event.target)) boardKey(event);
  }

  function focusout(event) {
    var item = event.target.closest && event.target.closest(".board .item");
    if (item && !item.contains(event.relatedTarget)) item.classList.remove("is-keyed");
  }
  function focusin(event) {
    lostBySwap = false;
    var item = event.target.closest && event.target.closest(".board .item");
    if (!item) return;
    item.classList.add("is-keyed");  // its tools stay while the focus goes from the item onto them
    if (item.getAttribute("tabindex") !== "0") makeCurrent(item);
  }

  // The keys' help dialog; closed, it gives the focus back to where you were, also when a live
  // refresh replaced that item in the meantime.
  function click(event) {
    var opener = event.target.closest && event.target.closest("[data-open-dialog]");
    if (opener) document.getElementById(opener.getAttribute("data-open-dialog")).showModal();
    var remove = event.target.closest && event.target.closest(".board .item [data-tool='delete']");
    if (remove) deleting = remove.closest(".board .item").id;
  }
  function close(event) {
    if (event.target.id !== "board-keys") return;
    setTimeout(function () {
      if (document.activeElement === document.body || !document.activeElement) toBoard();
    }, 0);
  }

  // After a swap, the item you were on keeps the focus when its own swap took it away: the
  // focused control's id is noted as the swap removes it. An item you delete (its tool, or the
  // Delete key) gives the focus to the one after it: its neighbours are noted as it goes.
  var focusBeforeSwap = null, deleting = null, neighbours = null;
  function removing(element) {
    var active = document.activeElement;
    if (active && element.contains(active)) {
      if (active.id) focusBeforeSwap = active.id;
      if (active.closest(".board")) lostBySwap = true;
    }
    var gone = !neighbours && deleting && document.getElementById(deleting);
    if (gone && element.contains(gone)) {
      var items = boardItems(), at = items.indexOf(gone);
      neighbours = [items[at + 1], items[at - 1]].filter(Boolean).map(function (item) { return item.id; });
    }
  }
  function oneTabStop() {
    var lost = document.activeElement === document.body || !document.activeElement;
    var again = lost && focusBeforeSwap && document.getElementById(focusBeforeSwap);
    var current = currentItemId && document.getElementById(currentItemId);
    var after = null;
    if (deleting && !document.getElementById(deleting)) {
      after = neighbours && neighbours.map(function (id) { return document.getElementById(id); }).filter(Boolean)[0];
      deleting = null;
    }
    focusBeforeSwap = neighbours = null;
    if (again && again.closest(".board")) {  // a live refresh of the same control keeps your place
      var holder = again.closest(".board .item");
      if (holder) { makeCurrent(holder); holder.classList.add("is-keyed"); }
      again.focus();
      return;
    }
    // A tool of an item that is still there: item-tools.js puts the focus back on that tool.
    if (again && current && again.closest("#item-tools")) return;
    if (after && lost) { focusItem(after); return; }  // the item you were on is gone: the next one
    var items = boardItems();
    if (!items.length) return;
    if (current && lost) focusItem(current);
    else if (!document.querySelector(".board .item[tabindex='0']")) (current || items[0]).setAttribute("tabindex", "0");
  }

  htmx.defineExtension("board-keys", {
    onEvent: function (name, event) {
      var root = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*board-keys\s*(,|$)/.test(root.getAttribute("hx-ext"))) {
        document.addEventListener("keydown", keydown);
        root.addEventListener("focusout", focusout);
        root.addEventListener("focusin", focusin);
        root.addEventListener("click", click);
        root.addEventListener("close", close, true);
        root.addEventListener("mousedown", function () { lostBySwap = false; });
        oneTabStop();
      } else if (name === "htmx:beforeCleanupElement") {
        removing(event.target);
      } else if (name === "htmx:afterRequest") {
        var elt = event.detail.elt;
        if (!event.detail.successful && elt.matches && elt.matches("[data-tool='delete']")) deleting = null;
      } else if (name === "htmx:afterSettle") {
        oneTabStop();
      } else if (name === "board:focus") {
        focusItem(event.target);
      }
    },
  });
})();
