// A phone that follows the meeting: the bar "geef je score" shows only while the score form is
// out of view. On the follow page's score region (#my-score).
(function () {
  "use strict";

  var region = null, inView = false;

  function scoreBar() {
    var bar = region.querySelector(".score-bar");
    if (bar) bar.hidden = inView;
  }

  htmx.defineExtension("score-bar", {
    onEvent: function (name, event) {
      if (name === "htmx:afterProcessNode" && /(^|,)\s*score-bar\s*(,|$)/.test(event.target.getAttribute("hx-ext"))) {
        if (!window.IntersectionObserver) return;
        region = event.target;
        new IntersectionObserver(function (entries) {
          inView = entries[entries.length - 1].isIntersecting;
          scoreBar();
        }).observe(region);
      } else if (name === "htmx:afterSettle" && region) {
        scoreBar();
      }
    },
  });
})();
