/* Quick exit: leave this site in one tap, or by pressing Shift three times.
 *
 * Without JavaScript the button is a plain link to a neutral page. With it,
 * the page is hidden at once and then replaced, so Back does not return to
 * it. Nothing is stored. Shift pressed with another key does not count.
 */
(function () {
  "use strict";

  var PRESSES = 3;
  var WINDOW_MS = 5000;
  var count = 0;
  var timer = null;
  var otherKey = false;

  function target() {
    var link = document.querySelector("a[data-quick-exit]");
    return link ? link.href : "about:blank";
  }

  function announce(text) {
    var status = document.querySelector("[data-quick-exit-status]");
    if (status) status.textContent = text;
  }

  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("quick-exit--leaving");
    document.title = "Loading";
    try {
      history.replaceState(null, "", location.pathname.replace(/[^/]*$/, ""));
    } catch (e) {
      /* file:// pages may not rewrite their own address; replace() still works. */
    }
    location.replace(target());
  }

  function reset(message) {
    count = 0;
    if (timer) clearTimeout(timer);
    timer = null;
    if (message) announce(message);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-quick-exit]");
    if (link) leave(event);
  });

  /* Any key other than Shift, pressed before Shift is let go, cancels the count. */
  document.addEventListener("keydown", function (event) {
    otherKey = event.key !== "Shift";
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    if (otherKey || event.ctrlKey || event.altKey || event.metaKey) {
      otherKey = false;
      reset("");
      return;
    }
    count += 1;
    if (timer) clearTimeout(timer);
    if (count >= PRESSES) {
      reset("");
      leave();
      return;
    }
    var left = PRESSES - count;
    announce("Shift, press " + left + (left === 1 ? " more time" : " more times") + " to exit.");
    timer = setTimeout(function () { reset("Exit this page expired."); }, WINDOW_MS);
  });

  /* If the browser brings this page back from its cache, show it again. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.documentElement.classList.remove("quick-exit--leaving");
  });
})();
