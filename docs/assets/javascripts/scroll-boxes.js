/* Tables wider than the screen scroll sideways inside a box (the theme wraps
 * them once the page has loaded). A keyboard can scroll such a box only when
 * the box takes focus, so each box that scrolls takes focus and has a name
 * (WCAG 2.1.1). Nothing is stored.
 */
(function () {
  "use strict";

  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table (scrolls sideways)");
      } else if (box.hasAttribute("role")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
