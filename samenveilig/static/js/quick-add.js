// The board's quick add: what is typed is never lost. Enter moves the text into a queue right
// under the field ("wordt bewaard…") and frees the field for the next item; an entry leaves the
// queue only when the server has it. A send that fails stays, "Niet verstuurd", and goes again
// when the connection is back (or with "Opnieuw versturen"), in the order typed; "Terug in het
// veld" takes it back. Each entry carries its own submission key, so a resend never adds an item
// twice. The queue is kept in this tab's sessionStorage: a reload keeps it and sends it.
(function () {
  "use strict";

  var queue = null, entries = [], sending = null, retryDelay = 0, retryTimer = null;
  var queued = new WeakMap();  // an entry's <li> -> the entry

  function newKey() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  function queueForm() { return document.querySelector("form[data-queue]"); }
  function textField(form) { return form.querySelector("input[type=text], textarea"); }
  function notice(text, kind) { htmx.trigger(queue, "notices:show", { text: text, kind: kind }); }

  // Afmelden empties the queues of this tab (logout.js): nothing is stored again after that.
  function loggingOut() { return document.querySelector("form[data-logout][data-leaving]") !== null; }
  function saveQueue() {
    if (loggingOut()) return;
    var kept = entries.map(function (e) { return { text: e.text, values: e.values, state: e.state, error: e.error, errors: e.errors }; });
    try {
      if (kept.length) sessionStorage.setItem(queue.getAttribute("data-storage-key"), JSON.stringify(kept));
      else sessionStorage.removeItem(queue.getAttribute("data-storage-key"));
    } catch (error) { /* no storage in this browser: the queue still lives in this page */ }
  }
  function drawEntry(entry, visible) {
    if (!entry.el) {
      entry.el = queue.querySelector("template").content.firstElementChild.cloneNode(true);
      queued.set(entry.el, entry);
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

  // Errors on the form's fields are the add form's (add-form.js).
  function showErrors(form, errors) { htmx.trigger(form, "add-form:errors", { errors: errors }); }

  // After an add, who says it and who may see it go back to the meeting's defaults, unless
  // they are pinned ("vast"). Reset at once, not when the answer comes: by then the next
  // item's choices may be made.
  function resetChoices(form) {
    form.querySelectorAll("select[data-default]").forEach(function (select) {
      var pin = form.querySelector("[data-pins='" + select.name + "']");
      if (!pin || !pin.checked) select.value = select.getAttribute("data-default");
    });
  }

  // Nothing typed: the field says so (and a screen reader hears it), and keeps the focus, after
  // Enter as after a click on "Toevoegen". A danger needs its term and a next step its urgency:
  // Enter without it goes to that choice (the arrow keys choose, Enter adds) and leaves the text
  // as it is.
  function askFirst(form) {
    var field = textField(form);
    if (!field.value.trim()) {
      showErrors(form, [[field, field.getAttribute("data-missing")]]);
      field.focus();
      return true;
    }
    var category = form.querySelector("select[name$='category']");
    var needed = Array.prototype.filter.call(form.querySelectorAll("select[data-needed-for]"), function (select) {
      return category && select.getAttribute("data-needed-for") === category.value && !select.value;
    })[0];
    if (!needed) return false;
    showErrors(form, [[needed, needed.getAttribute("data-missing")]]);
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
    showErrors(form, []);
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
      if (status === 0 || status === 503) htmx.trigger(queue, "notices:connection-lost", { text: queue.getAttribute("data-lost") });
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
    notice(queue.getAttribute("data-refused").replace("{text}", function () { return entry.text; }) + " " + entry.error, "notice--warning");
  }
  function takeBack(entry) {
    var form = queueForm(), field = textField(form);
    if (field.value) {
      notice(queue.getAttribute("data-field-busy"), "notice--warning");
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
    var wrong = (entry.errors || []).map(function (error) {
      var input = error[0] && form.elements.namedItem(error[0]);
      return input && input.closest && error[1] ? [input, error[1]] : null;
    }).filter(Boolean);
    showErrors(form, wrong);
    wrong = wrong.length ? wrong[0][0] : null;
    (wrong && wrong !== field && wrong.matches("select") ? wrong : field).focus();
  }

  function submit(event) {
    if (!event.target.matches("form[data-queue]")) return;
    event.preventDefault();
    if (!askFirst(event.target)) enqueue(event.target);
  }
  function click(event) {
    var button = event.target.closest && event.target.closest("[data-queue-retry], [data-queue-take]");
    var entry = button && queued.get(button.closest("li"));
    if (!entry) return;
    if (button.hasAttribute("data-queue-take")) return takeBack(entry);
    entry.state = "failed";
    sendAgain();
  }
  // Enter on a choice of the quick add (who says it, how urgent, ...) adds, as in its text field.
  function keydown(event) {
    if (event.key !== "Enter" || !event.target.matches("form[data-queue] select")) return;
    event.preventDefault();
    event.target.form.requestSubmit();
  }

  function start(root) {
    queue = document.getElementById("quick-add-queue");
    root.addEventListener("submit", submit);
    root.addEventListener("click", click);
    root.addEventListener("keydown", keydown);
    window.addEventListener("online", sendAgain);
    try {
      entries = JSON.parse(sessionStorage.getItem(queue.getAttribute("data-storage-key")) || "[]");
    } catch (error) { entries = []; }
    entries.forEach(function (entry) {
      if (entry.state !== "invalid" && entry.state !== "refused") entry.state = "waiting";
      drawEntry(entry, true);
    });
    setTimeout(pump, 0);  // once htmx has processed the page
  }

  htmx.defineExtension("quick-add", {
    onEvent: function (name, event) {
      var detail = event.detail;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*quick-add\s*(,|$)/.test(event.target.getAttribute("hx-ext"))) {
        start(event.target);
      } else if (name === "htmx:afterRequest") {
        var entry = queued.get(detail.elt);
        if (entry && entry === sending) {
          sending = null;
          answered(entry, detail.xhr);
        }
        // The connection is back: the queue goes again.
        if (detail.successful && detail.xhr && detail.xhr.status) sendAgain();
      } else if (name === "htmx:sseOpen") {
        sendAgain();
      }
    },
  });
})();
