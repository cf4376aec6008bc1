// Samenveilig: the little behaviour htmx does not give us. No inline script (CSP), no eval.
(function () {
  "use strict";

  function isTyping(element) {
    return element && element.matches && element.matches("input, textarea, select") &&
      element.closest("form") !== null;
  }

  // An update from someone else never wipes what you are typing: a region that holds your
  // cursor waits, and refreshes itself as soon as you leave it.
  document.addEventListener("htmx:confirm", function (event) {
    var region = event.target.closest && event.target.closest("[data-live-region]");
    if (!region || region !== event.target || event.detail.verb !== "get") return;
    if (region.contains(document.activeElement) && isTyping(document.activeElement)) {
      event.preventDefault();
      region.setAttribute("data-stale", "");
    }
  });

  // The same for a refresh that was already under way when you started typing.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var region = event.detail.target;
    if (!region.matches || !region.matches("[data-live-region]") || event.detail.requestConfig.verb !== "get") return;
    if (region.contains(document.activeElement) && isTyping(document.activeElement)) {
      event.detail.shouldSwap = false;
      region.setAttribute("data-stale", "");
    }
  });

  // Pushed HTML (sse-swap) is held back the same way; the region fetches it when you leave.
  // While a request from inside the region is under way (its answer may need the element
  // that sent it), the pushed HTML waits and is swapped in when that request is done.
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    var region = event.target;
    if (!region.matches || !region.matches("[data-live-region]")) return;
    if (region.contains(document.activeElement) && isTyping(document.activeElement)) {
      event.preventDefault();
      region.setAttribute("data-stale", "");
    } else if (region.matches(".htmx-request") || region.querySelector(".htmx-request")) {
      event.preventDefault();
      region._held = event.detail.data;
    }
  });
  document.addEventListener("htmx:afterRequest", function () {
    setTimeout(function () {
      document.querySelectorAll("[data-live-region]").forEach(function (region) {
        if (region._held === undefined || region.matches(".htmx-request") || region.querySelector(".htmx-request")) return;
        var html = region._held;
        region._held = undefined;
        if (region.hasAttribute("data-stale")) return;  // you are typing in it: it fetches when you leave
        rememberFocus(region);
        htmx.swap(region, html, { swapStyle: "innerHTML" });
      });
      refreshStaleRegions();
    }, 0);
  });

  // A region whose fetch failed (no network, a server error) tries again: after 1 s, 2 s,
  // 4 s, ... at most 10 s apart, until it has its content.
  function retryRegion(event) {
    var region = event.detail.elt;
    if (!region.matches || !region.matches("[data-region], [data-live-region]")) return;
    if (!event.detail.requestConfig || event.detail.requestConfig.verb !== "get") return;
    region._retryIn = Math.min(10000, (region._retryIn || 500) * 2);
    setTimeout(function () { if (region.isConnected) htmx.trigger(region, "refresh"); }, region._retryIn);
  }
  document.addEventListener("htmx:responseError", retryRegion);
  document.addEventListener("htmx:sendError", retryRegion);
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.elt) event.detail.elt._retryIn = 0;
  });

  // The stream remembers the last version this screen has: when the connection has to be
  // opened anew, the server sends what changed since then (Last-Event-ID does this while
  // the browser reconnects by itself).
  document.addEventListener("htmx:sseMessage", function (event) {
    var id = event.detail && event.detail.lastEventId, live = event.target.closest && event.target.closest("[sse-connect]");
    if (!id || !live) return;
    var url = new URL(live.getAttribute("sse-connect"), window.location.href);
    url.searchParams.set("since", id);
    live.setAttribute("sse-connect", url.pathname + url.search);
  });

  function refreshStaleRegions() {
    document.querySelectorAll("[data-live-region][data-stale]").forEach(function (region) {
      var active = document.activeElement;
      // Still in the same form (from its select to its button): wait until you leave the form.
      if (region.contains(active) && (isTyping(active) || active.closest("form"))) return;
      region.removeAttribute("data-stale");
      htmx.trigger(region, "refresh");
    });
  }
  document.addEventListener("focusout", function () { setTimeout(refreshStaleRegions, 0); });
  document.addEventListener("htmx:afterSettle", refreshStaleRegions);

  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (event.key === "Escape" && form) {
      // Escape in an inline edit form cancels it, as its "Annuleren" button does; in the
      // quick add it goes to the board.
      var cancel = form.querySelector("[data-cancel]");
      if (cancel) { event.preventDefault(); cancel.click(); }
      else if (form.matches("[data-quick-add]")) { event.preventDefault(); toBoard(); }
      else if (form.closest(".board .item")) { event.preventDefault(); quickText().focus(); }
      return;
    }
    // Enter on an item's "Verplaats naar" moves it (the key m goes there).
    if (event.key === "Enter" && event.target.matches("select[data-tool='move']") && event.target.value) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    // Enter saves an inline edit or adds; Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey && event.target.matches("textarea") &&
        form && (form.hasAttribute("data-autosave") || form.hasAttribute("data-quick-add"))) {
      event.preventDefault();
      form.requestSubmit();
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
    if (document.querySelector("[data-quick-add]") && !isField(event.target)) boardKey(event);
  });

  // The board by keyboard, outside the text fields: see the "Sneltoetsen" help on the board.
  function isField(element) {
    return element.matches && element.matches("input, textarea, select, [contenteditable]");
  }
  function quickText() { return document.querySelector("[data-quick-add] input[type=text], [data-quick-add] textarea"); }
  function boardItems() { return Array.prototype.slice.call(document.querySelectorAll(".board .item")); }
  var currentItemId = null;
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
  document.addEventListener("focusout", function (event) {
    var item = event.target.closest && event.target.closest(".board .item");
    if (item && !item.contains(event.relatedTarget)) item.classList.remove("is-keyed");
  });
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(".board .item");
    if (item && item.getAttribute("tabindex") !== "0") makeCurrent(item);
  });
  function clickTool(item, name) {
    var tool = item && item.querySelector("[data-tool='" + name + "']");
    if (tool) tool.click();
  }
  var boardKeys = {
    "j": 1, "ArrowDown": 1, "k": -1, "ArrowUp": -1,
  };
  function boardKey(event) {
    var key = event.key, item = event.target.closest && event.target.closest(".board .item");
    // A key pressed while a swap has just taken the focus away is meant for the current item.
    if (!item && event.target === document.body && currentItemId) item = document.getElementById(currentItemId);
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
    } else if (key in boardKeys) {
      var items = boardItems(), from = item || currentItem();
      if (!items.length) return;
      var at = from ? items.indexOf(from) : -1;
      focusItem(items[Math.min(items.length - 1, Math.max(0, item ? at + boardKeys[key] : Math.max(at, 0)))]);
    } else if (key === "Enter" && item && item === event.target) { clickTool(item, "edit"); }
    else if (key === "m" && item) {
      var move = item.querySelector("[data-tool='move']");
      item.classList.add("is-keyed");
      if (move) move.focus();
    }
    else if (key === "v" && item) { clickTool(item, "visibility"); }
    else if (key === "p" && item) { clickTool(item, "plan"); }
    else if (key === "u" && document.getElementById("undo")) { document.getElementById("undo").click(); }
    else return;
    event.preventDefault();
  }

  // The board keeps one item reachable by Tab; after a swap, the item you were on keeps the
  // focus when its own swap took it away.
  var focusBeforeSwap = null;
  function rememberFocus(target) {
    var active = document.activeElement;
    if (active && active.id && target.contains(active)) focusBeforeSwap = active.id;
  }
  document.addEventListener("htmx:beforeSwap", function (event) { rememberFocus(event.detail.target); });
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    if (!event.defaultPrevented) rememberFocus(event.target);
  });
  function oneTabStop() {
    var lost = document.activeElement === document.body || !document.activeElement;
    var again = lost && focusBeforeSwap && document.getElementById(focusBeforeSwap);
    focusBeforeSwap = null;
    if (again) {  // a live refresh of the same control keeps your place
      var holder = again.closest(".board .item");
      if (holder) { makeCurrent(holder); holder.classList.add("is-keyed"); }
      again.focus();
      return;
    }
    var items = boardItems();
    if (!items.length) return;
    var current = currentItemId && document.getElementById(currentItemId);
    if (current && lost) focusItem(current);
    else if (!document.querySelector(".board .item[tabindex='0']")) (current || items[0]).setAttribute("tabindex", "0");
  }
  oneTabStop();
  document.addEventListener("htmx:afterSettle", oneTabStop);

  // A new item: on the consultant's screen it is scrolled into view and lights up briefly.
  var addedItemId = null;
  document.addEventListener("item-added", function (event) {
    var item = document.getElementById("item-" + event.detail.id);
    if (item) lightUp(item);  // the pushed HTML came before the answer
    else addedItemId = "item-" + event.detail.id;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var item = addedItemId && document.getElementById(addedItemId);
    if (!item) return;
    addedItemId = null;
    lightUp(item);
  });
  function lightUp(element) {
    element.scrollIntoView({ block: "center" });
    element.classList.remove("is-new");
    void element.offsetWidth;  // restart the animation
    element.classList.add("is-new");
  }
  document.addEventListener("animationend", function (event) {
    if (event.target.classList) event.target.classList.remove("is-new");
  });

  // The projector: a category that changed comes into view in its column, its new items lit.
  function rememberItems(region) {
    if (!region.matches || !region.matches(".present .shared-category")) return;
    region._seen = Array.prototype.map.call(region.querySelectorAll(".shared-item"), function (i) { return i.id; });
  }
  document.addEventListener("htmx:beforeSwap", function (event) { rememberItems(event.detail.target); });
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    if (!event.defaultPrevented) rememberItems(event.target);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var region = event.detail.target || event.target;  // a pushed swap settles on the region itself
    if (!region.matches || !region.matches(".present .shared-category") || !region._seen) return;
    var seen = region._seen, fresh = Array.prototype.filter.call(
      region.querySelectorAll(".shared-item"), function (i) { return seen.indexOf(i.id) < 0; });
    region._seen = null;
    if (fresh.length) fresh.forEach(lightUp);
    else region.scrollIntoView({ block: "nearest" });
  });

  // A phone: the bar "geef je score" shows only while the score form is out of view.
  var myScore = document.getElementById("my-score"), myScoreInView = false;
  function scoreBar() {
    var bar = myScore.querySelector(".score-bar");
    if (bar) bar.hidden = myScoreInView;
  }
  if (myScore && window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      myScoreInView = entries[entries.length - 1].isIntersecting;
      scoreBar();
    }).observe(myScore);
    document.addEventListener("htmx:afterSettle", scoreBar);
  }

  // The keys' help dialog on the board; closed, it gives the focus back to where you were,
  // also when a live refresh replaced that item in the meantime.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-open-dialog]");
    if (opener) document.getElementById(opener.getAttribute("data-open-dialog")).showModal();
  });
  document.addEventListener("close", function (event) {
    if (event.target.id !== "board-keys") return;
    setTimeout(function () {
      if (document.activeElement === document.body || !document.activeElement) toBoard();
    }, 0);
  }, true);

  // Quick add: Enter empties the text field at once, so the next item can be typed while
  // this one is saved; if the server cannot be reached, the text comes back. An invalid
  // item comes back as a fresh form with its errors and its text. After an add, who says it
  // and who may see it go back to the meeting's defaults, unless they are pinned ("vast").
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-quick-add]")) return;
    form.querySelectorAll("input[type=text], textarea").forEach(function (field) {
      field.setAttribute("data-sent", field.value);
      field.value = "";
    });
    // Reset now, not when the answer comes: by then the next item's choices may be made.
    form.querySelectorAll("select[data-default]").forEach(function (select) {
      var pin = form.querySelector("[data-pins='" + select.name + "']");
      select.setAttribute("data-sent", select.value);
      if (!pin || !pin.checked) select.value = select.getAttribute("data-default");
    });
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-quick-add]")) return;
    form.querySelectorAll("[data-sent]").forEach(function (field) {
      if (!field.value || field.matches("select")) field.value = field.getAttribute("data-sent");
    });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-quick-add]") || !event.detail.successful) return;
    form.querySelectorAll(".field__error").forEach(function (error) { error.remove(); });
    form.querySelectorAll(".field--error").forEach(function (field) { field.classList.remove("field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
  });

  // Leaving an inline edit form saves it, unless you left for its own buttons.
  document.addEventListener("focusout", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosave]");
    if (!form || form.contains(event.relatedTarget)) return;
    setTimeout(function () {
      if (form.isConnected && !form.contains(document.activeElement) && !form.hasAttribute("data-cancelled")) {
        form.requestSubmit();
      }
    }, 0);
  });
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-cancel]");
    if (cancel && cancel.form) cancel.form.setAttribute("data-cancelled", "");
  });

  // A change of the meeting itself (closed, link revoked) reloads the page as a whole; but
  // not while this page's own request is under way, and not when that request sends the
  // page elsewhere (closing the help goes to the case page).
  var inFlight = 0, reloadWanted = false, leaving = false;
  document.addEventListener("htmx:beforeRequest", function () { inFlight += 1; });
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && (xhr.getResponseHeader("HX-Redirect") || xhr.getResponseHeader("HX-Refresh"))) leaving = true;
  });
  document.addEventListener("htmx:afterRequest", function () {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0 && reloadWanted && !leaving) window.location.reload();
  });
  document.addEventListener("sse:meeting-changed", function () {
    if (leaving) return;
    if (inFlight > 0) reloadWanted = true;
    else window.location.reload();
  });

  // The projector's full-screen button.
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-fullscreen]")) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });

  // A plain (non-htmx) form that asks before it does something drastic.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Notices appear in an area that is always in view; each can be closed. The notice about
  // a lost connection leaves by itself as soon as the connection is back.
  function closeButtons() {
    document.querySelectorAll("#notices .notice").forEach(function (notice) {
      if (notice.querySelector(".notice__close")) return;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "notice__close";
      close.textContent = "Sluiten";
      notice.appendChild(close);
    });
  }
  closeButtons();
  document.addEventListener("htmx:afterSettle", closeButtons);
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest(".notice__close");
    if (close) close.closest(".notice").remove();
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    // The next thing you do makes an earlier confirmation step aside; errors stay until closed.
    var elt = event.detail.elt;
    if (event.detail.requestConfig && event.detail.requestConfig.verb === "get") return;
    if (elt.closest && elt.closest("#notices")) return;
    document.querySelectorAll("#notices .notice:not(.notice--error)").forEach(function (notice) { notice.remove(); });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    // "Ongedaan maken" in a notice: once done, the notice has said what it had to say.
    var notice = event.detail.elt.closest && event.detail.elt.closest("#notices .notice");
    if (notice && event.detail.successful) notice.remove();
  });

  function connectionLost() {
    var notices = document.getElementById("notices");
    if (!notices) return;
    notices.innerHTML = "";
    var p = document.createElement("p");
    p.className = "notice notice--error";
    p.setAttribute("role", "alert");
    p.setAttribute("data-connection", "");
    p.textContent = "Geen verbinding met Samenveilig. Controleer het netwerk en probeer het opnieuw.";
    notices.appendChild(p);
    closeButtons();
  }
  document.addEventListener("htmx:sendError", connectionLost);
  // A screen that only follows (the projector, a phone) hears it from its event stream.
  document.addEventListener("htmx:sseError", function () {
    if (!document.querySelector("#notices [data-connection]")) connectionLost();
  });
  function connectionBack() {
    document.querySelectorAll("#notices [data-connection]").forEach(function (notice) { notice.remove(); });
  }
  document.addEventListener("htmx:sseOpen", connectionBack);
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) connectionBack();
  });
})();
