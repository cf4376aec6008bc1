// Afmelden empties the quick-add queues of this tab: what was typed about a family does not
// stay behind in the browser of a shared computer. Unsent items are named first, so nobody
// throws them away unaware. On the logout form ([data-logout]).
(function () {
  "use strict";

  var PREFIX = "samenveilig.wachtrij.";

  function submit(event) {
    var form = event.currentTarget, keys = [], unsent = 0;
    try {
      for (var i = 0; i < sessionStorage.length; i++) {
        var key = sessionStorage.key(i);
        if (key.indexOf(PREFIX) !== 0) continue;
        keys.push(key);
        unsent += JSON.parse(sessionStorage.getItem(key) || "[]").length;
      }
    } catch (error) { return; /* no storage in this browser: nothing stays behind */ }
    var question = unsent === 1 ? form.getAttribute("data-unsent-one")
      : form.getAttribute("data-unsent-many").replace("{n}", unsent);
    if (unsent && !window.confirm(question)) { event.preventDefault(); return; }
    form.setAttribute("data-leaving", "");  // a queue on this page stores nothing any more
    keys.forEach(function (key) { sessionStorage.removeItem(key); });
  }

  htmx.defineExtension("logout", {
    onEvent: function (name, event) {
      var form = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*logout\s*(,|$)/.test(form.getAttribute("hx-ext"))) {
        form.addEventListener("submit", submit);
      }
    },
  });
})();
