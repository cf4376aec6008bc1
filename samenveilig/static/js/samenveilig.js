// Samenveilig: the little behaviour htmx does not give us. No inline script (CSP), no eval.
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
  var CHANGED_HOLDS_MS = 20000;
  function touched(event) {
    var form = event.target.closest && event.target.closest("form");
    if (!form) return;
    form._touchedAt = Date.now();
    setTimeout(refreshStaleRegions, CHANGED_HOLDS_MS + 50);
  }
  document.addEventListener("input", touched, true);
  document.addEventListener("change", touched, true);
  function sent(form) { if (form) form._touchedAt = 0; }
  document.addEventListener("submit", function (event) { sent(event.target); }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    sent(elt && elt.closest && elt.closest("form"));
  });
  function changed(form) {
    if (!form._touchedAt || Date.now() - form._touchedAt > CHANGED_HOLDS_MS) return false;
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

  // An update from someone else never wipes what you are typing: a region that holds your
  // cursor (or an edit not saved yet) waits, and refreshes itself as soon as you leave it.
  document.addEventListener("htmx:confirm", function (event) {
    var region = event.target.closest && event.target.closest("[data-live-region]");
    if (!region || region !== event.target || event.detail.verb !== "get") return;
    if (holdsWork(region)) {
      event.preventDefault();
      region.setAttribute("data-stale", "");
    }
  });

  // The same for a refresh that was already under way when you started typing.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var region = event.detail.target;
    if (!region.matches || !region.matches("[data-live-region]") || event.detail.requestConfig.verb !== "get") return;
    if (holdsWork(region)) {
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
    if (holdsWork(region)) {
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
      if ((region.contains(active) && (isTyping(active) || active.closest("form"))) || holdsUnsaved(region) ||
          holdsChanged(region)) return;
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
    // Enter on a choice of the quick add (who says it, how urgent, ...) adds, as in its text field.
    if (event.key === "Enter" && event.target.matches("form[data-queue] select")) {
      event.preventDefault();
      form.requestSubmit();
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
  function boardItems() { return Array.prototype.slice.call(document.querySelectorAll(".board .item:not([hidden])")); }
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
    showTools(item);
    var tool = item && item.querySelector("[data-tool='" + name + "']");
    if (tool && !tool.hidden) tool.click();
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
      showTools(item);
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

  // The projector's columns each scroll on their own: each counts its items and says how many
  // more follow below it ("nog 5 ↓", in the screen's language), after every scroll and change.
  var hintsDue = false;
  function columnHints() {
    hintsDue = false;
    document.querySelectorAll("[data-column]").forEach(function (column) {
      var items = column.querySelectorAll(".shared-item"), hint = column.querySelector("[data-more]");
      var count = column.querySelector("[data-column-count]");
      if (count) count.textContent = "(" + items.length + ")";
      if (!hint) return;
      if (hint._said === undefined) hint._said = hint.innerHTML;
      // The hint sticks to the column's bottom edge while more follows; at the end it sits
      // after the last item. What reaches below its top is not (wholly) in view.
      var edge = hint.getBoundingClientRect().top, below = 0;
      items.forEach(function (item) { if (item.getBoundingClientRect().bottom > edge + 1) below += 1; });
      if (below) hint.innerHTML = hint._said.split("{n}").join(String(below));
      hint.classList.toggle("is-none", !below);
    });
  }
  function hintsSoon() {
    if (hintsDue) return;
    hintsDue = true;
    requestAnimationFrame(columnHints);
  }
  if (document.querySelector("[data-column]")) {
    document.addEventListener("scroll", hintsSoon, true);
    window.addEventListener("resize", hintsSoon);
    document.addEventListener("htmx:afterSettle", hintsSoon);
    document.addEventListener("load", hintsSoon, true);  // a drawing's thumbnail takes room
    hintsSoon();
  }

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

  // An add form (the plan's): Enter empties the text field at once, so the next one can be
  // typed while this one is saved; if the server cannot be reached, the text comes back. An
  // invalid entry comes back as a fresh form with its errors and its text. The board's quick
  // add goes through its queue instead (below).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-quick-add]")) return;
    form.querySelectorAll("input[type=text], textarea").forEach(function (field) {
      field.setAttribute("data-sent", field.value);
      field.value = "";
    });
    resetChoices(form);
  });
  // After an add, who says it and who may see it go back to the meeting's defaults, unless
  // they are pinned ("vast"). Reset at once, not when the answer comes: by then the next
  // item's choices may be made.
  function resetChoices(form) {
    form.querySelectorAll("select[data-default]").forEach(function (select) {
      var pin = form.querySelector("[data-pins='" + select.name + "']");
      select.setAttribute("data-sent", select.value);
      if (!pin || !pin.checked) select.value = select.getAttribute("data-default");
    });
  }
  function clearErrors(form) {
    form.querySelectorAll(".field__error").forEach(function (error) { error.remove(); });
    form.querySelectorAll(".field--error").forEach(function (field) { field.classList.remove("field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
  }
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
    clearErrors(form);
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
  // A notice's words in the screen's language: the family's screens give them on #notices
  // (public.html: data-close, data-no-connection, data-reconnecting); the desk says Dutch.
  function said(key, dutch) {
    var notices = document.getElementById("notices");
    return (notices && notices.getAttribute("data-" + key)) || dutch;
  }
  // The projector recovers by itself: its notice about the connection has no close button.
  var wall = document.body.classList.contains("present");
  function closeButtons() {
    document.querySelectorAll("#notices .notice").forEach(function (notice) {
      if (notice.querySelector(".notice__close") || (wall && notice.hasAttribute("data-connection"))) return;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "notice__close";
      close.textContent = said("close", "Sluiten");
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

  var NO_CONNECTION = "Geen verbinding met Samenveilig. Controleer het netwerk en probeer het opnieuw.";
  // The notice says what happens to what was sent: an element may say so in `data-lost`.
  document.addEventListener("htmx:sendError", function (event) {
    var own = event.detail.elt.closest && event.detail.elt.closest("[data-lost]");
    connectionLost(own ? own.getAttribute("data-lost") :
      said("no-connection", NO_CONNECTION));
  });
  function connectionLost(text) {
    var notices = document.getElementById("notices");
    if (!notices) return;
    notices.innerHTML = "";
    showNotice(text, "notice--error", true);
  }
  function showNotice(text, kind, connection) {
    var p = document.createElement("p");
    p.className = "notice " + kind;
    p.setAttribute("role", "alert");
    if (connection) p.setAttribute("data-connection", "");
    p.textContent = text;
    document.getElementById("notices").appendChild(p);
    closeButtons();
    return p;
  }
  // A screen that only follows (the projector, a phone) hears of a lost connection from its
  // event stream. A stream that was refused (the server holds as many screens as it may: 503)
  // is opened again by the sse extension after a growing pause; meanwhile the page says so,
  // calmly. Either notice leaves once the stream is open again.
  document.addEventListener("htmx:sseError", function (event) {
    var source = event.detail.source;
    var notices = document.getElementById("notices");
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
  });
  function connectionBack() {
    document.querySelectorAll("#notices [data-connection]").forEach(function (notice) { notice.remove(); });
  }
  document.addEventListener("htmx:sseOpen", connectionBack);
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) connectionBack();
  });
  // The item tools: one set per board (_item_tools.html), put in the item that has the focus
  // or the mouse, with that item's id filled into their URLs. A swap that replaces their item
  // parks them first; they come back to the same item, with the focus on the same tool.
  var tools = document.getElementById("item-tools"), toolsHome = tools && tools.parentNode;
  var toolsItemId = null, toolsFocusId = null;
  function showTools(item) {
    if (!tools || !item || !item.matches(".board .item:not(.item--editing)") || tools.parentNode === item) return;
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
    if (!tools || tools.parentNode === toolsHome) return;
    toolsFocusId = tools.contains(document.activeElement) ? document.activeElement.id : null;
    toolsHome.appendChild(tools);
  }
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(".board .item");
    if (item) showTools(item);
  });
  document.addEventListener("mouseover", function (event) {
    var item = event.target.closest && event.target.closest(".board .item");
    var choosing = tools && tools.contains(document.activeElement) && document.activeElement.matches("select");
    if (item && !choosing) showTools(item);
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (tools && event.detail.shouldSwap && event.detail.target.contains(tools)) parkTools();
  });
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    // The region waits because you are in its tools (it refreshes when you leave): they stay.
    if (event.defaultPrevented && event.target.hasAttribute("data-stale")) return;
    if (tools && event.target.contains && event.target.contains(tools)) parkTools();
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!tools || (tools.isConnected && tools.parentNode !== toolsHome)) return;
    var item = toolsItemId && document.getElementById(toolsItemId);
    if (!item) return;
    showTools(item);
    var again = toolsFocusId && document.getElementById(toolsFocusId);
    toolsFocusId = null;
    if (again && tools.contains(again) && (document.activeElement === document.body || !document.activeElement)) {
      makeCurrent(item);
      item.classList.add("is-keyed");
      again.focus();
    }
  });

  // After a move to another category the focus goes back to the moved item (not to the
  // "Verplaats naar" choice), so j, k and Enter act on the board again.
  var moved = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt, item = toolsItemId && document.getElementById(toolsItemId);
    if (!elt.matches || !elt.matches(".item__move") || !item || !item.contains(elt)) return;
    moved = { id: item.id, from: item.closest(".category").id };
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.matches || !elt.matches(".item__move") || !moved) return;
    if (!event.detail.successful) { moved = null; return; }
    // Out of the choice at once: a category holding your cursor in a form waits with its
    // refresh, and the moved item would stay in it until you left.
    var item = document.getElementById(moved.id);
    if (item && item.contains(document.activeElement)) item.focus();
  });
  document.addEventListener("htmx:afterSettle", function () {
    var item = moved && document.getElementById(moved.id), category = item && item.closest(".category");
    if (!category || category.id === moved.from) return;
    moved = null;
    var active = document.activeElement;
    if (!active || active === document.body || item.contains(active)) focusItem(item);  // not when you went on elsewhere
  });

  // Quick add on the board: what is typed is never lost. Enter moves the text into a queue
  // right under the field ("wordt bewaard…") and frees the field for the next item; an entry
  // leaves the queue only when the server has it. A send that fails stays, "Niet verstuurd",
  // and goes again when the connection is back (or with "Opnieuw versturen"), in the order
  // typed; "Terug in het veld" takes it back. Each entry carries its own submission key, so a
  // resend never adds an item twice. The queue is kept in this tab's sessionStorage: a reload
  // keeps it and sends it.
  var queue = document.getElementById("quick-add-queue"), entries = [], sending = null, loggingOut = false;
  function newKey() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  function queueForm() { return document.querySelector("form[data-queue]"); }
  function textField(form) { return form.querySelector("input[type=text], textarea"); }
  function saveQueue() {
    if (loggingOut) return;
    var kept = entries.map(function (e) { return { text: e.text, values: e.values, state: e.state, error: e.error, errors: e.errors }; });
    try {
      if (kept.length) sessionStorage.setItem(queue.getAttribute("data-storage-key"), JSON.stringify(kept));
      else sessionStorage.removeItem(queue.getAttribute("data-storage-key"));
    } catch (error) { /* no storage in this browser: the queue still lives in this page */ }
  }
  function drawEntry(entry, visible) {
    if (!entry.el) {
      entry.el = queue.querySelector("template").content.firstElementChild.cloneNode(true);
      entry.el.queueEntry = entry;
      entry.el.querySelector("[data-entry-text]").textContent = entry.text;
      entry.el.hidden = !visible;
      queue.querySelector("ol").appendChild(entry.el);
    }
    var waiting = entry.state === "waiting" || entry.state === "sending";
    if (!waiting) entry.el.hidden = false;
    entry.el.className = "quick-queue__entry quick-queue__entry--" + entry.state;
    var state = entry.el.querySelector("[data-entry-state]");
    state.textContent = state.getAttribute("data-" + (waiting ? "waiting" : entry.state)) + (entry.error ? " " + entry.error : "");
    entry.el.querySelector("[data-queue-retry]").hidden = waiting || entry.state === "invalid";
    entry.el.querySelector("[data-queue-take]").hidden = waiting;
    queue.hidden = !queue.querySelector("li:not([hidden])");
  }
  function forget(entry) {
    entries.splice(entries.indexOf(entry), 1);
    entry.el.remove();
    queue.hidden = !queue.querySelector("li:not([hidden])");
    saveQueue();
  }
  // A danger needs its term and a next step its urgency: Enter without it goes to that choice
  // (the arrow keys choose, Enter adds) and leaves the text as it is.
  function markError(input, text) {
    var id = input.id + "-error", error = document.getElementById(id);
    if (!error) {
      error = document.createElement("span");
      error.className = "field__error";
      error.id = id;
      input.closest(".field").appendChild(error);
    }
    error.textContent = text;
    input.closest(".field").classList.add("field--error");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", id);
  }
  function askFirst(form) {
    var category = form.querySelector("select[name$='category']");
    var needed = Array.prototype.filter.call(form.querySelectorAll("select[data-needed-for]"), function (select) {
      return category && select.getAttribute("data-needed-for") === category.value && !select.value;
    })[0];
    if (!needed) return false;
    markError(needed, needed.getAttribute("data-missing"));
    needed.focus();
    return true;
  }
  function enqueue(form) {
    var values = {}, field = textField(form), key = form.querySelector("input[name$='submission']");
    new FormData(form).forEach(function (value, name) { values[name] = value; });
    // Taken back and changed: that is another item than the one that may have arrived.
    if (form.hasAttribute("data-taken") && form.getAttribute("data-taken") !== field.value) values[key.name] = newKey();
    form.removeAttribute("data-taken");
    var entry = { text: field.value, values: values, state: "waiting" };
    entries.push(entry);
    drawEntry(entry, false);
    // Shown only when the answer takes a moment: a quick add does not make the board jump.
    setTimeout(function () {
      if (!entry.el.isConnected) return;
      entry.el.hidden = false;
      queue.hidden = false;
    }, 400);
    saveQueue();
    field.value = "";
    key.value = newKey();
    resetChoices(form);
    clearErrors(form);
    if (form.contains(document.activeElement) && document.activeElement !== field) field.focus();  // the next item
    sendAgain();
  }
  function pump() {
    var next = entries.filter(function (e) { return e.state === "waiting"; })[0];
    if (sending || !next) return;
    sending = next;
    next.state = "sending";
    drawEntry(next);
    htmx.ajax("POST", queue.getAttribute("data-url"), { source: next.el, values: next.values, swap: "none" })
      .catch(function () { /* the answer is handled in htmx:afterRequest */ });
  }
  function sendAgain() {
    entries.forEach(function (entry) {
      if (entry.state === "failed") { entry.state = "waiting"; drawEntry(entry); }
    });
    pump();
  }
  // Besides the signs that the connection is back, the queue tries again by itself: after
  // 2 s, then 4 s, ... at most every 15 s (an answer can be lost while the page stays online).
  var retryDelay = 0, retryTimer = null;
  function retryLater() {
    if (retryTimer) return;
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 15000);
    retryTimer = setTimeout(function () { retryTimer = null; sendAgain(); }, retryDelay);
  }
  function answered(entry, xhr) {
    var status = xhr ? xhr.status : 0;
    if (status >= 200 && status < 300) { retryDelay = 0; forget(entry); }
    else if (status === 422) invalid(entry, xhr.responseText);
    else if (status === 0 || status >= 500) {  // not there (or the server is down): all wait
      entries.forEach(function (e) { if (e.state === "waiting" || e.state === "sending") { e.state = "failed"; drawEntry(e); } });
      // 503: the server cannot save for a moment (its database): the same as no network.
      if (status === 0 || status === 503) connectionLost(queue.getAttribute("data-lost"));
      saveQueue();
      retryLater();
      return;
    } else { entry.state = "refused"; drawEntry(entry); saveQueue(); }  // the notice says why
    pump();
  }
  // An item the server refuses waits in the queue with the reason, and a notice says so; the
  // field is left as it is (what is typed there now, and where the cursor is), so the next item
  // is never glued to it. "Terug in het veld" brings it back with what is wrong marked.
  function invalid(entry, html) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    entry.errors = Array.prototype.map.call(answer.querySelectorAll(".field--error"), function (field) {
      var input = field.querySelector("input, select, textarea"), error = field.querySelector(".field__error");
      return [input ? input.name : "", error ? error.textContent : ""];
    });
    entry.error = Array.prototype.map.call(answer.querySelectorAll(".field__error"), function (e) { return e.textContent; }).join(" ");
    entry.state = "invalid";
    drawEntry(entry);
    saveQueue();
    showNotice(queue.getAttribute("data-refused").replace("{text}", function () { return entry.text; }) + " " + entry.error, "notice--warning");
  }
  function takeBack(entry) {
    var form = queueForm(), field = textField(form);
    if (field.value) {
      showNotice(queue.getAttribute("data-field-busy"), "notice--warning");
      field.focus();
      return;
    }
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!(input.name in entry.values) && input.type !== "checkbox") return;
      if (input.type === "checkbox") input.checked = input.name in entry.values;
      else input.value = entry.values[input.name];
    });
    form.setAttribute("data-taken", entry.text);
    forget(entry);
    clearErrors(form);
    var wrong = null;
    (entry.errors || []).forEach(function (error) {
      var input = error[0] && form.elements.namedItem(error[0]);
      if (!input || !input.closest || !error[1]) return;
      markError(input, error[1]);
      wrong = wrong || input;
    });
    (wrong && wrong !== field && wrong.matches("select") ? wrong : field).focus();
  }
  if (queue) {
    document.addEventListener("submit", function (event) {
      if (!event.target.matches("form[data-queue]")) return;
      event.preventDefault();
      if (!askFirst(event.target)) enqueue(event.target);
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      var entry = event.detail.elt.queueEntry;
      if (!entry || entry !== sending) return;
      sending = null;
      answered(entry, event.detail.xhr);
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-queue-retry], [data-queue-take]");
      var entry = button && button.closest("li").queueEntry;
      if (!entry) return;
      if (button.hasAttribute("data-queue-take")) return takeBack(entry);
      entry.state = "failed";
      sendAgain();
    });
    try {
      entries = JSON.parse(sessionStorage.getItem(queue.getAttribute("data-storage-key")) || "[]");
    } catch (error) { entries = []; }
    entries.forEach(function (entry) {
      if (entry.state !== "invalid" && entry.state !== "refused") entry.state = "waiting";
      drawEntry(entry, true);
    });
    document.addEventListener("DOMContentLoaded", pump);  // after htmx has read its settings
  }

  // Afmelden empties the queues of this tab: what was typed about a family does not stay
  // behind in the browser of a shared computer. Unsent items are named first, so nobody
  // throws them away unaware.
  document.addEventListener("submit", function (event) {
    var form = event.target, keys = [], unsent = 0;
    if (!form.matches("form[data-logout]")) return;
    try {
      for (var i = 0; i < sessionStorage.length; i++) {
        var key = sessionStorage.key(i);
        if (key.indexOf("samenveilig.wachtrij.") !== 0) continue;
        keys.push(key);
        unsent += JSON.parse(sessionStorage.getItem(key) || "[]").length;
      }
    } catch (error) { return; /* no storage in this browser: nothing stays behind */ }
    var question = unsent === 1 ? form.getAttribute("data-unsent-one")
      : form.getAttribute("data-unsent-many").replace("{n}", unsent);
    if (unsent && !window.confirm(question)) { event.preventDefault(); return; }
    loggingOut = true;
    keys.forEach(function (key) { sessionStorage.removeItem(key); });
  });

  // An inline edit whose save did not reach the server stays open with its text (and keeps
  // live refreshes of its category away); Enter or "Opslaan" tries again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form[data-autosave]")) return;
    if (event.detail.xhr && event.detail.xhr.status) form.removeAttribute("data-unsaved");
    else form.setAttribute("data-unsaved", "");
  });
  // When the connection is back: the queue goes again, and an unsaved edit you left is saved.
  function connectionIsBack() {
    if (queue) sendAgain();
    document.querySelectorAll("form[data-unsaved]").forEach(function (form) {
      if (form.hasAttribute("data-cancelled")) form.querySelector("[data-cancel]").click();
      else if (!form.contains(document.activeElement)) form.requestSubmit();
    });
  }
  window.addEventListener("online", connectionIsBack);
  document.addEventListener("htmx:sseOpen", connectionIsBack);
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.xhr && event.detail.xhr.status) connectionIsBack();
  });

  // The board's filter per child: dangers, goals and scale rounds about another child step
  // aside; what is about all children (data-child="") always stays. Applied again after every
  // swap, so a live refresh keeps the choice.
  function filterChildren() {
    var filter = document.querySelector("[data-child-filter]");
    if (!filter) return;
    document.querySelectorAll("[data-child]").forEach(function (element) {
      var about = element.getAttribute("data-child");
      element.hidden = Boolean(filter.value && about && about !== filter.value);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-child-filter]")) filterChildren();
  });
  document.addEventListener("htmx:afterSettle", filterChildren);

  // A child's drawing beside the child's words on the family's screens: the HTML pushed to the
  // projector and to every phone is the same, so each page fills in its own access-checked URL.
  function showDrawings(root) {
    var holder = document.querySelector("[data-drawing-url]");
    if (!holder || !root.querySelectorAll) return;
    root.querySelectorAll("img[data-drawing]:not([src])").forEach(function (image) {
      image.src = holder.getAttribute("data-drawing-url").replace("{item}", image.getAttribute("data-drawing"));
    });
  }
  document.addEventListener("htmx:load", function (event) { showDrawings(event.target); });
  document.addEventListener("htmx:afterSettle", function (event) { showDrawings(event.target); });
})();
