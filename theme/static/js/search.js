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
      translations: { clear_search: "Effacer" },
    });
    // Pagefind's field has a placeholder but no label: give it one.
    var tries = 0;
    (function label() {
      var input = box.querySelector("input");
      if (!input) {
        if (tries++ < 100) window.requestAnimationFrame(label);
        return;
      }
      input.setAttribute("aria-label", "Rechercher dans le site");
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) {
        input.value = query;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    })();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
