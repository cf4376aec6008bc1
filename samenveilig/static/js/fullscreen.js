// The projector's full-screen button: on the button.
(function () {
  "use strict";

  function click() {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  }

  htmx.defineExtension("fullscreen", {
    onEvent: function (name, event) {
      var button = event.target;
      if (name === "htmx:afterProcessNode" && /(^|,)\s*fullscreen\s*(,|$)/.test(button.getAttribute("hx-ext"))) {
        button.addEventListener("click", click);
      }
    },
  });
})();
