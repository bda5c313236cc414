/* datacharts: a chart's embed page tells the page that frames it how tall it is.
 *
 * The snippet of « Intégrer ce graphique » listens for these messages and sets
 * its iframe's height, so the source line, the downloads and an opened data
 * table are never hidden behind a scrollbar inside the frame. The message
 * carries a number only; the snippet checks that it comes from its own frame.
 */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = -1;

  function height() {
    var body = document.body;
    var style = getComputedStyle(body);
    return Math.ceil(
      body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom)
    );
  }

  function report() {
    var now = height();
    if (now === last) return;
    last = now;
    window.parent.postMessage({ datacharts: "height", height: now }, "*");
  }

  function start() {
    report();
    if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.body);
    else window.addEventListener("resize", report);
    window.addEventListener("load", report);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
