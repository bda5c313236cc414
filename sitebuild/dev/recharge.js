// Development only: `invoke livereload` serves this file and adds it to the
// pages it serves; no build ever writes it into output/. The page reloads as
// soon as a build has finished since it was served: after a good build the
// page comes back up to date, after a failed one the list of mistakes shows.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script && script.getAttribute("data-generation");
  if (!shown || typeof EventSource === "undefined") {
    return;
  }
  var events = new EventSource("/_dev/evenements");
  events.onmessage = function (event) {
    if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  };
})();
