/* The menu on small screens, for keyboard and screen-reader users.
 *
 * The theme opens its side menu with a <label> for a hidden checkbox, which
 * the Tab key cannot reach. This puts a real button beside it that does the
 * same, says whether the menu is open, moves focus into the menu, and closes
 * it again with Escape. Nothing is stored.
 *
 * While the menu is open, only what the reader can see takes focus: the
 * links of the menu panel on screen and the quick exit. The page behind, and
 * the menu's other panels (which the theme slides off screen), are made
 * inert. The panel titles and section arrows, labels in the theme, take
 * focus and open on Enter or Space, so the keyboard can move between panels
 * as a finger can (a label may not take the button role).
 */
(function () {
  "use strict";

  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('.md-header__button[for="__drawer"]');
  var menu = document.querySelector(".md-sidebar--primary");
  var root = menu && menu.querySelector(".md-nav--primary");
  if (!drawer || !label || !root) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon menu-button";
  button.setAttribute("aria-label", "Menu");
  button.setAttribute("aria-expanded", "false");
  button.innerHTML = label.innerHTML;
  label.hidden = true;
  label.after(button);

  var made = [];

  function setInert(el) {
    el.inert = true;
    made.push(el);
  }

  /* Everything outside the menu, except the quick exit and the theme's own
     checkboxes and overlay, which open and close things. */
  function outsideMenu() {
    for (var el = menu; el && el !== document.body; el = el.parentElement) {
      Array.prototype.forEach.call(el.parentElement.children, function (sib) {
        if (sib === el || sib.matches("script, input, .md-overlay, .quick-exit-nav")) return;
        setInert(sib);
      });
    }
  }

  /* The panel on screen is the deepest one whose checkbox is ticked. Items of
     the panels under it, and the panels above it, are off screen or covered. */
  function hiddenPanels() {
    var panel = root;
    for (;;) {
      var list = panel.querySelector(":scope > .md-nav__list");
      if (!list) return;
      var open = null;
      Array.prototype.forEach.call(list.children, function (item) {
        var toggle = item.querySelector(":scope > .md-nav__toggle");
        var sub = item.querySelector(":scope > .md-nav");
        if (toggle && toggle.checked && sub && !open) open = item;
      });
      if (!open) {
        /* Sub-panels slide in from the side; a page's own contents list, with
           no checkbox of its own, shows in place. */
        Array.prototype.forEach.call(list.querySelectorAll(":scope > .md-nav__item > .md-nav__toggle ~ .md-nav"), setInert);
        return;
      }
      Array.prototype.forEach.call(list.children, function (item) {
        if (item !== open) setInert(item);
      });
      Array.prototype.forEach.call(open.children, function (part) {
        if (!part.matches(".md-nav, .md-nav__toggle")) setInert(part);
      });
      var title = panel.querySelector(":scope > .md-nav__title");
      if (title) setInert(title);
      panel = open.querySelector(":scope > .md-nav");
    }
  }

  function update() {
    while (made.length) made.pop().inert = false;
    if (!drawer.checked) return;
    outsideMenu();
    hiddenPanels();
  }

  /* Panel titles ("back") and section arrows are labels for checkboxes. */
  Array.prototype.forEach.call(root.querySelectorAll("label[for^='__nav'], label[for='__toc']"), function (el) {
    el.tabIndex = 0;
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        /* The theme also clicks a focused label on Enter, from the document:
           once is enough. */
        event.preventDefault();
        event.stopPropagation();
        el.click();
      }
    });
  });

  function firstLink() {
    var links = root.querySelectorAll("a.md-nav__link[href], label[tabindex='0']");
    for (var i = 0; i < links.length; i++) {
      if (!links[i].closest("[inert]") && links[i].getClientRects().length) return links[i];
    }
    return null;
  }

  function show(open) {
    if (drawer.checked !== open) {
      drawer.checked = open;
      drawer.dispatchEvent(new Event("change", { bubbles: true }));
    }
    button.setAttribute("aria-expanded", String(open));
    update();
  }

  /* Without preventScroll the browser scrolls the menu sideways to a panel
     that is still sliding in, and leaves an empty strip on screen. */
  function focusFirst() {
    var link = firstLink();
    if (link) link.focus({ preventScroll: true });
  }

  button.addEventListener("click", function () {
    show(!drawer.checked);
    if (drawer.checked) focusFirst();
  });

  /* The theme's own labels (the overlay, the menu title, the panels) also
     open and close things. */
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches(".md-toggle")) return;
    button.setAttribute("aria-expanded", String(drawer.checked));
    update();
    /* Focus on a panel that has just slid away goes to the new panel. */
    if (drawer.checked && document.activeElement && document.activeElement.closest("[inert]")) {
      focusFirst();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) {
      show(false);
      button.focus();
    }
  });
})();
