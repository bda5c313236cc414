/* The search page: Pagefind's interface over the index built at `invoke build`. */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("recherche");
    if (!box || !window.PagefindUI) return;
    new window.PagefindUI({
      element: "#recherche",
      baseUrl: box.dataset.baseUrl || "/",
      showSubResults: true,
      showImages: false,
      resetStyles: false,
    });
    var input = box.querySelector("input");
    var query = new URLSearchParams(window.location.search).get("q");
    if (input && query) {
      input.value = query;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
