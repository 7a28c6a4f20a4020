/* Quick exit: leave this site in one tap, or by pressing Shift three times.
 *
 * Without JavaScript the button is a plain link to a neutral page. With it,
 * the page is hidden at once and then replaced, so Back does not return to
 * it (earlier pages of this site stay in Back and in the browser's history).
 * Nothing is stored.
 *
 * Only three lone Shift presses in a row count: any other key, pressed alone
 * or with Shift, starts the count again (as GOV.UK's "Exit this page" does),
 * so typing capitals never leaves the page.
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
    for (var i = 0; i < document.forms.length; i++) document.forms[i].reset();
    document.documentElement.classList.add("quick-exit--leaving");
    document.title = "Loading";
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

  /* Any key other than Shift cancels the count, and marks a Shift press that
     is still held down as not lone. A new Shift press starts clean. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) otherKey = false;
      return;
    }
    otherKey = true;
    if (count) reset("");
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      if (count) reset("");
      return;
    }
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
