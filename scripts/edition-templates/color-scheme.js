/* Follow the device's light or dark setting, as the website does. Nothing is stored. */
(function () {
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() { document.body.setAttribute("data-md-color-scheme", dark.matches ? "slate" : "default"); }
  apply();
  dark.addEventListener("change", apply);
})();
