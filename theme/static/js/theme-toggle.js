/* Light/dark toggle.
 *
 * Without this script the system setting (prefers-color-scheme) applies and
 * the button stays hidden. With it, the reader's choice is kept in
 * localStorage and written on <html> as data-theme="dark" or "light", which
 * the stylesheet reads. The button is a toggle: aria-pressed="true" means the
 * dark theme is showing, whichever way it was chosen.
 */
(function () {
  "use strict";

  var KEY = "theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function read() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (error) {
      return null; // storage disabled: the choice lasts for this page only
    }
  }

  function write(value) {
    try {
      window.localStorage.setItem(KEY, value);
    } catch (error) {
      /* see read() */
    }
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen === "dark";
    return Boolean(system && system.matches);
  }

  var saved = read();
  if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);

  function init() {
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    function sync() {
      Array.prototype.forEach.call(buttons, function (button) {
        button.setAttribute("aria-pressed", isDark() ? "true" : "false");
      });
    }
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = isDark() ? "light" : "dark";
        root.setAttribute("data-theme", next);
        write(next);
        sync();
      });
    });
    if (system && system.addEventListener) system.addEventListener("change", sync);
    // Another tab changed the choice.
    window.addEventListener("storage", function (event) {
      if (event.key !== KEY) return;
      if (event.newValue === "dark" || event.newValue === "light") root.setAttribute("data-theme", event.newValue);
      else root.removeAttribute("data-theme");
      sync();
    });
    sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
