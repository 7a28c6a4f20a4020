/* The menu on small screens, for keyboard and screen-reader users.
 *
 * The theme opens its side menu with a <label> for a hidden checkbox, which
 * the Tab key cannot reach. This puts a real button beside it that does the
 * same, says whether the menu is open, moves focus into the menu, and closes
 * it again with Escape. Nothing is stored.
 */
(function () {
  "use strict";

  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('.md-header__button[for="__drawer"]');
  if (!drawer || !label) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon menu-button";
  button.setAttribute("aria-label", "Menu");
  button.setAttribute("aria-expanded", "false");
  button.innerHTML = label.innerHTML;
  label.hidden = true;
  label.after(button);

  function firstLink() {
    return document.querySelector(".md-sidebar--primary a.md-nav__link[href]");
  }

  function show(open) {
    if (drawer.checked !== open) {
      drawer.checked = open;
      drawer.dispatchEvent(new Event("change", { bubbles: true }));
    }
    button.setAttribute("aria-expanded", String(open));
  }

  button.addEventListener("click", function () {
    show(!drawer.checked);
    if (drawer.checked) {
      var link = firstLink();
      if (link) link.focus();
    }
  });

  /* The theme's own labels (the overlay, the menu title) also open and close it. */
  drawer.addEventListener("change", function () {
    button.setAttribute("aria-expanded", String(drawer.checked));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) {
      show(false);
      button.focus();
    }
  });
})();
